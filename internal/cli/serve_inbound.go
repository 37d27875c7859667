package cli

import (
	"os"
	"strings"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/jobs"
	notifydiscord "github.com/creatorops/creatorops/internal/notify/discord"
	"github.com/creatorops/creatorops/internal/outreach/inbound"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
)

// registerInbound adds the reply polling job (outreach.inbound): every mailbox with IMAP
// settings, and the Discord DM channels of the bot's recent recipients, once a minute. TikTok
// replies come by webhook instead.
func (a *app) registerInbound(r *jobs.Runner, s *store.Store, svc *connect.Service) {
	var keys *secrets.Keyring
	if svc != nil {
		keys = svc.Keys
	}
	(&inbound.Service{Store: s, Keys: keys, Logger: a.log, Discord: func() (*notifydiscord.Client, error) {
		token := strings.TrimSpace(os.Getenv(DiscordTokenEnv))
		if token == "" {
			return nil, nil
		}
		return notifydiscord.New(notifydiscord.Config{BotToken: token})
	}}).Register(r)
}
