// Package outreachtest has a fake outreach channel for engine tests, the crash test and the
// benchmark: in-process (Fake) and over HTTP (NewServer, HTTPChannel), so a creatorops
// process that is killed mid-run can still be asked, afterwards, how many times each
// idempotency key was delivered.
package outreachtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/outreach"
)

// Delivery is one message the fake accepted. Duplicates are kept: a key delivered twice has
// two Deliveries.
type Delivery struct {
	Key         string
	WorkspaceID int64
	CreatorID   int64
	OutboxID    int64
	Channel     outreach.ChannelName
	SenderKey   string
	To          outreach.Address
	Subject     string
	Body        string
	Card        *outreach.Card
	ProviderID  string
	At          time.Time
}

// Fake is an in-process channel that counts deliveries per idempotency key. It implements
// outreach.Channel and outreach.Prober and is safe for concurrent use.
type Fake struct {
	// ChannelName is what Name returns; default tiktok_im. The fake delivers whatever
	// channel the message names.
	ChannelName outreach.ChannelName
	// Now stamps deliveries; default time.Now.
	Now func() time.Time

	mu         sync.Mutex
	calls      int
	deliveries []Delivery
	byKey      map[string][]int // key → indexes in deliveries
	failNth    map[int]error
	loseNth    map[int]bool
	failAddr   map[string]string // address → suppress reason
	latency    time.Duration
}

// NewFake returns an empty fake that delivers everything. The zero Fake works too.
func NewFake() *Fake { return &Fake{} }

var (
	_ outreach.Channel = (*Fake)(nil)
	_ outreach.Prober  = (*Fake)(nil)
)

// ErrInjected is the error of an injected retryable failure.
var ErrInjected = errors.New("outreachtest: injected failure")

// Name is ChannelName, default tiktok_im.
func (f *Fake) Name() outreach.ChannelName {
	if f.ChannelName == "" {
		return outreach.ChannelTikTokIM
	}
	return f.ChannelName
}

// FailNth makes the nth Send call from now on (1 = the next) fail with err without
// delivering; a nil err is a retryable ErrInjected.
func (f *Fake) FailNth(n int, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.init()
	if err == nil {
		err = &outreach.SendError{Err: ErrInjected}
	}
	f.failNth[f.calls+n] = err
}

// LoseAnswerNth makes the nth Send call from now on deliver the message and then report an
// ambiguous failure, as when the provider's answer is lost: only a probe tells it went out.
func (f *Fake) LoseAnswerNth(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.init()
	f.loseNth[f.calls+n] = true
}

// FailAddress makes every send to addr (an email, TikTok or Discord user id) fail for good
// with reason as the suppression reason ("" for none).
func (f *Fake) FailAddress(addr, reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.init()
	f.failAddr[addr] = reason
}

// SetLatency makes every Send wait d (or until its context ends) before answering.
func (f *Fake) SetLatency(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.latency = d
}

// Send records the delivery unless a failure was injected for this call or address.
func (f *Fake) Send(ctx context.Context, m outreach.Outgoing) (outreach.Receipt, error) {
	if m.IdempotencyKey == "" {
		return outreach.Receipt{}, &outreach.SendError{Err: errors.New("outreachtest: message without an idempotency key"), Permanent: true}
	}
	f.mu.Lock()
	f.init()
	f.calls++
	n, latency := f.calls, f.latency
	injected, failing := f.failNth[n]
	lose := f.loseNth[n]
	delete(f.failNth, n)
	delete(f.loseNth, n)
	f.mu.Unlock()
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return outreach.Receipt{}, &outreach.SendError{Err: ctx.Err()}
		}
	}
	if failing {
		return outreach.Receipt{}, injected
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range []string{m.To.Email, m.To.TikTokUserID, m.To.DiscordUserID} {
		if reason, ok := f.failAddr[a]; ok && a != "" {
			return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("outreachtest: %s refuses messages", a), Permanent: true, Suppress: reason}
		}
	}
	d := Delivery{Key: m.IdempotencyKey, WorkspaceID: m.WorkspaceID, CreatorID: m.CreatorID, OutboxID: m.OutboxID,
		Channel: m.Channel, SenderKey: m.SenderKey, To: m.To, Subject: m.Subject, Body: m.Body, Card: m.Card,
		ProviderID: "fake-" + strconv.Itoa(len(f.deliveries)+1), At: f.now()}
	f.byKey[d.Key] = append(f.byKey[d.Key], len(f.deliveries))
	f.deliveries = append(f.deliveries, d)
	if lose {
		return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("%w: outreachtest: answer lost", outreach.ErrAmbiguous), Permanent: true}
	}
	return outreach.Receipt{ProviderID: d.ProviderID, At: d.At}, nil
}

// Delivered reports the first delivery of the message's key.
func (f *Fake) Delivered(_ context.Context, m outreach.Outgoing) (outreach.Receipt, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	idx := f.byKey[m.IdempotencyKey]
	if len(idx) == 0 {
		return outreach.Receipt{}, false, nil
	}
	d := f.deliveries[idx[0]]
	return outreach.Receipt{ProviderID: d.ProviderID, At: d.At}, true, nil
}

// Count is how many times key was delivered.
func (f *Fake) Count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.byKey[key])
}

// Counts is how many times each delivered key was delivered.
func (f *Fake) Counts() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int, len(f.byKey))
	for k, v := range f.byKey {
		out[k] = len(v)
	}
	return out
}

// Duplicates lists the keys delivered more than once, sorted.
func (f *Fake) Duplicates() []string {
	var out []string
	for k, n := range f.Counts() {
		if n > 1 {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// Deliveries is every delivery in order, duplicates included.
func (f *Fake) Deliveries() []Delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.deliveries)
}

// Total is the number of deliveries, duplicates included.
func (f *Fake) Total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.deliveries)
}

// Calls is the number of Send calls, failed ones included.
func (f *Fake) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// Reset forgets every delivery and injected failure.
func (f *Fake) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls, f.deliveries, f.latency = 0, nil, 0
	clear(f.byKey)
	clear(f.failNth)
	clear(f.loseNth)
	clear(f.failAddr)
}

// init makes the zero Fake usable; the caller holds mu.
func (f *Fake) init() {
	if f.byKey == nil {
		f.byKey, f.failNth, f.loseNth, f.failAddr = map[string][]int{}, map[int]error{}, map[int]bool{}, map[string]string{}
	}
}

func (f *Fake) now() time.Time {
	if f.Now != nil {
		return f.Now().UTC()
	}
	return time.Now().UTC()
}
