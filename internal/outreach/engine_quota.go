package outreach

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// gmvCache keeps each connection's 30-day GMV for an hour: the tier it picks moves slowly
// and reading it sums a month of the shop's lines.
type gmvCache struct {
	mu sync.Mutex
	m  map[int64]gmvEntry
}

type gmvEntry struct {
	gmv int64
	at  time.Time
}

func (e *Engine) shopGMV(ctx context.Context, connectionID int64, now time.Time) int64 {
	e.gmv.mu.Lock()
	v, ok := e.gmv.m[connectionID]
	e.gmv.mu.Unlock()
	if ok && now.Sub(v.at) < time.Hour && !now.Before(v.at) {
		return v.gmv
	}
	gmv, _, err := e.Store.ConnectionGMV30d(ctx, connectionID, now)
	if err != nil {
		e.Logger.Warn("outreach: 30-day GMV unknown, using the lowest quota tier", "connection", connectionID, "err", err)
		gmv = 0
	}
	e.gmv.mu.Lock()
	if e.gmv.m == nil {
		e.gmv.m = map[int64]gmvEntry{}
	}
	e.gmv.m[connectionID] = gmvEntry{gmv, now}
	e.gmv.mu.Unlock()
	return gmv
}

// weeklyQuota is a TikTok connection's weekly first-contact quota under the workspace's
// tiers. The GMV is read in the shop's currency and compared with the tiers as they are
// (the tier table is kept in the workspace's main currency).
func (e *Engine) weeklyQuota(ctx context.Context, set *store.OutreachSettings, connectionID int64, now time.Time) int {
	var tiers []QuotaTier
	if set != nil {
		for _, t := range set.QuotaTiers {
			tiers = append(tiers, QuotaTier{MinGMV: t.MinGMV, Quota: t.Quota})
		}
	}
	return WeeklyQuota(tiers, e.shopGMV(ctx, connectionID, now))
}

// SenderQuota is one sender's standing for the quota planner.
type SenderQuota struct {
	SenderKey string
	Name      string // shop or mailbox name
	Period    string // "week:2026-11-15" or "day:2026-11-21"
	Used      int
	Cap       int // 0: no cap
	ResetsAt  time.Time
}

// Left is what the sender may still send in the period (-1: no cap).
func (q SenderQuota) Left() int {
	if q.Cap <= 0 {
		return -1
	}
	return max(q.Cap-q.Used, 0)
}

// QuotaStatus is the quota planner's view of a workspace at now: each live TikTok
// connection's first contacts this week (weeks start Sunday 00:00 in the workspace's zone)
// and each mailbox's messages today against its cap and warm-up ramp.
func (e *Engine) QuotaStatus(ctx context.Context, ws int64, zone string) ([]SenderQuota, error) {
	e.init()
	now := e.Now()
	loc := location("", zone)
	set, err := e.Store.OutreachSettings(ctx, ws)
	if err != nil {
		return nil, err
	}
	var out []SenderQuota
	conns, err := e.Store.Connections(ctx, ws)
	if err != nil {
		return nil, err
	}
	week := "week:" + WeekStart(now, loc).In(loc).Format("2006-01-02")
	day := "day:" + DayStart(now, loc).In(loc).Format("2006-01-02")
	for _, c := range conns {
		if c.Status != store.ConnectionActive || c.Platform != "tiktok_shop" {
			continue
		}
		out = append(out, SenderQuota{SenderKey: fmt.Sprintf("tiktok:%d", c.ID), Name: c.ShopName, Period: week,
			Cap: e.weeklyQuota(ctx, set, c.ID, now), ResetsAt: NextWeekStart(now, loc)})
	}
	mbs, err := e.Store.Mailboxes(ctx, ws)
	if err != nil {
		return nil, err
	}
	for _, m := range mbs {
		c := dailyCap(set, store.ChannelEmail, m, now, loc)
		if c < 0 {
			c = 0
		}
		out = append(out, SenderQuota{SenderKey: fmt.Sprintf("email:%d", m.ID), Name: m.Name, Period: day, Cap: c, ResetsAt: NextDayStart(now, loc)})
	}
	keys := make([][2]string, len(out))
	for i, q := range out {
		keys[i] = [2]string{q.SenderKey, q.Period}
	}
	used, err := e.Store.QuotaUsed(ctx, keys)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Used = used[keys[i]]
	}
	return out, nil
}
