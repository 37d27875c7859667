package api

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/views"
	"github.com/creatorops/creatorops/internal/store"
)

// Sequence is an ordered list of steps sent to each enrolled creator.
type Sequence struct {
	ID                 int64          `json:"id"`
	Name               string         `json:"name" example:"US beauty prospects"`
	Status             string         `json:"status" enum:"draft,active,paused,archived"`
	TikTokConnectionID *int64         `json:"tiktok_connection_id" doc:"The TikTok Shop connection that sends the IM steps"`
	MailboxID          *int64         `json:"mailbox_id" doc:"The mailbox that sends the email steps"`
	StopOnReply        bool           `json:"stop_on_reply"`
	StopOnSample       bool           `json:"stop_on_sample"`
	StopStages         []string       `json:"stop_stages" doc:"Reaching one of these stages (or a later one) stops an enrollment"`
	Hours              OutreachHours  `json:"hours"`
	Rule               SequenceRule   `json:"rule"`
	ProductID          string         `json:"product_id"`
	Campaign           string         `json:"campaign"`
	CommissionBps      int            `json:"commission_bps" doc:"Offered commission in basis points: 1500 = 15%"`
	Steps              []SequenceStep `json:"steps"`
	Stats              SequenceStats  `json:"stats"`
	CreatedAt          time.Time      `json:"created_at"`
	UpdatedAt          time.Time      `json:"updated_at"`
}

// OutreachHours are when messages may go out, on the creator's clock.
type OutreachHours struct {
	BusinessStart string   `json:"business_start" required:"false" example:"09:00" doc:"Delays count business minutes from here"`
	BusinessEnd   string   `json:"business_end" required:"false" example:"18:00"`
	BusinessDays  []string `json:"business_days" required:"false" doc:"mon … sun" example:"[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"]"`
	QuietStart    string   `json:"quiet_start" required:"false" example:"21:00" doc:"Nothing is sent from here"`
	QuietEnd      string   `json:"quiet_end" required:"false" example:"08:00"`
}

// SequenceRule enrolls creators by itself: those of a saved view, or of a stage with a fit score.
type SequenceRule struct {
	Enabled  bool   `json:"enabled" required:"false"`
	ViewID   *int64 `json:"view_id,omitempty" required:"false" doc:"A saved directory view"`
	Stage    string `json:"stage" required:"false" doc:"Or creators in this stage"`
	MinScore int    `json:"min_score" required:"false" minimum:"0" maximum:"100" doc:"With a fit score of at least this"`
}

// SequenceStep is one message of a sequence.
type SequenceStep struct {
	Channel      string `json:"channel" enum:"tiktok_im,email,discord"`
	TemplateID   int64  `json:"template_id"`
	DelayMinutes int    `json:"delay_minutes" required:"false" minimum:"0" maximum:"525600" doc:"Business minutes after the previous step (the first step: after enrolling)"`
	CardKind     string `json:"card_kind" required:"false" doc:"TikTok IM only: a card sent after the text: product, target_collaboration or free_sample"`
	CardID       string `json:"card_id" required:"false" maxLength:"64"`
}

// SequenceStats are a sequence's enrollment counts.
type SequenceStats struct {
	Enrolled     int `json:"enrolled"`
	Active       int `json:"active"`
	Paused       int `json:"paused"`
	Stopped      int `json:"stopped"`
	Completed    int `json:"completed"`
	Contacted    int `json:"contacted" doc:"Enrollments that got at least one message"`
	Replied      int `json:"replied" doc:"Of those, creators who replied after the first message"`
	SentThisWeek int `json:"sent_this_week" doc:"Messages sent since Sunday 00:00 in the workspace's time zone"`
}

var weekdayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func hoursOut(h store.OutreachHours) OutreachHours {
	out := OutreachHours{BusinessStart: clockText(h.BusinessStart), BusinessEnd: clockText(h.BusinessEnd), QuietStart: clockText(h.QuietStart),
		QuietEnd: clockText(h.QuietEnd), BusinessDays: []string{}}
	for i, d := range weekdayNames {
		if h.BusinessDays&(1<<i) != 0 {
			out.BusinessDays = append(out.BusinessDays, d)
		}
	}
	return out
}

