package outreach

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// Engine sends the sequences: a scheduler turns due enrollments into outbox rows (checking
// stop conditions, suppression, quiet hours and quotas), a dispatcher claims outbox rows and
// hands them to the channels, and a recovery pass settles rows a dead server left in
// "sending". Several engines (servers) may share one database: see docs/outreach.md "Engine".
// Zero fields take the defaults noted; set them before Run or Tick.
type Engine struct {
	Store    *store.Store
	Resolver Resolver
	Now      func() time.Time // default time.Now
	Logger   *slog.Logger     // default discards
	// Worker names this engine in outbox leases; it must differ between engines sharing a
	// database. Default host-pid-<pointer>.
	Worker          string
	BatchSize       int           // enrollments scheduled / messages claimed per transaction; default 500
	SendConcurrency int           // messages in flight at once; default 16
	Lease           time.Duration // how long a claimed message may stay in sending; default 2 min
	Poll            time.Duration // how often an idle loop looks for work; default 1 s
	// UnsubscribeKey signs unsubscribe links and BaseURL prefixes them (BaseURL + "/u/" +
	// token); email steps carry no link when either is empty.
	UnsubscribeKey []byte
	BaseURL        string
	// ViewQuery reads a saved directory view's query string as the directory would for the
	// member who saved it; rules and EnrollView need it for views (nil: views are refused).
	ViewQuery func(query string, userID int64) (store.DirectoryQuery, error)

	once sync.Once
	gmv  gmvCache
}

// UnsubscribeKeyLabel is the label the unsubscribe key is derived under from the keyring
// (secrets.Keyring.DeriveKeys): the engine signs links with the first key, the unsubscribe
// page checks them with all of them.
const UnsubscribeKeyLabel = "outreach.unsubscribe"

// MaxMessagesBeforeReply is TikTok's rule, applied to every sender: at most this many
// messages to a creator since their last reply.
const MaxMessagesBeforeReply = 5

func (e *Engine) init() {
	e.once.Do(func() {
		if e.Now == nil {
			e.Now = time.Now
		}
		if e.Logger == nil {
			e.Logger = slog.New(slog.DiscardHandler)
		}
		if e.Worker == "" {
			host, _ := os.Hostname()
			e.Worker = fmt.Sprintf("%s-%d-%p", host, os.Getpid(), e)
		}
		if e.BatchSize <= 0 {
			e.BatchSize = 500
		}
		if e.SendConcurrency <= 0 {
			e.SendConcurrency = 16
		}
		if e.Lease <= 0 {
			e.Lease = 2 * time.Minute
		}
		if e.Poll <= 0 {
			e.Poll = time.Second
		}
	})
}

// Run runs the scheduler, the dispatcher and the periodic recovery until ctx ends. Each loop
// goes straight on while it finds work and waits Poll when idle. Errors are logged and the
// loop waits before trying again: a database hiccup must not stop outreach.
func (e *Engine) Run(ctx context.Context) error {
	e.init()
	if _, err := e.Recover(ctx); err != nil && ctx.Err() == nil {
		e.Logger.Error("outreach: recovery failed", "err", err)
	}
	var wg sync.WaitGroup
	loop := func(name string, pass func(context.Context) (int, error), idle time.Duration) {
		defer wg.Done()
		for ctx.Err() == nil {
			n, err := pass(ctx)
			if err != nil && ctx.Err() == nil {
				e.Logger.Error("outreach: "+name+" pass failed", "err", err)
			}
			if n > 0 && err == nil {
				continue
			}
			t := time.NewTimer(idle)
			select {
			case <-ctx.Done():
				t.Stop()
			case <-t.C:
			}
		}
	}
	wg.Add(3)
	go loop("scheduler", e.SchedulePass, e.Poll)
	go loop("dispatcher", e.DispatchPass, e.Poll)
	go loop("recovery", func(ctx context.Context) (int, error) {
		_, err := e.Recover(ctx)
		return 0, err
	}, e.Lease/2)
	wg.Wait()
	return nil
}

// Tick runs the scheduler until no enrollment is due, then the dispatcher until no message
// is, once each, at e.Now(): the deterministic step tests advance a fake clock with.
func (e *Engine) Tick(ctx context.Context) error {
	e.init()
	for {
		n, err := e.SchedulePass(ctx)
		if err != nil {
			return err
		}
		if n < e.BatchSize {
			break
		}
	}
	for {
		n, err := e.DispatchPass(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
	}
}

// SchedulePass schedules one batch of due enrollments and returns how many it claimed.
func (e *Engine) SchedulePass(ctx context.Context) (int, error) {
	e.init()
	st, err := e.Store.ScheduleDue(ctx, e.Now(), e.BatchSize, func(b *store.DueBatch) ([]store.ScheduleDecision, error) {
		return e.plan(ctx, b), nil
	})
	if err != nil {
		return 0, err
	}
	if st.Claimed > 0 {
		e.Logger.Debug("outreach: scheduled", "claimed", st.Claimed, "queued", st.Queued, "stopped", st.Stopped,
			"deferred", st.Deferred, "completed", st.Completed)
	}
	return st.Claimed, nil
}

// location is the zone a creator's quiet and business hours count in: theirs, else the
// workspace's, else UTC.
func location(creatorZone, workspaceZone string) *time.Location {
	for _, z := range []string{creatorZone, workspaceZone} {
		if z == "" {
			continue
		}
		if loc, err := loadLocation(z); err == nil {
			return loc
		}
	}
	return time.UTC
}

var zoneCache sync.Map // name → *time.Location: LoadLocation reads the zone database each time

func loadLocation(name string) (*time.Location, error) {
	if l, ok := zoneCache.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zoneCache.Store(name, l)
	return l, nil
}
