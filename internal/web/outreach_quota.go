package web

import (
	"context"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/views"
)

// senderQuota is a sender's quota as pages show it.
type senderQuota struct {
	views.Sender
	Period string // "this week", "today"
	Basis  string // how the quota is set: "30-day GMV $1,250.00"
}

// Unlimited reports a sender without a cap: pages say "no cap" instead of a number.
func (q senderQuota) Unlimited() bool { return q.Quota >= outreach.Unlimited }

// Percent is the share used, for the bar.
func (q senderQuota) Percent() int {
	if q.Quota <= 0 {
		return 100
	}
	if q.Unlimited() {
		return 0
	}
	return min(100, q.Used*100/q.Quota)
}

// senderQuotas is views.Status in words.
func (h *handler) senderQuotas(ctx context.Context, ws *model.Workspace, now time.Time) ([]senderQuota, error) {
	ss, err := views.Status(ctx, h.store, ws, now)
	if err != nil {
		return nil, err
	}
	out := make([]senderQuota, len(ss))
	for i, s := range ss {
		q := senderQuota{Sender: s, Period: "today"}
		switch {
		case s.Kind == "tiktok":
			q.Period = "this week"
			q.Basis = "30-day GMV " + moneyFor(cmpOrEmpty(s.Currency, s.TierCurrency)).amount(s.GMV30d)
			if s.Currency != "" && s.Currency != s.TierCurrency {
				q.Basis += fmt.Sprintf(" (the tiers are in %s)", s.TierCurrency)
			}
		case s.Quota >= outreach.Unlimited:
			q.Basis = "no daily cap"
		case s.Warmup:
			q.Basis = fmt.Sprintf("warming up: day %d of the ramp to %d a day", s.WarmupDay, s.DailyCap)
		default:
			q.Basis = fmt.Sprintf("daily cap %d", s.Quota)
		}
		out[i] = q
	}
	return out, nil
}

// weekStartOf is when this outreach week started: Sunday 00:00 in the workspace's zone.
func weekStartOf(ws *model.Workspace, now time.Time) time.Time {
	return views.WeekStart(now, ws.Location())
}
