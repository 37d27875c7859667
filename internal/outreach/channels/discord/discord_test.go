package discord

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	notifydiscord "github.com/creatorops/creatorops/internal/notify/discord"
	"github.com/creatorops/creatorops/internal/notify/discord/discordtest"
	"github.com/creatorops/creatorops/internal/outreach"
)

const (
	token   = "bot-token"
	creator = "1100000000000000002"
)

// loseAnswer forwards a message post, then reports that no answer came.
type loseAnswer struct{ lose bool }

func (l *loseAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && l.lose && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/messages") {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

func newChannel(t *testing.T, lose *loseAnswer) (*Channel, *discordtest.Server) {
	t.Helper()
	fake := discordtest.New(token)
	t.Cleanup(fake.Close)
	fake.AddUser(creator, "ana")
	cl, err := notifydiscord.New(notifydiscord.Config{BaseURL: fake.BaseURL(), BotToken: token, Timeout: 5 * time.Second,
		HTTPClient: &http.Client{Transport: lose}, MaxRetryDelay: time.Second,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := New(Config{SenderKey: "discord:1", Client: cl})
	if err != nil {
		t.Fatal(err)
	}
	return ch, fake
}

func dm(key, to, body string) outreach.Outgoing {
	return outreach.Outgoing{IdempotencyKey: key, Channel: outreach.ChannelDiscord, SenderKey: "discord:1",
		To: outreach.Address{DiscordUserID: to}, Body: body}
}

func TestSend(t *testing.T) {
	ch, fake := newChannel(t, &loseAnswer{})
	ctx := context.Background()
	for i, body := range []string{"Hi Ana!", "Following up"} {
		rc, err := ch.Send(ctx, dm("o:1:"+string(rune('0'+i)), creator, body))
		if err != nil {
			t.Fatal(err)
		}
		got := fake.DMs()
		if len(got) != i+1 || got[i].Content != body || got[i].UserID != creator || rc.ProviderID != got[i].ChannelID+"/"+got[i].MessageID {
			t.Fatalf("DMs %+v, receipt %+v", got, rc)
		}
	}
	opened := 0
	for _, r := range fake.Requests() {
		if r.Path == "/api/v10/users/@me/channels" {
			opened++
		}
	}
	if opened != 1 {
		t.Errorf("DM channel opened %d times, want once (cached)", opened)
	}
	if _, ok, err := ch.Delivered(ctx, dm("o:1:1", creator, "Following up")); !ok || err != nil {
		t.Errorf("Delivered(sent) = %v, %v", ok, err)
	}
	fake.UserReplies(creator, "Echo")
	if _, ok, err := ch.Delivered(ctx, dm("o:1:2", creator, "Echo")); ok || err != nil {
		t.Errorf("Delivered(the creator's own words) = %v, %v; want false", ok, err)
	}
}

func TestSendFailures(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(ch *Channel, fake *discordtest.Server, lose *loseAnswer) outreach.Outgoing
		retryable bool
		ambiguous bool
		suppress  string
		delivered bool
	}{
		{name: "DMs closed", setup: func(_ *Channel, fake *discordtest.Server, _ *loseAnswer) outreach.Outgoing {
			fake.CloseDMs(creator)
			return dm("o:2:0", creator, "hi")
		}, suppress: outreach.SuppressClosedDMs},
		{name: "unknown user", setup: func(*Channel, *discordtest.Server, *loseAnswer) outreach.Outgoing {
			return dm("o:3:0", "1100000000000000999", "hi")
		}},
		{name: "no linked Discord", setup: func(*Channel, *discordtest.Server, *loseAnswer) outreach.Outgoing {
			return dm("o:4:0", "", "hi")
		}},
		{name: "over 2000 characters", setup: func(*Channel, *discordtest.Server, *loseAnswer) outreach.Outgoing {
			return dm("o:5:0", creator, strings.Repeat("x", 2001))
		}},
		{name: "rate limited for minutes", setup: func(_ *Channel, fake *discordtest.Server, _ *loseAnswer) outreach.Outgoing {
			fake.RateLimitNext(discordtest.RateLimit{Times: 1, RetryAfter: 5 * time.Minute, Global: true})
			return dm("o:6:0", creator, "hi")
		}, retryable: true},
		{name: "5xx opening the DM", setup: func(_ *Channel, fake *discordtest.Server, _ *loseAnswer) outreach.Outgoing {
			fake.FailNext(4, http.StatusServiceUnavailable)
			return dm("o:7:0", creator, "hi")
		}, retryable: true},
		{name: "5xx on the message", setup: func(ch *Channel, fake *discordtest.Server, _ *loseAnswer) outreach.Outgoing {
			if _, err := ch.dm(context.Background(), creator); err != nil {
				panic(err)
			}
			fake.FailNext(1, http.StatusInternalServerError) // not retried: the post may have gone through
			return dm("o:8:0", creator, "hi")
		}, ambiguous: true},
		{name: "answer lost after posting", setup: func(ch *Channel, _ *discordtest.Server, lose *loseAnswer) outreach.Outgoing {
			lose.lose = true
			return dm("o:9:0", creator, "hello there")
		}, ambiguous: true, delivered: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lose := &loseAnswer{}
			ch, fake := newChannel(t, lose)
			m := tt.setup(ch, fake, lose)
			_, err := ch.Send(context.Background(), m)
			if err == nil {
				t.Fatal("send succeeded")
			}
			if outreach.Retryable(err) != tt.retryable || outreach.Ambiguous(err) != tt.ambiguous || outreach.SuppressReason(err) != tt.suppress {
				t.Errorf("error %v: retryable %v ambiguous %v suppress %q; want %v %v %q", err,
					outreach.Retryable(err), outreach.Ambiguous(err), outreach.SuppressReason(err), tt.retryable, tt.ambiguous, tt.suppress)
			}
			if tt.retryable && outreach.RetryAfter(err) <= 0 {
				t.Errorf("no RetryAfter hint on %v", err)
			}
			if !tt.ambiguous {
				return
			}
			if _, ok, err := ch.Delivered(context.Background(), m); ok != tt.delivered || err != nil {
				t.Errorf("Delivered = %v, %v; want %v", ok, err, tt.delivered)
			}
			if n := len(fake.DMs()); n != map[bool]int{true: 1, false: 0}[tt.delivered] {
				t.Errorf("%d DMs posted", n)
			}
		})
	}
}
