package api

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/views"
)

// StepResults is what one step of a sequence achieved, per A/B variant.
type StepResults struct {
	Position   int              `json:"position" doc:"From 0"`
	Channel    string           `json:"channel"`
	TemplateID int64            `json:"template_id"`
	Variants   []VariantResults `json:"variants"`
	ABNotes    []ABNote         `json:"ab_notes" doc:"Each variant's reply rate against the first variant's"`
}

// VariantResults counts one variant's messages and what the creators did after them.
type VariantResults struct {
	Variant   string  `json:"variant"`
	Sent      int     `json:"sent" doc:"Handed to the channel"`
	Delivered int     `json:"delivered" doc:"Accepted by the channel"`
	Replied   int     `json:"replied"`
	Onboarded int     `json:"onboarded" doc:"At Onboarded or a later stage"`
	Sampled   int     `json:"sampled"`
	Activated int     `json:"activated" doc:"Creators whose first attributed sale is on or after the message's day (workspace time zone)"`
	GMV       []Money `json:"gmv" doc:"Live order lines on the message's day and the next days-1 days (workspace time zone), per currency"`
}

// ABNote is the significance of a difference in reply rates.
type ABNote struct {
	A           string  `json:"a"`
	B           string  `json:"b"`
	Lift        float64 `json:"lift" doc:"B's reply rate minus A's, in percentage points"`
	PValue      float64 `json:"p_value"`
	Significant bool    `json:"significant"`
	Note        string  `json:"note" example:"B replies 4.1 points more often than A; likely real (p = 0.01)"`
}

type resultsInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Sequence string `path:"sequence" doc:"Sequence id"`
	Days     int    `query:"days" default:"30" minimum:"1" maximum:"365" doc:"GMV counted on the message's day and this many days in all (workspace time zone)"`
}

type resultsOutput struct {
	Body struct {
		Days  int           `json:"days"`
		Steps []StepResults `json:"steps"`
	}
}

// SenderQuota is what a sender may still send in its period.
type SenderQuota struct {
	Kind      string    `json:"kind" enum:"tiktok,email"`
	Name      string    `json:"name"`
	SenderKey string    `json:"sender_key" example:"tiktok:3"`
	Channel   string    `json:"channel"`
	Period    string    `json:"period" enum:"week,day" doc:"TikTok first contacts count per week (from Sunday 00:00, workspace time zone); mailboxes per day"`
	Quota     int       `json:"quota"`
	Used      int       `json:"used"`
	Left      int       `json:"left"`
	ResetsAt  time.Time `json:"resets_at"`
	GMV30d    *Money    `json:"gmv_30d,omitempty" doc:"TikTok: the shop's 30-day GMV the quota comes from"`
	Warmup    bool      `json:"warmup" doc:"Email: the mailbox is still ramping up"`
	Paused    bool      `json:"paused"`
}

type quotasInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
}

type quotasOutput struct {
	Body struct {
		Items []SenderQuota `json:"items"`
	}
}

func registerOutreachResults(a *API) {
	register(a, huma.Operation{OperationID: "get-sequence-results", Method: http.MethodGet, Path: outreachPath + "/sequences/{sequence}/results",
		Summary: "A sequence's results per step and variant", Tags: outreachTags,
		Description: "Sent, delivered, replied, onboarded, sampled, activated and GMV attributed within days, with the significance of A/B differences."},
		access.ViewData, a.sequenceResults)
	register(a, huma.Operation{OperationID: "get-outreach-quotas", Method: http.MethodGet, Path: outreachPath + "/quotas",
		Summary: "What each sender may still send", Tags: outreachTags,
		Description: "Each TikTok Shop connection's weekly first contacts and each mailbox's daily cap (with its warm-up), used and left."},
		access.ViewData, a.outreachQuotas)
}

func (a *API) sequenceResults(ctx context.Context, in *resultsInput) (*resultsOutput, error) {
	q, err := a.pathSequence(ctx, in.Sequence)
	if err != nil {
		return nil, err
	}
	res, err := a.Store.SequenceResults(ctx, from(ctx).workspace.ID, q.ID, time.Duration(in.Days)*24*time.Hour)
	if err != nil {
		return nil, a.fail(err, "sequence")
	}
	out := &resultsOutput{}
	out.Body.Days, out.Body.Steps = in.Days, []StepResults{}
	for _, st := range q.Steps {
		sr := StepResults{Position: st.Position, Channel: st.Channel, TemplateID: st.TemplateID, Variants: []VariantResults{}, ABNotes: []ABNote{}}
		var first *VariantResults
		for _, x := range res {
			if x.Position != st.Position {
				continue
			}
			v := VariantResults{Variant: x.Variant, Sent: x.Sent, Delivered: x.Delivered, Replied: x.Replied, Onboarded: x.Onboarded,
				Sampled: x.Sampled, Activated: x.Activated, GMV: []Money{}}
			for cur, amount := range x.GMV {
				v.GMV = append(v.GMV, moneyOf(amount, cur))
			}
			sort.Slice(v.GMV, func(i, j int) bool { return v.GMV[i].Currency < v.GMV[j].Currency })
			sr.Variants = append(sr.Variants, v)
		}
		sort.Slice(sr.Variants, func(i, j int) bool { return sr.Variants[i].Variant < sr.Variants[j].Variant })
		for i := range sr.Variants {
			if i == 0 {
				first = &sr.Variants[0]
				continue
			}
			b := sr.Variants[i]
			sig := outreach.Compare(first.Delivered, first.Replied, b.Delivered, b.Replied)
			sr.ABNotes = append(sr.ABNotes, ABNote{A: first.Variant, B: b.Variant, Lift: sig.Lift, PValue: sig.PValue, Significant: sig.Significant, Note: sig.Note})
		}
		out.Body.Steps = append(out.Body.Steps, sr)
	}
	return out, nil
}

func (a *API) outreachQuotas(ctx context.Context, _ *quotasInput) (*quotasOutput, error) {
	ss, err := views.Status(ctx, a.Store, from(ctx).workspace, time.Now())
	if err != nil {
		return nil, a.fail(err, "quota")
	}
	out := &quotasOutput{}
	out.Body.Items = []SenderQuota{}
	for _, s := range ss {
		q := SenderQuota{Kind: s.Kind, Name: s.Name, SenderKey: s.SenderKey, Channel: s.Channel, Period: s.Period, Quota: s.Quota,
			Used: s.Used, Left: s.Left, ResetsAt: s.Resets, Warmup: s.Warmup, Paused: s.Paused}
		if s.Kind == "tiktok" {
			m := moneyOf(s.GMV30d, s.Currency)
			q.GMV30d = &m
		}
		out.Body.Items = append(out.Body.Items, q)
	}
	return out, nil
}
