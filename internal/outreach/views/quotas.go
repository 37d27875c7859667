// Package views holds what the outreach pages and the API both show, so they agree: "what may
// each sender still send?" (quotas.go), the quota planner's plan, and a template rendered for a
// real creator as the engine would (preview.go). For quotas:
// every TikTok Shop connection's weekly first contacts (by the shop's 30-day GMV and the
// workspace's tier table) and every mailbox's daily cap (with its warm-up), against the
// counters the engine reserves quota on; and fills what is left with the best prospects.
package views

import (
	"context"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
)

// Sender is what one sender may still send in its period.
type Sender struct {
	Kind         string // "tiktok" or "email"
	Name         string
	SenderKey    string // tiktok:<connection id>, email:<mailbox id>
	Channel      string
	Period       string // "week" or "day"
	Quota        int
	Used         int
	Left         int
	Resets       time.Time
	GMV30d       int64  // TikTok: the shop's 30-day GMV the quota comes from
	Currency     string // of GMV30d
	TierCurrency string // the tier table's currency
	Warmup       bool   // email: the cap is still ramping up
	WarmupDay    int
	DailyCap     int // email: the mailbox's full cap (0: none)
	Paused       bool
}

// Periods are the counter names the engine reserves quota under: the week starting Sunday
// 00:00 (TikTok first contacts) and the day, both in the workspace's zone.
func Periods(now time.Time, loc *time.Location) (week, day string) {
	return "week:" + outreach.WeekStart(now, loc).In(loc).Format(time.DateOnly),
		"day:" + outreach.DayStart(now, loc).In(loc).Format(time.DateOnly)
}

// WeekStart is when the current outreach week started in the workspace's zone.
func WeekStart(now time.Time, loc *time.Location) time.Time { return outreach.WeekStart(now, loc) }

// Tiers converts a workspace's stored tier table for outreach.WeeklyQuota.
func Tiers(o *store.OutreachSettings) []outreach.QuotaTier {
	out := make([]outreach.QuotaTier, len(o.QuotaTiers))
	for i, t := range o.QuotaTiers {
		out[i] = outreach.QuotaTier{MinGMV: t.MinGMV, Quota: t.Quota}
	}
	return out
}

// Status works out every sender's quota of the workspace at now: each live TikTok Shop
// connection's weekly first contacts, then each mailbox's daily cap.
func Status(ctx context.Context, s *store.Store, ws *model.Workspace, now time.Time) ([]Sender, error) {
	loc := ws.Location()
	settings, err := s.OutreachSettings(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	week, day := Periods(now, loc)
	var out []Sender
	conns, err := s.Connections(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range conns {
		if c.Platform != model.PlatformTikTokShop || c.Status == store.ConnectionDisconnected {
			continue
		}
		gmv, currency, err := s.ConnectionGMV30d(ctx, c.ID, now)
		if err != nil {
			return nil, err
		}
		name := c.ShopName
		if name == "" {
			name = c.ExternalShopID
		}
		out = append(out, Sender{Kind: "tiktok", Name: name, SenderKey: fmt.Sprintf("tiktok:%d", c.ID), Channel: store.ChannelTikTokIM,
			Period: "week", Quota: outreach.WeeklyQuota(Tiers(settings), gmv), Resets: outreach.NextWeekStart(now, loc),
			GMV30d: gmv, Currency: currency, TierCurrency: settings.QuotaCurrency})
	}
	boxes, err := s.Mailboxes(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range boxes {
		start, today := m.WarmupStart.In(loc), now.In(loc)
		capToday := outreach.WarmupCap(m.DailyCap, m.WarmupInitial, m.WarmupStep, start, today)
		full := outreach.WarmupCap(m.DailyCap, 0, 0, start, today)
		if c := settings.EmailDailyCap; c > 0 {
			capToday, full = min(capToday, c), min(full, c)
		}
		out = append(out, Sender{Kind: "email", Name: m.Name + " <" + m.FromAddress + ">", SenderKey: fmt.Sprintf("email:%d", m.ID),
			Channel: store.ChannelEmail, Period: "day", Quota: capToday, Resets: outreach.NextDayStart(now, loc), Paused: m.Paused,
			Warmup: capToday < full, WarmupDay: warmupDay(start, today), DailyCap: m.DailyCap})
	}
	pairs := make([][2]string, len(out))
	for i, q := range out {
		pairs[i] = [2]string{q.SenderKey, day}
		if q.Kind == "tiktok" {
			pairs[i][1] = week
		}
	}
	used, err := s.QuotaUsed(ctx, pairs)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Used = used[pairs[i]]
		out[i].Left = max(out[i].Quota-out[i].Used, 0)
	}
	return out, nil
}

// warmupDay is the day of a warm-up ramp: 0 on the day it started.
func warmupDay(start, now time.Time) int {
	a := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return max(int(b.Sub(a).Hours()/24), 0)
}

// Batch caps a plan on a channel without a quota (Discord, or no sender picked yet).
const Batch = 200

// Plan is who to enroll in a sequence now to use what its first step's sender has left.
type Plan struct {
	SenderKey  string
	Sender     *Sender // nil without a quota (Discord, no sender picked)
	Pending    int     // enrolled in the sender's sequences, first message not sent yet
	Left       int     // what the plan may fill
	Candidates []store.PlannerCandidate
	More       bool // more eligible prospects wait beyond the plan
}

// MakePlan fills what is left of the sender of q's first step with the workspace's best
// prospects (outreach.QuotaPlan), minus the enrollments of that sender still waiting for
// their first message, which will take quota too. senders is Status's answer.
func MakePlan(ctx context.Context, s *store.Store, wsID int64, q *store.Sequence, senders []Sender) (*Plan, error) {
	if len(q.Steps) == 0 {
		return nil, &store.FieldError{Field: "steps", Reason: "the sequence has no steps yet"}
	}
	channel := q.Steps[0].Channel
	p := &Plan{SenderKey: q.SenderKey(channel), Left: Batch}
	for i := range senders {
		if senders[i].SenderKey == p.SenderKey && p.SenderKey != "" {
			p.Sender = &senders[i]
		}
	}
	if p.Sender != nil {
		seqs, err := s.Sequences(ctx, wsID, false)
		if err != nil {
			return nil, err
		}
		var same []int64
		for _, x := range seqs {
			if len(x.Steps) > 0 && x.SenderKey(x.Steps[0].Channel) == p.SenderKey {
				same = append(same, x.ID)
			}
		}
		if p.Pending, err = s.PendingFirstSteps(ctx, wsID, same); err != nil {
			return nil, err
		}
		p.Left = min(max(p.Sender.Left-p.Pending, 0), Batch)
	}
	if p.Left == 0 {
		return p, nil
	}
	cands, err := s.PlannerCandidates(ctx, wsID, q.ID, channel, p.Left+1)
	if err != nil {
		return nil, err
	}
	cs := make([]outreach.Candidate, len(cands))
	byID := map[int64]store.PlannerCandidate{}
	for i, c := range cands {
		cs[i] = outreach.Candidate{ID: c.ID, Score: c.Score}
		byID[c.ID] = c
	}
	for _, c := range outreach.QuotaPlan(p.Left, cs) {
		p.Candidates = append(p.Candidates, byID[c.ID])
	}
	p.More = len(cands) > len(p.Candidates)
	return p, nil
}
