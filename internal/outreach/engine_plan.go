package outreach

import (
	"context"
	"sort"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// Stop and wait reasons the scheduler gives (the store adds "5 messages without a reply" and
// the quota waits).
const (
	StopReplied         = store.ReplyStopReason
	StopSampleRequested = "sample requested"
	WaitQuietHours      = "quiet hours"
	WaitStepDelay       = "waiting for the step's delay"
	WaitMailboxPaused   = "mailbox paused"
)

// plan decides about each enrollment of a due batch. First contacts are ordered by the
// creator's fit score, highest first, so that when the weekly quota runs short the best
// prospects get it.
func (e *Engine) plan(ctx context.Context, b *store.DueBatch) []store.ScheduleDecision {
	out := make([]store.ScheduleDecision, 0, len(b.Items))
	parsed := map[string]*Template{}
	for _, it := range b.Items {
		d := e.decide(ctx, b, it, parsed)
		d.EnrollmentID = it.Enrollment.ID
		out = append(out, d)
	}
	score := func(i int) int {
		if out[i].Message == nil {
			return 1 << 30
		}
		return b.Items[i].Creator.Score
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, c int) bool { return score(idx[a]) > score(idx[c]) })
	sorted := make([]store.ScheduleDecision, len(out))
	for i, j := range idx {
		sorted[i] = out[j]
	}
	return sorted
}

// decide is the scheduler's rule book for one enrollment (docs/outreach.md "Engine").
func (e *Engine) decide(ctx context.Context, b *store.DueBatch, it *store.DueItem, parsed map[string]*Template) store.ScheduleDecision {
	en, c := it.Enrollment, it.Creator
	q := b.Sequences[en.SequenceID]
	now := b.Now
	if c == nil || c.Merged {
		return store.ScheduleDecision{Stop: "creator merged into another or removed"}
	}
	if en.StepIndex >= len(q.Steps) {
		return store.ScheduleDecision{Stop: "no step left (the sequence's steps were shortened)"}
	}
	if stop := stopFor(q, c, en.EnrolledAt, enrollmentStart(en)); stop != "" {
		return store.ScheduleDecision{Stop: stop}
	}
	if it.Suppressed != "" {
		return store.ScheduleDecision{Stop: "suppressed: " + it.Suppressed}
	}
	step := q.Steps[en.StepIndex]
	if why := c.Unreachable(step.Channel); why != "" {
		return store.ScheduleDecision{Stop: why}
	}
	addr := c.Address(step.Channel)
	sender := q.SenderKey(step.Channel)
	if sender == "" {
		return store.ScheduleDecision{Stop: "no sender for " + step.Channel + " steps"}
	}
	var mb *store.Mailbox
	if step.Channel == store.ChannelEmail && q.MailboxID != nil {
		mb = b.Mailboxes[*q.MailboxID]
		if mb != nil && mb.Paused {
			return store.ScheduleDecision{Defer: now.Add(time.Hour), WaitReason: WaitMailboxPaused}
		}
	}
	wsLoc := location("", b.Zones[q.WorkspaceID])
	loc := location(c.TimeZone, b.Zones[q.WorkspaceID])
	bh := BusinessHoursFrom(q.Hours.BusinessStart, q.Hours.BusinessEnd, q.Hours.BusinessDays)
	if en.StepIndex == 0 && step.DelayMinutes > 0 && en.NextAt.Equal(en.EnrolledAt) {
		// The first step's delay counts from the enrollment; enrollments are stored due at
		// once so the store needs no calendar.
		if due := AddBusinessMinutes(en.EnrolledAt, loc, bh, step.DelayMinutes); due.After(now) {
			return store.ScheduleDecision{Defer: due, WaitReason: WaitStepDelay}
		}
	}
	quiet := QuietHours{StartMin: q.Hours.QuietStart, EndMin: q.Hours.QuietEnd}
	if quiet.Quiet(now, loc) {
		return store.ScheduleDecision{Defer: quiet.NextAllowed(now, loc), WaitReason: WaitQuietHours}
	}
	tpl := b.Templates[step.TemplateID]
	if tpl == nil || len(tpl.Variants) == 0 {
		return store.ScheduleDecision{Stop: "the step's template has no text"}
	}
	vs := make([]Variant, len(tpl.Variants))
	for i, v := range tpl.Variants {
		vs[i] = Variant{ID: v.ID, Language: v.Language, Label: v.Label, Weight: v.Weight, Subject: v.Subject, Body: v.Body}
	}
	v := PickVariant(vs, c.Language, en.ID)
	if v.Body == "" {
		return store.ScheduleDecision{Stop: "the step's template has no text"}
	}
	unsubscribe := ""
	if step.Channel == store.ChannelEmail && len(e.UnsubscribeKey) > 0 && e.BaseURL != "" {
		unsubscribe = e.BaseURL + "/u/" + UnsubscribeToken(e.UnsubscribeKey, q.WorkspaceID, c.ID, addr)
	}
	senderName := b.Names[q.WorkspaceID]
	if mb != nil && mb.FromName != "" {
		senderName = mb.FromName
	}
	var product *ProductInfo
	if p := b.Products[q.ID]; p != nil || q.CommissionBps > 0 {
		product = &ProductInfo{CommissionBP: int64(q.CommissionBps)}
		if p != nil {
			product.Name, product.Price, product.Currency, product.Link = p.Name, p.Price, p.Currency, p.Link
		}
	}
	vars := VarsFor(CreatorInfo{DisplayName: c.DisplayName, Handle: c.Username, Followers: c.Followers, Region: c.Region,
		Tier: c.Tier, Language: c.Language, GMV30d: c.GMV30d, Currency: c.SalesCurrency}, product, SenderInfo{Name: senderName, Company: b.Names[q.WorkspaceID]},
		map[string]string{"campaign.name": q.Campaign, "links.unsubscribe": unsubscribe})
	body, missing := render(parsed, v.Body, vars)
	subject := ""
	if step.Channel == store.ChannelEmail {
		var m2 []string
		subject, m2 = render(parsed, v.Subject, vars)
		missing = append(missing, m2...)
	}
	if len(missing) > 0 {
		return store.ScheduleDecision{Stop: "missing " + missing[0]}
	}
	m := &store.PlannedMessage{StepPosition: step.Position, Channel: step.Channel, SenderKey: sender, ToName: c.DisplayName,
		Subject: subject, Body: body, CardKind: step.CardKind, CardID: step.CardID, Variant: v.Label, MaxSinceReply: MaxMessagesBeforeReply}
	if m.ToName == "" {
		m.ToName = c.Username
	}
	switch step.Channel {
	case store.ChannelTikTokIM:
		m.ToTikTok = addr
	case store.ChannelEmail:
		m.ToEmail = addr
	default:
		m.ToDiscord = addr
	}
	set := b.Settings[q.WorkspaceID]
	if step.Channel == store.ChannelTikTokIM && q.TikTokConnectionID != nil {
		m.WeekCap = e.weeklyQuota(ctx, set, *q.TikTokConnectionID, now)
		m.WeekPeriod = "week:" + WeekStart(now, wsLoc).In(wsLoc).Format("2006-01-02")
		m.WeekRetryAt = NextWeekStart(now, wsLoc)
	}
	m.DayCap = dailyCap(set, step.Channel, mb, now, wsLoc)
	m.DayPeriod = "day:" + DayStart(now, wsLoc).In(wsLoc).Format("2006-01-02")
	m.DayRetryAt = quiet.NextAllowed(NextDayStart(now, wsLoc), loc)
	if m.DayCap < 0 {
		return store.ScheduleDecision{Defer: m.DayRetryAt, WaitReason: store.WaitDailyCap}
	}
	if en.StepIndex+1 < len(q.Steps) {
		m.NextAt = AddBusinessMinutes(now, loc, bh, q.Steps[en.StepIndex+1].DelayMinutes)
	}
	return store.ScheduleDecision{Message: m}
}

