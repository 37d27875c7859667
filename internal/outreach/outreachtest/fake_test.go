package outreachtest

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/creatorops/creatorops/internal/outreach"
)

func out(key, to string) outreach.Outgoing {
	return outreach.Outgoing{IdempotencyKey: key, Channel: outreach.ChannelEmail, SenderKey: "fake:1",
		To: outreach.Address{Email: to}, Subject: "Hi", Body: "Hello " + to, Card: &outreach.Card{Kind: "product", ID: "9"}}
}

// channels runs a test on the in-process fake and on the same fake behind its HTTP server.
func channels(t *testing.T, run func(t *testing.T, f *Fake, ch interface {
	outreach.Channel
	outreach.Prober
})) {
	t.Run("in-process", func(t *testing.T) {
		f := NewFake()
		run(t, f, f)
	})
	t.Run("http", func(t *testing.T) {
		f := NewFake()
		srv := httptest.NewServer(NewServer(f))
		t.Cleanup(srv.Close)
		hc, err := NewHTTPChannel(srv.URL, outreach.ChannelEmail)
		if err != nil {
			t.Fatal(err)
		}
		run(t, f, hc)
	})
}

func TestFakeCountsEveryDelivery(t *testing.T) {
	channels(t, func(t *testing.T, f *Fake, ch interface {
		outreach.Channel
		outreach.Prober
	}) {
		ctx := context.Background()
		for _, k := range []string{"o:1:0", "o:2:0", "o:1:0"} {
			if _, err := ch.Send(ctx, out(k, "a@example.com")); err != nil {
				t.Fatal(err)
			}
		}
		if f.Count("o:1:0") != 2 || f.Count("o:2:0") != 1 || f.Total() != 3 || !slices.Equal(f.Duplicates(), []string{"o:1:0"}) {
			t.Errorf("counts %v, total %d, duplicates %v", f.Counts(), f.Total(), f.Duplicates())
		}
		d := f.Deliveries()[1]
		if d.Key != "o:2:0" || d.To.Email != "a@example.com" || d.Subject != "Hi" || d.Card == nil || d.Card.ID != "9" || d.SenderKey != "fake:1" {
			t.Errorf("delivery %+v", d)
		}
		rc, ok, err := ch.Delivered(ctx, out("o:1:0", ""))
		if err != nil || !ok || rc.ProviderID != "fake-1" {
			t.Errorf("Delivered(o:1:0) = %+v %v %v", rc, ok, err)
		}
		if _, ok, err := ch.Delivered(ctx, out("o:9:0", "")); ok || err != nil {
			t.Errorf("Delivered(o:9:0) = %v %v, want false", ok, err)
		}
	})
}

func TestFakeInjectedFailures(t *testing.T) {
	tests := []struct {
		name      string
		inject    Injection
		to        string
		retryable bool
		ambiguous bool
		suppress  string
		delivered bool
	}{
		{name: "fail the next", inject: Injection{FailNth: 1}, retryable: true},
		{name: "lose the answer", inject: Injection{LoseNth: 1}, ambiguous: true, delivered: true},
		{name: "bouncing address", inject: Injection{FailAddress: "gone@example.com", Suppress: outreach.SuppressBounced}, to: "gone@example.com", suppress: outreach.SuppressBounced},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			channels(t, func(t *testing.T, f *Fake, ch interface {
				outreach.Channel
				outreach.Prober
			}) {
				ctx := context.Background()
				if hc, ok := ch.(*HTTPChannel); ok {
					if err := hc.Inject(ctx, tt.inject); err != nil {
						t.Fatal(err)
					}
				} else {
					if tt.inject.FailNth > 0 {
						f.FailNth(tt.inject.FailNth, nil)
					}
					if tt.inject.LoseNth > 0 {
						f.LoseAnswerNth(tt.inject.LoseNth)
					}
					if tt.inject.FailAddress != "" {
						f.FailAddress(tt.inject.FailAddress, tt.inject.Suppress)
					}
				}
				to := tt.to
				if to == "" {
					to = "b@example.com"
				}
				_, err := ch.Send(ctx, out("o:5:1", to))
				if err == nil || outreach.Retryable(err) != tt.retryable || outreach.Ambiguous(err) != tt.ambiguous || outreach.SuppressReason(err) != tt.suppress {
					t.Fatalf("error %v: retryable %v ambiguous %v suppress %q", err, outreach.Retryable(err), outreach.Ambiguous(err), outreach.SuppressReason(err))
				}
				if _, ok, _ := ch.Delivered(ctx, out("o:5:1", "")); ok != tt.delivered {
					t.Errorf("Delivered = %v, want %v", ok, tt.delivered)
				}
				// The failure was for one call or one address: the next send to another goes out.
				if _, err := ch.Send(ctx, out("o:6:1", "c@example.com")); err != nil {
					t.Errorf("next send: %v", err)
				}
			})
		})
	}
}

// A server that does not answer leaves the outcome unknown; counts come back over HTTP.
func TestHTTPChannelServerGone(t *testing.T) {
	f := NewFake()
	srv := httptest.NewServer(NewServer(f))
	hc, _ := NewHTTPChannel(srv.URL, "")
	ctx := context.Background()
	if _, err := hc.Send(ctx, out("o:1:0", "a@example.com")); err != nil {
		t.Fatal(err)
	}
	counts, total, err := hc.Counts(ctx)
	if err != nil || total != 1 || counts["o:1:0"] != 1 {
		t.Fatalf("counts %v total %d err %v", counts, total, err)
	}
	srv.Close()
	_, err = hc.Send(ctx, out("o:2:0", "a@example.com"))
	if !outreach.Ambiguous(err) || outreach.Retryable(err) {
		t.Errorf("send to a closed server: %v, want ambiguous", err)
	}
	if _, err := NewHTTPChannel("ftp://x", ""); err == nil {
		t.Error("ftp URL accepted")
	}
}
