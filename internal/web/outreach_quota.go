package web

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
)

// senderQuota is what one sender may still send: a TikTok shop this week (first contacts), a
// mailbox today (its warm-up cap).
type senderQuota struct {
	Kind      string // "tiktok" or "email"
	Name      string
	SenderKey string
	Channel   string
	Quota     int
	Used      int
	Left      int
	Period    string // "this week", "today"
	Resets    time.Time
	Basis     string // how the quota was set: "30-day GMV $1,250 → tier of 200"
	Paused    bool
}

// Percent is the share used, for the bar.
func (q senderQuota) Percent() int {
	if q.Quota <= 0 {
		return 100
	}
	return min(100, q.Used*100/q.Quota)
}

// quotaPeriods are the counter names the engine reserves quota under: the week starting
// Sunday (TikTok first contacts) and the day, both in the workspace's zone.
func quotaPeriods(now time.Time, loc *time.Location) (week, day string) {
	return "week:" + outreach.WeekStart(now, loc).In(loc).Format(time.DateOnly),
		"day:" + outreach.DayStart(now, loc).In(loc).Format(time.DateOnly)
}

// quotaTiers converts the workspace's stored tier table for outreach.WeeklyQuota.
func quotaTiers(o *store.OutreachSettings) []outreach.QuotaTier {
	out := make([]outreach.QuotaTier, len(o.QuotaTiers))
	for i, t := range o.QuotaTiers {
		out[i] = outreach.QuotaTier{MinGMV: t.MinGMV, Quota: t.Quota}
	}
	return out
}

// senderQuotas works out every sender's quota of the workspace now: each live TikTok Shop
// connection's weekly first contacts and each mailbox's daily cap.
func (h *handler) senderQuotas(ctx context.Context, ws *model.Workspace, now time.Time) ([]senderQuota, error) {
	loc := ws.Location()
	settings, err := h.store.OutreachSettings(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	week, day := quotaPeriods(now, loc)
	var out []senderQuota
	conns, err := h.store.Connections(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range conns {
		if c.Platform != model.PlatformTikTokShop || c.Status == store.ConnectionDisconnected {
			continue
		}
		gmv, currency, err := h.store.ConnectionGMV30d(ctx, c.ID, now)
		if err != nil {
			return nil, err
		}
		q := senderQuota{Kind: "tiktok", Name: cmp.Or(c.ShopName, c.ExternalShopID), SenderKey: fmt.Sprintf("tiktok:%d", c.ID),
			Channel: store.ChannelTikTokIM, Quota: outreach.WeeklyQuota(quotaTiers(settings), gmv), Period: "this week",
			Resets: outreach.NextWeekStart(now, loc)}
		q.Basis = fmt.Sprintf("30-day GMV %s", moneyFor(cmp.Or(currency, settings.QuotaCurrency)).amount(gmv))
		if currency != "" && currency != settings.QuotaCurrency {
			q.Basis += fmt.Sprintf(" (the tiers are in %s)", settings.QuotaCurrency)
		}
		out = append(out, q)
	}
	boxes, err := h.store.Mailboxes(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range boxes {
		capToday := outreach.WarmupCap(m.DailyCap, m.WarmupInitial, m.WarmupStep, m.WarmupStart.In(loc), now.In(loc))
		if c := settings.EmailDailyCap; c > 0 {
			capToday = min(capToday, c)
		}
		q := senderQuota{Kind: "email", Name: m.Name + " <" + m.FromAddress + ">", SenderKey: fmt.Sprintf("email:%d", m.ID),
			Channel: store.ChannelEmail, Quota: capToday, Period: "today", Resets: outreach.NextDayStart(now, loc), Paused: m.Paused}
		switch {
		case capToday >= outreach.Unlimited:
			q.Basis = "no daily cap"
		case m.DailyCap > 0 && capToday < m.DailyCap:
			q.Basis = fmt.Sprintf("warming up: day %d of the ramp to %d a day", warmupDay(m.WarmupStart.In(loc), now.In(loc)), m.DailyCap)
		default:
			q.Basis = fmt.Sprintf("daily cap %d", capToday)
		}
		out = append(out, q)
	}
	pairs := make([][2]string, 0, len(out))
	for _, q := range out {
		p := day
		if q.Kind == "tiktok" {
			p = week
		}
		pairs = append(pairs, [2]string{q.SenderKey, p})
	}
	used, err := h.store.QuotaUsed(ctx, pairs)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Used = used[pairs[i]]
		out[i].Left = max(out[i].Quota-out[i].Used, 0)
	}
	return out, nil
}

// warmupDay is the day of a mailbox's warm-up ramp (0 on the day it started).
func warmupDay(start, now time.Time) int {
	a := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return max(int(b.Sub(a).Hours()/24), 0)
}
