package shopee

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/platform/shopee/shopeetest"
)

// clock is a settable time shared by a client and a fake, so token expiry is tested
// without waiting.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 10, 2, 9, 30, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// sleeps records the waits a client asked for instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) All() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// fixture is a fake, a client configured against it, and their shared clock.
type fixture struct {
	fake   *shopeetest.Server
	client *Client
	clock  *clock
	sleeps *sleeps
}

func newFixture(t *testing.T, mod func(*Config)) *fixture {
	t.Helper()
	clk := newClock()
	fake := shopeetest.New(shopeetest.Config{Now: clk.Now})
	t.Cleanup(fake.Close)
	fc := fake.Config()
	sl := &sleeps{}
	cfg := Config{PartnerID: fc.PartnerID, PartnerKey: fc.PartnerKey, BaseURL: fake.URL, Now: clk.Now, Sleep: sl.Sleep}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{fake: fake, client: c, clock: clk, sleeps: sl}
}

// shop is the fake's shop with fresh tokens, read as an Indonesian shop.
func (f *fixture) shop() Shop {
	id := f.fake.Config().ShopID
	access, _ := f.fake.IssueToken(id)
	m, _ := LookupMarket("ID")
	return Shop{ID: id, AccessToken: access, Currency: m.Currency, Location: m.Location}
}

// fullWindow covers every generated order.
func (f *fixture) fullWindow() ReportQuery {
	e := f.fake.Config().Epoch
	return ReportQuery{PlacedFrom: e, PlacedTo: e.Add(30*24*time.Hour - time.Second)}
}
