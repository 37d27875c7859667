package discord

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/notify/discord/discordtest"
)

func TestExecuteWebhook(t *testing.T) {
	ts := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	msg := WebhookMessage{
		Content:  "Spring drop is live! 🌸",
		Username: "Brand HQ",
		Embeds: []Embed{{
			Title: "Spring drop", Description: "20% commission this week", Color: 0xFF66AA, Timestamp: &ts,
			Fields: []EmbedField{{Name: "Products", Value: "Serum, Toner", Inline: true}},
			Footer: &EmbedFooter{Text: "creatorops"},
		}},
	}
	for _, wait := range []bool{false, true} {
		t.Run(map[bool]string{false: "no wait", true: "wait"}[wait], func(t *testing.T) {
			f := newFixture(t, nil)
			got, err := f.client.ExecuteWebhook(context.Background(), f.hookURL, msg, wait)
			if err != nil {
				t.Fatal(err)
			}
			if wait != (got != nil) || wait && (got.ID == "" || got.Content != msg.Content || got.WebhookID != "1200000000000000009") {
				t.Fatalf("message back = %+v", got)
			}
			posts := f.fake.Posts()
			if len(posts) != 1 {
				t.Fatalf("%d posts", len(posts))
			}
			p := posts[0]
			if p.Wait != wait || p.Content != msg.Content || p.Username != "Brand HQ" || !strings.HasPrefix(p.UserAgent, "DiscordBot (") {
				t.Errorf("post = %+v", p)
			}
			if len(p.Embeds) != 1 || p.Embeds[0]["title"] != "Spring drop" || p.Embeds[0]["color"] != float64(0xFF66AA) ||
				p.Embeds[0]["timestamp"] != "2025-03-04T05:06:07Z" {
				t.Errorf("embeds = %v", p.Embeds)
			}
			// With no AllowedMentions, nobody may be pinged.
			if am, _ := json.Marshal(p.AllowedMentions); string(am) != `{"parse":[]}` {
				t.Errorf("allowed_mentions = %s", am)
			}
		})
	}
}

func TestExecuteWebhookAllowedMentions(t *testing.T) {
	f := newFixture(t, nil)
	am := &AllowedMentions{Roles: []string{roleID}}
	if _, err := f.client.ExecuteWebhook(context.Background(), f.hookURL, WebhookMessage{Content: "<@&" + roleID + "> new brief", AllowedMentions: am}, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := json.Marshal(f.fake.Posts()[0].AllowedMentions); string(got) != `{"parse":[],"roles":["`+roleID+`"]}` {
		t.Errorf("allowed_mentions = %s", got)
	}
}

func TestWebhookRefused(t *testing.T) {
	tests := []struct {
		name   string
		url    func(f *fixture) string
		status int
		code   int
	}{
		{"wrong token", func(f *fixture) string { return strings.Replace(f.hookURL, webhookToken, "wrong-token", 1) }, 401, CodeInvalidWebhookToken},
		{"unknown webhook", func(f *fixture) string {
			return strings.Replace(f.hookURL, "1200000000000000009", "1200000000000000008", 1)
		}, 404, CodeUnknownWebhook},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			_, err := f.client.ExecuteWebhook(context.Background(), tt.url(f), WebhookMessage{Content: "hi"}, true)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Status != tt.status || apiErr.Code != tt.code || apiErr.Temporary() {
				t.Fatalf("err = %v; want %d code %d, not temporary", err, tt.status, tt.code)
			}
			if n := len(f.fake.Requests()); n != 1 {
				t.Errorf("a 4xx was retried: %d requests", n)
			}
			if !strings.Contains(err.Error(), "/api/webhooks/1200000000000000009/[redacted]") && tt.code == CodeInvalidWebhookToken {
				t.Errorf("error path not redacted as expected: %v", err)
			}
		})
	}
}

func TestWebhookURLChecked(t *testing.T) {
	tests := []struct{ name, url, want string }{
		{"plain http", "http://discord.example/api/webhooks/1/" + webhookToken, "only https"},
		{"not a webhook", "https://discord.com/api/channels/1/" + webhookToken, "/webhooks/{id}/{token}"},
		{"id not a number", "https://discord.com/api/webhooks/abc/" + webhookToken, "/webhooks/{id}/{token}"},
		{"no token", "https://discord.com/api/webhooks/1", "/webhooks/{id}/{token}"},
		{"garbage", "::" + webhookToken, "not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckWebhookURL(tt.url)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), webhookToken) {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
	for _, ok := range []string{
		"https://discord.com/api/webhooks/1234/" + webhookToken,
		"https://discord.com/api/v10/webhooks/1234/" + webhookToken + "?thread_id=99",
		"http://127.0.0.1:8080/api/webhooks/1234/tok",
	} {
		if err := CheckWebhookURL(ok); err != nil {
			t.Errorf("%s: %v", RedactWebhookURL(ok), err)
		}
	}
	if got := RedactWebhookURL("https://discord.com/api/webhooks/1234/" + webhookToken + "?wait=true"); got != "https://discord.com/api/webhooks/1234/[redacted]" {
		t.Errorf("RedactWebhookURL = %q", got)
	}
}

func TestMemberRoles(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	reason := "Tier up: Gold ✨ (50 sales, 100% on time)"
	if err := f.client.AddMemberRole(ctx, guildID, userID, roleID, reason); err != nil {
		t.Fatal(err)
	}
	if got := f.fake.MemberRoles(guildID, userID); len(got) != 1 || got[0] != roleID {
		t.Fatalf("roles after add = %v", got)
	}
	if err := f.client.AddMemberRole(ctx, guildID, userID, roleID, reason); err != nil {
		t.Fatalf("adding a role twice is fine on Discord: %v", err)
	}
	if err := f.client.RemoveMemberRole(ctx, guildID, userID, roleID, ""); err != nil {
		t.Fatal(err)
	}
	if got := f.fake.MemberRoles(guildID, userID); len(got) != 0 {
		t.Fatalf("roles after remove = %v", got)
	}
	changes := f.fake.RoleChanges()
	if len(changes) != 3 || changes[0] != (discordtest.RoleChange{Method: "PUT", GuildID: guildID, UserID: userID, RoleID: roleID, Reason: reason}) ||
		changes[2].Method != "DELETE" || changes[2].Reason != "" {
		t.Errorf("role changes = %+v", changes)
	}
}

func TestMemberRoleRefused(t *testing.T) {
	const other = "1999999999999999999"
	tests := []struct {
		name              string
		token             string
		guild, user, role string
		status, code      int
	}{
		{"unknown guild", botToken, other, userID, roleID, 404, CodeUnknownGuild},
		{"unknown role", botToken, guildID, userID, other, 404, CodeUnknownRole},
		{"not a member", botToken, guildID, other, roleID, 404, CodeUnknownMember},
		{"role above the bot", botToken, guildID, userID, "1100000000000000004", 403, CodeMissingPermissions},
		{"wrong bot token", "wrong", guildID, userID, roleID, 401, CodeGeneral},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.BotToken = tt.token })
			f.fake.AddProtectedRole(guildID, "1100000000000000004")
			err := f.client.AddMemberRole(context.Background(), tt.guild, tt.user, tt.role, "")
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Status != tt.status || apiErr.Code != tt.code || apiErr.Temporary() {
				t.Fatalf("err = %v; want %d code %d", err, tt.status, tt.code)
			}
			if len(f.fake.RoleChanges()) != 0 || len(f.fake.Requests()) != 1 {
				t.Errorf("changes %v, requests %d", f.fake.RoleChanges(), len(f.fake.Requests()))
			}
		})
	}
}

