package tiktokim

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
)

const convPath = "/affiliate_seller/202412/conversations"

// rig is the fake platform and a channel for its shop.
type rig struct {
	srv *tiktokshoptest.Server
	ch  *Channel
}

func newRig(t *testing.T) *rig {
	t.Helper()
	srv := tiktokshoptest.New(t, tiktokshoptest.Options{Creators: 6})
	cl, err := tiktokshop.New(tiktokshop.Config{
		AppKey: srv.AppKey, AppSecret: srv.AppSecret, APIBaseURL: srv.URL, AuthBaseURL: srv.URL,
		Timeout: 5 * time.Second, Now: srv.Now,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	g := srv.Grant()
	shop := tiktokshop.ShopAuth{Cipher: g.ShopCipher, AccessToken: g.AccessToken}
	ch, err := New(Config{SenderKey: "tiktok:1", Now: srv.Now,
		Shop: func(context.Context) (*tiktokshop.Client, tiktokshop.ShopAuth, error) { return cl, shop, nil }})
	if err != nil {
		t.Fatal(err)
	}
	return &rig{srv: srv, ch: ch}
}

func (r *rig) creator(i int) string { return r.srv.Creators()[i].UserID }

func msg(key, to, body string) outreach.Outgoing {
	return outreach.Outgoing{IdempotencyKey: key, Channel: outreach.ChannelTikTokIM, SenderKey: "tiktok:1",
		To: outreach.Address{TikTokUserID: to}, Body: body}
}

func textOf(t *testing.T, m tiktokshoptest.Message) string {
	t.Helper()
	var c struct{ Content string }
	if err := json.Unmarshal([]byte(m.Content), &c); err != nil {
		t.Fatal(err)
	}
	return c.Content
}

func TestSend(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	to := r.creator(0)
	first, err := r.ch.Send(ctx, msg("o:1:0", to, "Hi Ana, want a sample?"))
	if err != nil {
		t.Fatal(err)
	}
	m := msg("o:1:1", to, "Following up")
	m.Card = &outreach.Card{Kind: outreach.CardFreeSample, ID: r.srv.Products()[0].ID}
	second, err := r.ch.Send(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	got := r.srv.Messages()
	if len(got) != 3 || textOf(t, got[0]) != "Hi Ana, want a sample?" || textOf(t, got[1]) != "Following up" || got[2].Type != "FREE_SAMPLE_CARD" {
		t.Fatalf("platform received %+v", got)
	}
	conv := got[0].ConversationID
	if first.ProviderID != conv+"/"+got[0].ID || second.ProviderID != conv+"/"+got[1].ID || first.At.IsZero() {
		t.Errorf("receipts %+v %+v, want conversation/message ids", first, second)
	}
	if n := r.srv.Calls(convPath); n != 1 {
		t.Errorf("conversation opened %d times, want once (cached)", n)
	}
}

// Each failure is classified so the engine retries, stops, suppresses or probes.
func TestSendFailures(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(r *rig) outreach.Outgoing
		retryable bool
		wait      bool // a RetryAfter hint
		ambiguous bool
		suppress  string
		sent      int // messages the platform holds afterwards
		delivered bool
	}{
		{name: "creator blocked the shop", setup: func(r *rig) outreach.Outgoing {
			r.srv.BlockCreator(r.creator(1))
			return msg("o:2:0", r.creator(1), "hello")
		}, suppress: outreach.SuppressBlocked},
		{name: "answer lost after the platform sent it", setup: func(r *rig) outreach.Outgoing {
			r.srv.LoseNextAnswers(1)
			return msg("o:3:0", r.creator(2), "hello there")
		}, ambiguous: true, sent: 1, delivered: true},
		{name: "5xx before the platform did anything", setup: func(r *rig) outreach.Outgoing {
			conv := "8" + r.creator(3)[1:]
			r.ch.cfg.Conversations.Remember("tiktok:1", r.creator(3), conv)
			r.srv.Fail(convPath+"/"+conv+"/messages", http.StatusInternalServerError, 1)
			return msg("o:4:0", r.creator(3), "hello")
		}, ambiguous: true},
		{name: "rate limited on every attempt", setup: func(r *rig) outreach.Outgoing {
			r.srv.Fail("", http.StatusTooManyRequests, 10)
			return msg("o:5:0", r.creator(4), "hello")
		}, retryable: true, wait: true},
		{name: "5xx opening the conversation", setup: func(r *rig) outreach.Outgoing {
			r.srv.Fail(convPath, http.StatusBadGateway, 10)
			return msg("o:6:0", r.creator(5), "hello")
		}, retryable: true},
		{name: "no TikTok user id", setup: func(r *rig) outreach.Outgoing {
			return msg("o:7:0", "", "hello")
		}},
		{name: "unknown card kind", setup: func(r *rig) outreach.Outgoing {
			m := msg("o:8:0", r.creator(0), "hello")
			m.Card = &outreach.Card{Kind: "coupon", ID: "1"}
			return m
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			m := tt.setup(r)
			_, err := r.ch.Send(context.Background(), m)
			if err == nil {
				t.Fatal("send succeeded")
			}
			if outreach.Retryable(err) != tt.retryable || outreach.Ambiguous(err) != tt.ambiguous || outreach.SuppressReason(err) != tt.suppress {
				t.Errorf("error %v: retryable %v ambiguous %v suppress %q; want %v %v %q", err,
					outreach.Retryable(err), outreach.Ambiguous(err), outreach.SuppressReason(err), tt.retryable, tt.ambiguous, tt.suppress)
			}
			if tt.wait && outreach.RetryAfter(err) <= 0 {
				t.Errorf("retryable error %v without a RetryAfter hint", err)
			}
			if n := len(r.srv.Messages()); n != tt.sent {
				t.Errorf("platform holds %d messages, want %d", n, tt.sent)
			}
			if !tt.ambiguous {
				return
			}
			rc, ok, err := r.ch.Delivered(context.Background(), m)
			if err != nil || ok != tt.delivered {
				t.Fatalf("Delivered = %v, %v; want %v", ok, err, tt.delivered)
			}
			if ok && (rc.ProviderID != r.srv.Messages()[0].ConversationID+"/"+r.srv.Messages()[0].ID || rc.At.IsZero()) {
				t.Errorf("probe receipt %+v", rc)
			}
		})
	}
}

// A probe after a crash (empty cache) reopens the conversation and finds the message; it
// ignores the creator's own words and messages older than the window.
func TestDeliveredAfterRestart(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	to := r.creator(0)
	if _, err := r.ch.Send(ctx, msg("o:1:0", to, "Old news")); err != nil {
		t.Fatal(err)
	}
	r.srv.Advance(72 * time.Hour)
	if _, err := r.ch.Send(ctx, msg("o:1:1", to, "Fresh news")); err != nil {
		t.Fatal(err)
	}
	r.srv.CreatorReplies(to, "Echo")
	r.ch.cfg.Conversations = NewConversations()
	tests := []struct {
		body string
		want bool
	}{{"Fresh news", true}, {"Old news", false}, {"Echo", false}, {"Never sent", false}}
	for _, tt := range tests {
		_, ok, err := r.ch.Delivered(ctx, msg("o:x", to, tt.body))
		if err != nil || ok != tt.want {
			t.Errorf("Delivered(%q) = %v, %v; want %v", tt.body, ok, err, tt.want)
		}
	}
	if _, err := New(Config{SenderKey: "email:1", Shop: r.ch.cfg.Shop}); err == nil || !strings.Contains(err.Error(), "tiktok:") {
		t.Errorf("New with an email sender key: %v", err)
	}
}