// stopFor is the stop condition a creator meets now, or "": a stop stage (do-not-contact
// and banned always), a reply since the enrollment's first message (or its enrollment), a
// sample requested since the enrollment.
func stopFor(q *store.Sequence, c *store.OutreachCreator, enrolledAt, start time.Time) string {
	if q.StopsAt(c.Stage) {
		return store.StopReasonForStage(c.Stage)
	}
	if q.StopOnReply && c.LastReplyAt != nil && !c.LastReplyAt.Before(start) {
		return StopReplied
	}
	if q.StopOnSample && c.SampleRequestedAt != nil && !c.SampleRequestedAt.Before(enrolledAt) {
		return StopSampleRequested
	}
	return ""
}

func enrollmentStart(en *store.Enrollment) time.Time {
	if en.FirstSentAt != nil {
		return *en.FirstSentAt
	}
	return en.EnrolledAt
}

// render parses (once per batch) and renders a template source.
func render(parsed map[string]*Template, src string, vars Vars) (string, []string) {
	t, ok := parsed[src]
	if !ok {
		var err error
		if t, err = ParseTemplate(src); err != nil {
			t = nil
		}
		parsed[src] = t
	}
	if t == nil {
		return "", []string{"a valid template (it no longer parses: edit it)"}
	}
	return t.Render(vars)
}

// dailyCap is the day's cap of a sender: the workspace's per-channel cap and, for a
// mailbox, its own cap and warm-up ramp, whichever is lowest; 0 for none, -1 for nothing
// today (a ramp starting at zero).
func dailyCap(set *store.OutreachSettings, channel string, mb *store.Mailbox, now time.Time, loc *time.Location) int {
	c := 0
	if set != nil {
		c = set.DailyCap(channel)
	}
	if mb != nil {
		w := WarmupCap(mb.DailyCap, mb.WarmupInitial, mb.WarmupStep, mb.WarmupStart.In(loc), now.In(loc))
		if w <= 0 {
			return -1
		}
		if w < Unlimited && (c == 0 || w < c) {
			c = w
		}
	}
	return c
}
