// Package platformsync keeps creatorops in step with the platforms through durable jobs
// (internal/jobs): each connection's affiliate orders every few minutes, the webhook inbox
// every few seconds, and marketplace creator searches into the CRM on demand. A job's unique
// key holds every id it works on, so however many servers run, one connection's sync never
// runs twice at once; and every handler is idempotent, since the queue delivers at least once
// (docs/jobs.md).
package platformsync

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// Job kinds of this package.
const (
	// KindOrders syncs one connection's affiliate orders; unique key "connection:<id>",
	// recurring every Syncer.Every.
	KindOrders = "tiktok.orders"
	// KindWebhooks processes the TikTok Shop webhook inbox; one chain for the installation.
	KindWebhooks = "tiktok.webhooks"
	// KindCreators runs a marketplace creator search into the CRM as prospects, on demand.
	KindCreators = "tiktok.creators"
	// KindSchedule makes sure every active connection has its orders sync chain (a shop
	// connected a minute ago starts syncing without waiting for a restart).
	KindSchedule = "sync.schedule"
)

// Defaults of a Syncer.
const (
	DefaultEvery        = 15 * time.Minute
	DefaultOverlap      = time.Hour
	DefaultBackfill     = 30 * 24 * time.Hour
	DefaultPageSize     = 50
	WebhooksEvery       = 5 * time.Second
	ScheduleEvery       = time.Minute
	maxWebhookAttempts  = 10
	maxRunsPerJob       = 3                // runs one job makes for requests that came while it ran
	webhookSyncDelay    = 10 * time.Second // orders changes within this share one sync
	ordersResource      = "orders"
	webhooksInboxKey    = "tiktok_shop"
	installationWideKey = "all"
)

// Clients hands out an API client and a fresh access token for a connection, refreshing the
// token when it is due: connect.Service. An error wrapping ErrNeedsReauth (as the
// connection's own status says) stops the connection's syncs instead of retrying them.
type Clients interface {
	Client(ctx context.Context, conn *store.Connection) (*tiktokshop.Client, string, error)
}

// Syncer runs the sync jobs. Zero optional fields take the defaults.
type Syncer struct {
	Store   *store.Store
	Clients Clients
	// Every is how often each connection's orders are synced; default 15 minutes.
	Every time.Duration
	// Overlap is how far before the last completed run's end a run starts reading: orders
	// the platform records late (its clock, its queues) are read again, not missed.
	Overlap time.Duration
	// Backfill is how far back a connection's first run reads (by update time); default 30
	// days. Older orders come from exports.
	Backfill time.Duration
	PageSize int              // orders per page, 1–100; default 50
	Now      func() time.Time // default time.Now
	Logger   *slog.Logger     // default: discard
}

// Unset settings take their defaults (optionOr, nowOr and loggerOr serve ShopeeSyncer too).

func (y *Syncer) every() time.Duration    { return optionOr(y.Every, DefaultEvery).Truncate(time.Second) }
func (y *Syncer) overlap() time.Duration  { return optionOr(y.Overlap, DefaultOverlap) }
func (y *Syncer) backfill() time.Duration { return optionOr(y.Backfill, DefaultBackfill) }
func (y *Syncer) pageSize() int           { return optionOr(y.PageSize, DefaultPageSize) }
func (y *Syncer) now() time.Time          { return nowOr(y.Now) }
func (y *Syncer) log() *slog.Logger       { return loggerOr(y.Logger) }

// optionOr is a setting, or def when it is zero or negative (unset).
func optionOr[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// nowOr is now's time, or the clock's when now is nil.
func nowOr(now func() time.Time) time.Time {
	if now == nil {
		return time.Now()
	}
	return now()
}

// loggerOr is l, or a logger that discards when l is nil.
func loggerOr(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return l
}

// Register adds the sync handlers to a runner and schedules the installation-wide chains:
// the webhook inbox every 5 seconds and the per-connection schedule every minute.
func (y *Syncer) Register(r *jobs.Runner) {
	r.Handle(KindOrders, y.ordersJob)
	r.Handle(KindWebhooks, y.webhooksJob)
	r.Handle(KindCreators, y.creatorsJob)
	r.Handle(KindSchedule, y.scheduleJob)
	r.Schedule(KindWebhooks, webhooksInboxKey, WebhooksEvery)
	r.Schedule(KindSchedule, installationWideKey, ScheduleEvery)
}

// ordersKey is the unique key of a connection's orders sync.
func ordersKey(connectionID int64) string { return fmt.Sprintf("connection:%d", connectionID) }

// ordersPayload is what an orders sync job carries.
type ordersPayload struct {
	ConnectionID int64 `json:"connection_id"`
}

// ordersSpec is the job of a connection's orders sync chain, due at runAt.
func (y *Syncer) ordersSpec(c *store.Connection, runAt time.Time) store.JobSpec {
	return store.JobSpec{WorkspaceID: c.WorkspaceID, Kind: KindOrders, UniqueKey: ordersKey(c.ID),
		Payload: ordersPayload{c.ID}, RunAt: runAt, Every: y.every()}
}

// SyncNow asks for the connection's orders sync at once ("Sync now"): see the package
// function SyncNow.
func (y *Syncer) SyncNow(ctx context.Context, c *store.Connection) error {
	return SyncNow(ctx, y.Store, c, y.now())
}

// SyncNow asks for the connection's orders sync at at (now, for "Sync now"): the chain's
// queued run is moved to at if it was due later. A run already going runs once more when it
// ends, since it reads only up to the time it started (the request is counted, and the run
// compares the count). Without a chain, a single run is queued, and the schedule starts the
// chain, with the server's period, within a minute of it.
func SyncNow(ctx context.Context, s *store.Store, c *store.Connection, at time.Time) error {
	if err := s.RequestSync(ctx, c.ID, ordersResource); err != nil {
		return err
	}
	_, _, err := s.EnqueueJob(ctx, store.JobSpec{WorkspaceID: c.WorkspaceID, Kind: ordersKind(c), UniqueKey: ordersKey(c.ID),
		Payload: ordersPayload{c.ID}, RunAt: at, Expedite: true})
	return err
}

// syncSoon moves the connection's next orders sync to at, if it was due later.
func (y *Syncer) syncSoon(ctx context.Context, c *store.Connection, at time.Time) error {
	return SyncNow(ctx, y.Store, c, at)
}

// scheduleJob makes sure every active TikTok Shop connection with a shop has its orders sync
// chain, and serves a "sync now" that came as a run was ending, too late for it to see.
func (y *Syncer) scheduleJob(ctx context.Context, _ *store.Job) error {
	return scheduleChains(ctx, y.Store, y.log(), func(c *store.Connection) []chain {
		if c.Platform != model.PlatformTikTokShop || c.ShopID == nil {
			return nil
		}
		return []chain{{y.ordersSpec(c, y.now()), ordersResource}}
	})
}

// stopChain ends the connection's orders sync chain: it is disconnected or must be
// authorized again, and the schedule starts a new chain once it is active.
func (y *Syncer) stopChain(ctx context.Context, c *store.Connection, reason string) error {
	_, err := y.Store.CancelJobs(ctx, KindOrders, ordersKey(c.ID), reason, y.now())
	return err
}
