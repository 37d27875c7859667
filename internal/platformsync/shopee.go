package platformsync

import (
	"context"
	"log/slog"
	"time"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/shopee"
	"github.com/creatorops/creatorops/internal/store"
)

// Job kinds of the Shopee syncs.
const (
	// KindShopeeOrders syncs one Shopee connection's AMS conversion report into its shop;
	// unique key "connection:<id>", recurring every ShopeeSyncer.Every.
	KindShopeeOrders = "shopee.orders"
	// KindShopeeSchedule makes sure every active Shopee connection has its sync chain.
	KindShopeeSchedule = "shopee.schedule"
)

// Defaults of a ShopeeSyncer.
const (
	// DefaultShopeeOverlap is how far back before the last completed run's end a run reads
	// again. The report is filtered by place-order time, and an order keeps changing for
	// weeks after it is placed (paid, completed, cancelled, refunded, verified), so each run
	// re-reads the orders placed in the last 30 days.
	DefaultShopeeOverlap = 30 * 24 * time.Hour
	// DefaultShopeeBackfill is how far back a connection's first run reads.
	DefaultShopeeBackfill = 30 * 24 * time.Hour
	// ShopeeLag keeps a run's window a few minutes in the past, so conversions Shopee records
	// late are not at the edge of a window that pages shift under.
	ShopeeLag              = 5 * time.Minute
	DefaultShopeePageSize  = 100
	shopeeInstallationWide = "all"
)

// ShopeeClients hands out the Shopee client and a connection's shop with a fresh token:
// connect.Service. Errors wrapping connect.ErrNeedsReauth stop the connection's syncs.
type ShopeeClients interface {
	ShopeeClient(ctx context.Context, conn *store.Connection) (*shopee.Client, shopee.Shop, error)
	// RefreshShopee refreshes the connection's tokens now: Shopee refused its access token.
	RefreshShopee(ctx context.Context, conn *store.Connection) (*store.Connection, error)
}

// ShopeeSyncer runs the Shopee sync jobs. Zero optional fields take the defaults.
type ShopeeSyncer struct {
	Store   *store.Store
	Clients ShopeeClients
	// Every is how often each connection's report is read; default 15 minutes.
	Every time.Duration
	// Overlap is how far before the last completed run's end a run starts; default 30 days.
	Overlap time.Duration
	// Backfill is how far back a connection's first run reads; default 30 days.
	Backfill time.Duration
	PageSize int              // conversions per page, 1–500; default 100
	Now      func() time.Time // default time.Now
	Logger   *slog.Logger     // default: discard
}

// RegisterShopee adds the Shopee jobs to a runner when svc has a Shopee app configured: the
// token refresh sweep, the per-connection report syncs every every, and their schedule.
func RegisterShopee(r *jobs.Runner, svc *connect.Service, every time.Duration, log *slog.Logger) {
	if svc == nil || !svc.ShopeeConfigured() {
		return
	}
	svc.RegisterShopee(r)
	(&ShopeeSyncer{Store: svc.Store, Clients: svc, Every: every, Logger: log}).Register(r)
}

// Register adds the Shopee sync handlers to a runner and schedules the installation-wide
// chain that starts each connection's sync chain, every minute.
func (y *ShopeeSyncer) Register(r *jobs.Runner) {
	r.Handle(KindShopeeOrders, y.ordersJob)
	r.Handle(KindShopeeSchedule, y.scheduleJob)
	r.Schedule(KindShopeeSchedule, shopeeInstallationWide, ScheduleEvery)
}

func (y *ShopeeSyncer) every() time.Duration {
	return optionOr(y.Every, DefaultEvery).Truncate(time.Second)
}
func (y *ShopeeSyncer) overlap() time.Duration  { return optionOr(y.Overlap, DefaultShopeeOverlap) }
func (y *ShopeeSyncer) backfill() time.Duration { return optionOr(y.Backfill, DefaultShopeeBackfill) }
func (y *ShopeeSyncer) pageSize() int {
	return min(optionOr(y.PageSize, DefaultShopeePageSize), shopee.MaxPageSize)
}
func (y *ShopeeSyncer) now() time.Time    { return nowOr(y.Now) }
func (y *ShopeeSyncer) log() *slog.Logger { return loggerOr(y.Logger) }

// ordersKind is the job kind that syncs the connection's orders, by platform: "Sync now"
// asks for the right one.
func ordersKind(c *store.Connection) string {
	if c.Platform == model.PlatformShopee {
		return KindShopeeOrders
	}
	return KindOrders
}

// scheduleJob makes sure every active Shopee connection with a shop has its sync chain, and
// serves a "sync now" that came as a run was ending.
func (y *ShopeeSyncer) scheduleJob(ctx context.Context, _ *store.Job) error {
	return scheduleChains(ctx, y.Store, y.log(), func(c *store.Connection) []chain {
		if c.Platform != model.PlatformShopee || c.ShopID == nil {
			return nil
		}
		return []chain{{store.JobSpec{WorkspaceID: c.WorkspaceID, Kind: KindShopeeOrders, UniqueKey: ordersKey(c.ID),
			Payload: ordersPayload{c.ID}, RunAt: y.now(), Every: y.every()}, ordersResource}}
	})
}

// ordersJob runs one connection's report sync, and again while "sync now" requests came
// during the run (chainJob).
func (y *ShopeeSyncer) ordersJob(ctx context.Context, job *store.Job) error {
	return chainJob(ctx, y.Store, y.now, job, ordersResource, func(ctx context.Context, conn *store.Connection) error {
		_, err := y.SyncOrders(ctx, conn)
		return err
	})
}
