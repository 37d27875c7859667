package discord

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/notify/discord/discordtest"
)

const (
	botToken     = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.s3cr3t-bot-token"
	webhookToken = "wh-s3cr3t-token_abcdefABCDEF0123456789"
	guildID      = "1100000000000000001"
	userID       = "1100000000000000002"
	roleID       = "1100000000000000003"
)

// sleeps records the waits a client asked for, without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// fixture is a fake with one guild, role, member, user and webhook, and a client for it.
type fixture struct {
	fake    *discordtest.Server
	client  *Client
	hookURL string
	sleeps  *sleeps
	logs    *bytes.Buffer
}

func newFixture(t *testing.T, edit func(*Config)) *fixture {
	t.Helper()
	fake := discordtest.New(botToken)
	t.Cleanup(fake.Close)
	fake.AddGuild(guildID)
	fake.AddRole(guildID, roleID)
	fake.AddMember(guildID, userID)
	f := &fixture{fake: fake, sleeps: &sleeps{}, logs: &bytes.Buffer{}}
	f.hookURL = fake.AddWebhook("1200000000000000009", webhookToken)
	cfg := Config{
		BaseURL: fake.BaseURL(), BotToken: botToken, Sleep: f.sleeps.sleep, Timeout: 5 * time.Second,
		Logger: slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.client = c
	return f
}
