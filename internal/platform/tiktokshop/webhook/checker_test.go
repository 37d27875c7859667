package webhook

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// delivery builds a signed type 1 body with the given id and timestamp.
func delivery(id string, ts time.Time) (string, []byte) {
	body := fmt.Appendf(nil, `{"type":1,"tts_notification_id":%q,"shop_id":"s1","timestamp":%d,"data":{"order_id":"o1","order_status":"DELIVERED","update_time":%d}}`, id, ts.Unix(), ts.Unix())
	return Sign(testKey, testSecret, body), body
}

func TestChecker(t *testing.T) {
	now := time.Date(2026, 9, 30, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	goodSig, goodBody := delivery("n-good", now.Add(-time.Minute))
	staleSig, staleBody := delivery("n-stale", now.Add(-DefaultWindow-time.Second))
	edgeSig, edgeBody := delivery("n-edge", now.Add(-DefaultWindow))
	futureSig, futureBody := delivery("n-future", now.Add(DefaultSkew+time.Second))
	skewSig, skewBody := delivery("n-skew", now.Add(30*time.Second))
	tamperedBody := []byte(strings.Replace(string(goodBody), "DELIVERED", "CANCELLED", 1))
	badJSONBody := []byte(`{"type":1,`)

	tests := []struct {
		name string
		sig  string
		body []byte
		want error // nil for accepted
	}{
		{"good delivery accepted", goodSig, goodBody, nil},
		{"same delivery again is a replay", goodSig, goodBody, ErrReplay},
		{"wrong signature", strings.Repeat("ab", 32), goodBody, ErrBadSignature},
		{"tampered body", goodSig, tamperedBody, ErrBadSignature},
		{"signed with another app's key", Sign("otherkey", testSecret, goodBody), goodBody, ErrBadSignature},
		{"signed with another secret", Sign(testKey, "othersecret", goodBody), goodBody, ErrBadSignature},
		{"stale timestamp", staleSig, staleBody, ErrStale},
		{"exactly the window old", edgeSig, edgeBody, nil},
		{"from the future beyond the skew", futureSig, futureBody, ErrFuture},
		{"slightly ahead within the skew", skewSig, skewBody, nil},
		{"signed but malformed", Sign(testKey, testSecret, badJSONBody), badJSONBody, ErrMalformed},
	}
	seen := &MemorySeen{Now: clock}
	c := &Checker{AppKey: testKey, AppSecret: testSecret, Seen: seen, Now: clock}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := c.Check(context.Background(), tt.sig, tt.body)
			if tt.want == nil {
				if err != nil || e == nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	// Refused deliveries never enter the seen set: only the three accepted ids are there.
	if n := seen.Len(); n != 3 {
		t.Fatalf("seen set holds %d ids, want 3", n)
	}
}

func TestCheckerConfiguredWindow(t *testing.T) {
	now := time.Date(2026, 9, 30, 12, 0, 0, 0, time.UTC)
	sig, body := delivery("n1", now.Add(-10*time.Minute))
	c := &Checker{AppKey: testKey, AppSecret: testSecret, Seen: &MemorySeen{}, Now: func() time.Time { return now }}
	if _, err := c.Check(context.Background(), sig, body); !errors.Is(err, ErrStale) {
		t.Fatalf("default window: err = %v, want ErrStale", err)
	}
	c.Window = 15 * time.Minute
	if _, err := c.Check(context.Background(), sig, body); err != nil {
		t.Fatalf("15 minute window: %v", err)
	}
}

// failingSeen stands for a database that is down.
type failingSeen struct{}

func (failingSeen) Seen(context.Context, *Event) (bool, error) {
	return false, errors.New("database is locked")
}

func TestCheckerSeenFailure(t *testing.T) {
	now := time.Now()
	sig, body := delivery("n1", now)
	c := &Checker{AppKey: testKey, AppSecret: testSecret, Seen: failingSeen{}}
	_, err := c.Check(context.Background(), sig, body)
	if err == nil || errors.Is(err, ErrReplay) || !strings.Contains(err.Error(), "database is locked") {
		t.Fatalf("err = %v, want the store's error, not a replay", err)
	}
	if _, err := (&Checker{}).Check(context.Background(), sig, body); err == nil {
		t.Fatal("a Checker without a Seen set accepted a delivery")
	}
}

func TestMemorySeenForgetsOldIDs(t *testing.T) {
	now := time.Date(2026, 9, 30, 12, 0, 0, 0, time.UTC)
	m := &MemorySeen{TTL: time.Minute, Now: func() time.Time { return now }}
	ctx := context.Background()
	for i := range 100 {
		if dup, _ := m.Seen(ctx, &Event{NotificationID: fmt.Sprint("old", i), Timestamp: now.Add(-time.Hour)}); dup {
			t.Fatalf("old%d reported as seen", i)
		}
	}
	for i := range 200 {
		if dup, _ := m.Seen(ctx, &Event{NotificationID: fmt.Sprint("new", i), Timestamp: now}); dup {
			t.Fatalf("new%d reported as seen", i)
		}
	}
	if dup, _ := m.Seen(ctx, &Event{NotificationID: "new7", Timestamp: now}); !dup {
		t.Fatal("a fresh id was forgotten")
	}
	if n := m.Len(); n >= 300 {
		t.Fatalf("old ids were never pruned: %d remembered", n)
	}
}