// hoursIn applies the given fields of b to h.
func hoursIn(b *OutreachHours, h store.OutreachHours) (store.OutreachHours, error) {
	for _, f := range []struct {
		name, v string
		dst     *int
	}{{"business_start", b.BusinessStart, &h.BusinessStart}, {"business_end", b.BusinessEnd, &h.BusinessEnd},
		{"quiet_start", b.QuietStart, &h.QuietStart}, {"quiet_end", b.QuietEnd, &h.QuietEnd}} {
		if f.v == "" {
			continue
		}
		m, ok := parseClockText(f.v)
		if !ok {
			return h, invalid("body.hours."+f.name, f.v, "is not a time of day like 09:00")
		}
		*f.dst = m
	}
	if b.BusinessDays != nil {
		h.BusinessDays = 0
		for _, d := range b.BusinessDays {
			i := slices.Index(weekdayNames, strings.ToLower(d))
			if i < 0 {
				return h, invalid("body.hours.business_days", d, "is not a day (mon … sun)")
			}
			h.BusinessDays |= 1 << i
		}
	}
	return h, nil
}

func sequenceOut(q *store.Sequence, x *store.SequenceStats) Sequence {
	out := Sequence{ID: q.ID, Name: q.Name, Status: q.Status, TikTokConnectionID: q.TikTokConnectionID, MailboxID: q.MailboxID,
		StopOnReply: q.StopOnReply, StopOnSample: q.StopOnSample, StopStages: []string{}, Hours: hoursOut(q.Hours),
		Rule:      SequenceRule{Enabled: q.Rule.Enabled, ViewID: q.Rule.ViewID, Stage: q.Rule.Stage, MinScore: q.Rule.MinScore},
		ProductID: q.ProductID, Campaign: q.Campaign, CommissionBps: q.CommissionBps, Steps: []SequenceStep{},
		CreatedAt: q.CreatedAt, UpdatedAt: q.UpdatedAt}
	for _, s := range q.StopStages {
		out.StopStages = append(out.StopStages, string(s))
	}
	for _, s := range q.Steps {
		out.Steps = append(out.Steps, SequenceStep{Channel: s.Channel, TemplateID: s.TemplateID, DelayMinutes: s.DelayMinutes, CardKind: s.CardKind, CardID: s.CardID})
	}
	if x != nil {
		out.Stats = SequenceStats{Enrolled: x.Enrolled, Active: x.Active, Paused: x.Paused, Stopped: x.Stopped, Completed: x.Completed,
			Contacted: x.Contacted, Replied: x.Replied, SentThisWeek: x.SentSince}
	}
	return out
}

// sequenceBody is a sequence's settings as sent; fields left out keep their value (or the
// default, on create).
type sequenceBody struct {
	Name               string         `json:"name,omitempty" required:"false" maxLength:"120"`
	TikTokConnectionID *int64         `json:"tiktok_connection_id,omitempty" required:"false" doc:"0 for none"`
	MailboxID          *int64         `json:"mailbox_id,omitempty" required:"false" doc:"0 for none"`
	StopOnReply        *bool          `json:"stop_on_reply,omitempty" required:"false" doc:"Default true"`
	StopOnSample       *bool          `json:"stop_on_sample,omitempty" required:"false" doc:"Default true"`
	StopStages         []string       `json:"stop_stages,omitempty" required:"false" doc:"Default onboarded"`
	Hours              *OutreachHours `json:"hours,omitempty" required:"false" doc:"Default: the workspace's outreach settings"`
	Rule               *SequenceRule  `json:"rule,omitempty" required:"false"`
	ProductID          *string        `json:"product_id,omitempty" required:"false" maxLength:"40"`
	Campaign           *string        `json:"campaign,omitempty" required:"false" maxLength:"120"`
	CommissionBps      *int           `json:"commission_bps,omitempty" required:"false"`
	Steps              []SequenceStep `json:"steps,omitempty" required:"false" maxItems:"20" doc:"On create only; afterwards replace-sequence-steps changes them"`
}

// apply writes the given fields to q.
func (b *sequenceBody) apply(q *store.Sequence) error {
	if b.Name != "" {
		q.Name = b.Name
	}
	zeroNil := func(p *int64) *int64 {
		if p != nil && *p == 0 {
			return nil
		}
		return p
	}
	if b.TikTokConnectionID != nil {
		q.TikTokConnectionID = zeroNil(b.TikTokConnectionID)
	}
	if b.MailboxID != nil {
		q.MailboxID = zeroNil(b.MailboxID)
	}
	if b.StopOnReply != nil {
		q.StopOnReply = *b.StopOnReply
	}
	if b.StopOnSample != nil {
		q.StopOnSample = *b.StopOnSample
	}
	if b.StopStages != nil {
		q.StopStages = nil
		for _, s := range b.StopStages {
			st, ok := model.ParseStage(s)
			if !ok {
				return invalid("body.stop_stages", s, "is not a stage")
			}
			q.StopStages = append(q.StopStages, st)
		}
	}
	if b.Hours != nil {
		h, err := hoursIn(b.Hours, q.Hours)
		if err != nil {
			return err
		}
		q.Hours = h
	}
	if b.Rule != nil {
		q.Rule = store.SequenceRule{Enabled: b.Rule.Enabled, ViewID: zeroNil(b.Rule.ViewID), Stage: b.Rule.Stage, MinScore: b.Rule.MinScore}
	}
	if b.ProductID != nil {
		q.ProductID = *b.ProductID
	}
	if b.Campaign != nil {
		q.Campaign = *b.Campaign
	}
	if b.CommissionBps != nil {
		q.CommissionBps = *b.CommissionBps
	}
	return nil
}

type listSequencesInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Archived bool   `query:"archived" doc:"Include archived sequences"`
	PageParams
}

type listSequencesOutput struct {
	Body struct {
		Items      []Sequence `json:"items"`
		NextCursor string     `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type createSequenceInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body sequenceBody
}

type sequenceInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Sequence string `path:"sequence" doc:"Sequence id"`
}

type updateSequenceInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Sequence string `path:"sequence" doc:"Sequence id"`
	Body     sequenceBody
}

type replaceStepsInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Sequence string `path:"sequence" doc:"Sequence id"`
	Body     struct {
		Steps []SequenceStep `json:"steps" required:"false" maxItems:"20"`
	}
}

type sequenceStatusInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Sequence string `path:"sequence" doc:"Sequence id"`
	Body     struct {
		Status string `json:"status" required:"false" doc:"active, paused or archived" example:"active"`
	}
}

type sequenceOutput struct{ Body Sequence }

func registerOutreachSequences(a *API) {
	base := outreachPath + "/sequences"
	register(a, huma.Operation{OperationID: "list-sequences", Method: http.MethodGet, Path: base,
		Summary: "List the outreach sequences", Tags: outreachTags, Description: "Newest first, with their enrollment counts."},
		access.ViewData, a.listSequences)
	register(a, huma.Operation{OperationID: "create-sequence", Method: http.MethodPost, Path: base, DefaultStatus: http.StatusCreated,
		Summary: "Create a sequence", Tags: outreachTags, Description: "A draft: activate it once it has steps and senders."},
		access.RunOutreach, a.createSequence)
	register(a, huma.Operation{OperationID: "get-sequence", Method: http.MethodGet, Path: base + "/{sequence}",
		Summary: "Get a sequence", Tags: outreachTags}, access.ViewData, a.getSequence)
	register(a, huma.Operation{OperationID: "update-sequence", Method: http.MethodPatch, Path: base + "/{sequence}",
		Summary: "Change a sequence's settings", Tags: outreachTags, Description: "Fields left out keep their value. Steps: replace-sequence-steps."},
		access.RunOutreach, a.updateSequence)
	register(a, huma.Operation{OperationID: "replace-sequence-steps", Method: http.MethodPut, Path: base + "/{sequence}/steps",
		Summary: "Replace a sequence's steps", Tags: outreachTags,
		Description: "Every step's template must suit its channel (an email needs a subject; IM and Discord fit 2,000 characters). Enrollments keep their step index."},
		access.RunOutreach, a.replaceSteps)
	register(a, huma.Operation{OperationID: "set-sequence-status", Method: http.MethodPut, Path: base + "/{sequence}/status",
		Summary: "Activate, pause or archive a sequence", Tags: outreachTags,
		Description: "Activating needs steps and a sender for each step's channel. Pausing holds queued messages; archiving stops every enrollment."},
		access.RunOutreach, a.setSequenceStatus)
}

func (a *API) sequenceStats(ctx context.Context) (map[int64]*store.SequenceStats, error) {
	ws := from(ctx).workspace
	return a.Store.OutreachSequenceStats(ctx, ws.ID, views.WeekStart(time.Now(), ws.Location()))
}

func (a *API) listSequences(ctx context.Context, in *listSequencesInput) (*listSequencesOutput, error) {
	qs, err := a.Store.Sequences(ctx, from(ctx).workspace.ID, in.Archived)
	if err != nil {
		return nil, a.fail(err, "sequence")
	}
	stats, err := a.sequenceStats(ctx)
	if err != nil {
		return nil, a.fail(err, "sequence")
	}
	lo, hi, next, err := offsetPage(in.Cursor, in.Limit, len(qs))
	if err != nil {
		return nil, err
	}
	out := &listSequencesOutput{}
	out.Body.Items, out.Body.NextCursor = []Sequence{}, next
	for _, q := range qs[lo:hi] {
		out.Body.Items = append(out.Body.Items, sequenceOut(q, stats[q.ID]))
	}
	return out, nil
}

func (a *API) createSequence(ctx context.Context, in *createSequenceInput) (*sequenceOutput, error) {
	st := from(ctx)
	settings, err := a.Store.OutreachSettings(ctx, st.workspace.ID)
	if err != nil {
		return nil, a.fail(err, "settings")
	}
	q := &store.Sequence{WorkspaceID: st.workspace.ID, StopOnReply: true, StopOnSample: true, Hours: settings.Hours,
		StopStages: []model.Stage{model.StageOnboarded}}
	if err := in.Body.apply(q); err != nil {
		return nil, err
	}
	if q.Steps, err = a.checkSteps(ctx, in.Body.Steps); err != nil {
		return nil, err
	}
	if err := a.Store.CreateSequence(ctx, st.principal.Actor(), q); err != nil {
		return nil, a.outreachProblem(err, "sequence")
	}
	return &sequenceOutput{Body: sequenceOut(q, nil)}, nil
}

// checkSteps converts steps and checks every one's template against its channel.
func (a *API) checkSteps(ctx context.Context, steps []SequenceStep) ([]store.SequenceStep, error) {
	ws := from(ctx).workspace
	out := make([]store.SequenceStep, 0, len(steps))
	for i, s := range steps {
		t, err := a.Store.Template(ctx, ws.ID, s.TemplateID)
		if err != nil {
			if err == store.ErrNotFound {
				return nil, invalid(fmt.Sprintf("body.steps[%d].template_id", i), s.TemplateID, "is not a template of this workspace")
			}
			return nil, a.fail(err, "template")
		}
		for _, v := range t.Variants {
			if err := outreach.CheckForChannel(s.Channel, v.Subject, v.Body); err != nil {
				return nil, invalid(fmt.Sprintf("body.steps[%d]", i), s.Channel,
					fmt.Sprintf("does not suit template %q, variant %s: %s", t.Name, v.Label, strings.ReplaceAll(err.Error(), "\n", "; ")))
			}
		}
		out = append(out, store.SequenceStep{Position: i, Channel: s.Channel, TemplateID: s.TemplateID, DelayMinutes: s.DelayMinutes,
			CardKind: s.CardKind, CardID: s.CardID})
	}
	return out, nil
}

func (a *API) getSequence(ctx context.Context, in *sequenceInput) (*sequenceOutput, error) {
	q, err := a.pathSequence(ctx, in.Sequence)
	if err != nil {
		return nil, err
	}
	stats, err := a.sequenceStats(ctx)
	if err != nil {
		return nil, a.fail(err, "sequence")
	}
	return &sequenceOutput{Body: sequenceOut(q, stats[q.ID])}, nil
}

func (a *API) updateSequence(ctx context.Context, in *updateSequenceInput) (*sequenceOutput, error) {
	st := from(ctx)
	q, err := a.pathSequence(ctx, in.Sequence)
	if err != nil {
		return nil, err
	}
	if in.Body.Steps != nil {
		return nil, invalid("body.steps", len(in.Body.Steps), "are changed with replace-sequence-steps (PUT …/steps)")
	}
	if err := in.Body.apply(q); err != nil {
		return nil, err
	}
	if err := a.Store.UpdateSequence(ctx, st.principal.Actor(), q); err != nil {
		return nil, a.outreachProblem(err, "sequence")
	}
	return a.getSequence(ctx, &sequenceInput{Sequence: strconv.FormatInt(q.ID, 10)})
}

func (a *API) replaceSteps(ctx context.Context, in *replaceStepsInput) (*sequenceOutput, error) {
	st := from(ctx)
	q, err := a.pathSequence(ctx, in.Sequence)
	if err != nil {
		return nil, err
	}
	steps, err := a.checkSteps(ctx, in.Body.Steps)
	if err != nil {
		return nil, err
	}
	if err := a.Store.ReplaceSteps(ctx, st.principal.Actor(), st.workspace.ID, q.ID, steps); err != nil {
		return nil, a.outreachProblem(err, "sequence")
	}
	return a.getSequence(ctx, &sequenceInput{Sequence: strconv.FormatInt(q.ID, 10)})
}

func (a *API) setSequenceStatus(ctx context.Context, in *sequenceStatusInput) (*sequenceOutput, error) {
	st := from(ctx)
	q, err := a.pathSequence(ctx, in.Sequence)
	if err != nil {
		return nil, err
	}
	if err := a.Store.SetSequenceStatus(ctx, st.principal.Actor(), st.workspace.ID, q.ID, in.Body.Status); err != nil {
		return nil, a.outreachProblem(err, "sequence")
	}
	return a.getSequence(ctx, &sequenceInput{Sequence: strconv.FormatInt(q.ID, 10)})
}
