package inbound

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	notifydiscord "github.com/creatorops/creatorops/internal/notify/discord"
	notifyemail "github.com/creatorops/creatorops/internal/notify/email"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
)

// JobKind is the job that polls every mailbox with IMAP settings and the Discord DM channels
// of recent recipients; one chain for the installation, so however many servers run, each
// mailbox is read by one of them at a time.
const JobKind = "outreach.inbound"

// Every is how often replies are polled: a reply stops its sequence within about a minute.
const Every = time.Minute

// discordWindow is how far back the bot's recipients are read: a reply after a month of
// silence no longer stops anything (sequences are over by then).
const discordWindow = 30 * 24 * time.Hour

// Service runs the pollers against the store.
type Service struct {
	Store *store.Store
	Keys  *secrets.Keyring // opens the mailboxes' IMAP passwords
	// Discord returns the bot's client, or nil when no bot token is configured.
	Discord func() (*notifydiscord.Client, error)
	Logger  *slog.Logger
}

// Register adds the polling job to the runner.
func (sv *Service) Register(r *jobs.Runner) {
	r.Every(JobKind, Every, sv.Poll)
}

// Poll reads every mailbox and Discord DM channel once. A mailbox that fails is logged and
// skipped (its cursor keeps its place); the error names every source that failed.
func (sv *Service) Poll(ctx context.Context) error {
	var errs []error
	mbs, err := sv.Store.AllMailboxes(ctx)
	if err != nil {
		return err
	}
	for _, m := range mbs {
		if m.IMAPHost == "" || m.Paused {
			continue
		}
		p, err := sv.imapPoller(m)
		if err == nil {
			var res Result
			res, err = p.Poll(ctx)
			if res.Messages > 0 {
				sv.log().Info("outreach: mailbox read", "mailbox", m.ID, "messages", res.Messages, "replies", res.Replies, "bounces", res.Bounces)
			}
		}
		if err != nil {
			sv.log().Warn("outreach: unable to read a mailbox's replies", "mailbox", m.ID, "workspace", m.WorkspaceID, "err", err)
			errs = append(errs, fmt.Errorf("mailbox %d (%s): %w", m.ID, m.FromAddress, err))
		}
	}
	if err := sv.pollDiscord(ctx); err != nil {
		errs = append(errs, err)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	// A broken mailbox must not hold the others back: the chain goes on every minute, and
	// the failures are in the log and the job's last error.
	if len(errs) > 0 {
		sv.log().Warn("outreach: reply polling had failures", "err", errors.Join(errs...))
	}
	return nil
}

func (sv *Service) imapPoller(m *store.Mailbox) (*IMAPPoller, error) {
	password := ""
	if m.IMAPPasswordSealed != "" {
		p, err := sv.Keys.Open(m.IMAPPasswordSealed, store.MailboxPasswordAD(m.ID, "imap"))
		if err != nil {
			return nil, fmt.Errorf("unable to open its IMAP password: %w", err)
		}
		password = string(p)
	}
	mode, err := notifyemail.ParseTLSMode(m.IMAPSecurity)
	if err != nil {
		return nil, err
	}
	return &IMAPPoller{WorkspaceID: m.WorkspaceID, MailboxID: m.ID, Own: []string{m.FromAddress},
		Config:  IMAPConfig{Host: m.IMAPHost, Port: m.IMAPPort, TLS: mode, Username: m.IMAPUsername, Password: password},
		Replies: StoreReplies{Store: sv.Store}, Cursor: storeCursor{sv.Store}, Logger: sv.log()}, nil
}

func (sv *Service) pollDiscord(ctx context.Context) error {
	if sv.Discord == nil {
		return nil
	}
	cl, err := sv.Discord()
	if err != nil || cl == nil {
		return err
	}
	byWS, err := sv.Store.DiscordRecipients(ctx, time.Now().Add(-discordWindow))
	if err != nil {
		return err
	}
	var errs []error
	for ws, users := range byWS {
		p := &DiscordPoller{WorkspaceID: ws, Client: cl, Replies: StoreReplies{Store: sv.Store}, Cursor: storeCursor{sv.Store},
			Recipients: func(context.Context) ([]string, error) { return users, nil }}
		if _, err := p.Poll(ctx); err != nil {
			errs = append(errs, fmt.Errorf("discord replies of workspace %d: %w", ws, err))
		}
	}
	return errors.Join(errs...)
}

func (sv *Service) log() *slog.Logger {
	if sv.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return sv.Logger
}

// StoreReplies records what the pollers find in the store: a reply moves the creator's last
// reply (which stops stop-on-reply sequences and cancels their unsent messages), a bounce
// suppresses the address for the workspace.
type StoreReplies struct{ Store *store.Store }

// replyActor is who the audit log names for replies and bounces found by polling.
var replyActor = store.Actor{Label: "reply polling"}

// RecordReply implements Replies.
func (r StoreReplies) RecordReply(ctx context.Context, workspaceID int64, channel, address string, at time.Time, summary string) error {
	var err error
	switch channel {
	case "email":
		_, _, err = r.Store.RecordCreatorEmailReply(ctx, replyActor, workspaceID, address, at, summary)
	case "discord":
		_, _, err = r.Store.RecordCreatorDiscordReply(ctx, replyActor, workspaceID, address, at, summary)
	default:
		return fmt.Errorf("inbound: replies on %q are not recorded here", channel)
	}
	if errors.Is(err, store.ErrNotFound) {
		return ErrNoCreator
	}
	return err
}

// Bounce implements Replies.
func (r StoreReplies) Bounce(ctx context.Context, workspaceID int64, address, reason string) error {
	// An address suppressed already keeps its entry: AddSuppression changes nothing then.
	return r.Store.AddSuppression(ctx, replyActor, &store.Suppression{WorkspaceID: workspaceID, Scope: store.ScopeWorkspace,
		Kind: store.SuppressEmail, Value: address, Reason: "bounced", Note: reason})
}

// storeCursor keeps the pollers' positions in outreach_cursors.
type storeCursor struct{ s *store.Store }

func (c storeCursor) Load(ctx context.Context, key string) (string, error) {
	return c.s.OutreachCursor(ctx, key)
}
func (c storeCursor) Save(ctx context.Context, key, value string) error {
	return c.s.SaveOutreachCursor(ctx, key, value)
}