func TestBadInputSendsNothing(t *testing.T) {
	long := strings.Repeat("x", MaxContent+1)
	tests := []struct {
		name string
		call func(f *fixture) error
		want string
	}{
		{"no bot token", func(f *fixture) error {
			c, _ := New(Config{BaseURL: f.fake.BaseURL()})
			return c.AddMemberRole(context.Background(), guildID, userID, roleID, "")
		}, "no bot token"},
		{"id with a slash", func(f *fixture) error {
			return f.client.AddMemberRole(context.Background(), guildID, "1/../../x", roleID, "")
		}, "not a Discord id"},
		{"empty message", func(f *fixture) error {
			_, err := f.client.ExecuteWebhook(context.Background(), f.hookURL, WebhookMessage{}, false)
			return err
		}, "needs content"},
		{"content too long", func(f *fixture) error {
			_, err := f.client.SendDM(context.Background(), userID, MessageCreate{Content: long})
			return err
		}, "2001 characters"},
		{"too many embeds", func(f *fixture) error {
			_, err := f.client.ExecuteWebhook(context.Background(), f.hookURL, WebhookMessage{Embeds: make([]Embed, 11)}, false)
			return err
		}, "11 embeds"},
		{"embed field empty", func(f *fixture) error {
			_, err := f.client.ExecuteWebhook(context.Background(), f.hookURL, WebhookMessage{Embeds: []Embed{{Title: "t", Fields: []EmbedField{{Name: "n"}}}}}, false)
			return err
		}, "needs a name and a value"},
		{"embeds too long together", func(f *fixture) error {
			e := Embed{Description: strings.Repeat("d", MaxEmbedDescription)}
			_, err := f.client.ExecuteWebhook(context.Background(), f.hookURL, WebhookMessage{Embeds: []Embed{e, e}}, false)
			return err
		}, "8192 characters together"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			err := tt.call(f)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if n := len(f.fake.Requests()); n != 0 {
				t.Errorf("%d requests went out", n)
			}
		})
	}
}

func TestSendDM(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	for _, content := range []string{"Your sample shipped!", "Tracking: 1Z999"} {
		m, err := f.client.SendDM(ctx, userID, MessageCreate{Content: content})
		if err != nil {
			t.Fatal(err)
		}
		if m.ID == "" || m.Content != content {
			t.Errorf("message = %+v", m)
		}
	}
	dms := f.fake.DMs()
	if len(dms) != 2 || dms[0].UserID != userID || dms[0].Content != "Your sample shipped!" || dms[0].ChannelID != dms[1].ChannelID {
		t.Errorf("dms = %+v", dms)
	}
	if !strings.Contains(string(dms[0].Raw), `"allowed_mentions":{"parse":[]}`) {
		t.Errorf("a DM may ping: %s", dms[0].Raw)
	}
}

func TestSendDMRefused(t *testing.T) {
	const closed, unknown = "1100000000000000005", "1100000000000000006"
	tests := []struct {
		name         string
		user         string
		status, code int
	}{
		{"DMs closed", closed, 403, CodeCannotSendToUser},
		{"unknown user", unknown, 404, CodeUnknownUser},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.fake.CloseDMs(closed)
			_, err := f.client.SendDM(context.Background(), tt.user, MessageCreate{Content: "hi"})
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Status != tt.status || apiErr.Code != tt.code {
				t.Fatalf("err = %v; want %d code %d", err, tt.status, tt.code)
			}
			if len(f.fake.DMs()) != 0 {
				t.Error("a DM was recorded")
			}
		})
	}
	f := newFixture(t, nil)
	if _, err := f.client.SendMessage(context.Background(), "1100000000000000007", MessageCreate{Content: "hi"}); err == nil ||
		!strings.Contains(err.Error(), "code 10003 (Unknown Channel)") {
		t.Errorf("unknown channel: %v", err)
	}
}
