package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/jobs"
	notifydiscord "github.com/creatorops/creatorops/internal/notify/discord"
	notifyemail "github.com/creatorops/creatorops/internal/notify/email"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/channels"
	discordch "github.com/creatorops/creatorops/internal/outreach/channels/discord"
	emailch "github.com/creatorops/creatorops/internal/outreach/channels/email"
	"github.com/creatorops/creatorops/internal/outreach/channels/tiktokim"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/web"
)

// DiscordTokenEnv holds the Discord bot token discord steps send with (a secret: never a flag).
const DiscordTokenEnv = "CREATOROPS_DISCORD_BOT_TOKEN"

// outreachFlags are serve's options for the outreach engine.
type outreachFlags struct {
	enabled bool
	workers int
	lease   time.Duration
}

func (f *outreachFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.BoolVar(&f.enabled, "outreach", true, "run the outreach engine on this server (sequences send; several servers share the work)")
	fl.IntVar(&f.workers, "outreach-workers", 16, "outreach messages this server sends at once")
	// How long a message may stay claimed by a server that died before another server settles
	// it (asks the channel, or marks it unknown): the crash test shortens it.
	fl.DurationVar(&f.lease, "outreach-lease", 2*time.Minute, "how long a server holds a message it sends before another may settle it")
}

// startOutreach runs the outreach engine until ctx ends (unless --outreach=false) and returns
// the function that waits for it to stop. A failure to start is logged, not fatal: the rest
// of the server works without outreach.
func (a *app) startOutreach(ctx context.Context, s *store.Store, svc *connect.Service, publicURL string, f outreachFlags) (wait func()) {
	if !f.enabled {
		a.log.Info("outreach: the engine is off on this server (--outreach=false)")
		return func() {}
	}
	if f.workers < 1 {
		f.workers = 1
	}
	var keys *secrets.Keyring
	if svc != nil {
		keys = svc.Keys
	}
	host, _ := os.Hostname()
	e := &outreach.Engine{Store: s, Resolver: outreachResolver(s, svc, keys), Logger: a.log, SendConcurrency: f.workers, Lease: f.lease,
		Worker: fmt.Sprintf("%s-%d-outreach", host, os.Getpid()), BaseURL: strings.TrimRight(publicURL, "/"), ViewQuery: web.DirectoryViewQuery}
	if ks := keys.DeriveKeys(outreach.UnsubscribeKeyLabel); len(ks) > 0 {
		e.UnsubscribeKey = ks[0]
	}
	if len(e.UnsubscribeKey) == 0 || e.BaseURL == "" {
		a.log.Warn("outreach: emails go out without an unsubscribe link until an encryption key and --public-url are set", "env", secrets.KeyEnv)
	}
	if channels.FakeURLFromEnv() != "" {
		a.log.Warn("outreach: every message goes to the fake channel (test hook)", "env", channels.FakeURLEnv, "url", channels.FakeURLFromEnv())
	}
	// Stopping the engine when serve returns for another reason than ctx (the address was
	// taken) keeps the wait from hanging.
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := e.Run(ctx); err != nil {
			a.log.Error("outreach: the engine stopped", "err", err)
		}
	}()
	return func() { cancel(); <-done }
}

// registerOutreachRules adds the outreach.rules job (rule enrollment) to the job runner.
func (a *app) registerOutreachRules(r *jobs.Runner, s *store.Store) {
	outreach.RegisterRules(r, &outreach.Engine{Store: s, Logger: a.log, ViewQuery: web.DirectoryViewQuery}, a.log)
}

// outreachResolver builds channels from the store's senders: TikTok Shop IM through the
// connection's client, email through the mailbox's SMTP settings (password opened with the
// keyring), Discord through the bot of DiscordTokenEnv. With the fake channel's URL set (a
// test hook), every sender delivers to the fake instead, under its channel's name.
func outreachResolver(s *store.Store, svc *connect.Service, keys *secrets.Keyring) outreach.Resolver {
	convs := tiktokim.NewConversations()
	r := &channels.Resolver{
		TikTok: func(ctx context.Context, ws, connID int64) (outreach.Channel, error) {
			if svc == nil || !svc.Configured() {
				return nil, fmt.Errorf("no TikTok Shop app is configured on this server")
			}
			conn, err := s.Connection(ctx, ws, connID)
			if err != nil {
				return nil, err
			}
			return tiktokim.New(tiktokim.Config{SenderKey: fmt.Sprintf("tiktok:%d", connID), Conversations: convs,
				Shop: func(ctx context.Context) (*tiktokshop.Client, tiktokshop.ShopAuth, error) {
					cl, tok, err := svc.Client(ctx, conn)
					return cl, tiktokshop.ShopAuth{Cipher: conn.ShopCipher, AccessToken: tok}, err
				}})
		},
		Email: func(ctx context.Context, ws, id int64) (outreach.Channel, error) {
			m, err := s.Mailbox(ctx, ws, id)
			if err != nil {
				return nil, err
			}
			password := ""
			if m.SMTPPasswordSealed != "" {
				p, err := keys.Open(m.SMTPPasswordSealed, store.MailboxPasswordAD(m.ID, "smtp"))
				if err != nil {
					return nil, fmt.Errorf("mailbox %q: unable to open its SMTP password: %w", m.Name, err)
				}
				password = string(p)
			}
			sender, err := notifyemail.New(notifyemail.Config{Host: m.SMTPHost, Port: m.SMTPPort, Username: m.SMTPUsername, Password: password,
				TLS: notifyemail.TLSMode(m.SMTPSecurity), From: m.FromAddress, FromName: m.FromName})
			if err != nil {
				return nil, err
			}
			_, domain, _ := strings.Cut(m.FromAddress, "@")
			return emailch.New(emailch.Config{SenderKey: fmt.Sprintf("email:%d", id), Sender: sender, Domain: domain})
		},
		Discord: func(ctx context.Context, ws int64) (outreach.Channel, error) {
			token := strings.TrimSpace(os.Getenv(DiscordTokenEnv))
			if token == "" {
				return nil, fmt.Errorf("no Discord bot token: set %s", DiscordTokenEnv)
			}
			cl, err := notifydiscord.New(notifydiscord.Config{BotToken: token})
			if err != nil {
				return nil, err
			}
			return discordch.New(discordch.Config{SenderKey: fmt.Sprintf("discord:%d", ws), Client: cl})
		},
		FakeURL: channels.FakeURLFromEnv(),
	}
	if r.FakeURL == "" {
		return r
	}
	return &fakeAll{r: r}
}

// fakeAll sends every sender's messages to the fake channel, keeping them apart by channel
// (fake:tiktok_im, fake:email, fake:discord): quotas still count on the real sender keys.
type fakeAll struct{ r *channels.Resolver }

func (f *fakeAll) Channel(ctx context.Context, ws int64, key string) (outreach.Channel, error) {
	kind, _, _ := strings.Cut(key, ":")
	name := map[string]outreach.ChannelName{"tiktok": outreach.ChannelTikTokIM, "email": outreach.ChannelEmail, "discord": outreach.ChannelDiscord}[kind]
	if name == "" {
		return f.r.Channel(ctx, ws, key)
	}
	return f.r.Channel(ctx, ws, "fake:"+string(name))
}
