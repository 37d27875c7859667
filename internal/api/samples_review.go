package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/platformsync"
)

// maxReviewIDs is how many applications one review request takes.
const maxReviewIDs = platformsync.MaxReviewBatch

// reviewBody is a review decision. Checked by the handlers, after the applications are found.
type reviewBody struct {
	Decision string `json:"decision" required:"false" doc:"approve or reject" example:"reject"`
	Reason   string `json:"reason,omitempty" required:"false" doc:"Why it is rejected, up to 500 characters; the creator reads it. Required to reject, ignored to approve" example:"Sample out of stock"`
}

type reviewSampleInput struct {
	WS     string `path:"ws" doc:"Workspace slug"`
	Sample string `path:"sample" doc:"Sample application id"`
	Body   reviewBody
}

// ReviewResult is what became of one application of a review.
type ReviewResult struct {
	ID      int64  `json:"id"`
	Result  string `json:"result" enum:"reviewed,unchanged,failed" doc:"reviewed: TikTok Shop accepted it; unchanged: it was reviewed already and nothing was sent; failed: nothing changed (see message)"`
	Message string `json:"message" doc:"What happened, for people: TikTok Shop's own words when it refused"`
	Sample  Sample `json:"sample" doc:"The application as it stands now"`
}

type reviewSampleOutput struct{ Body ReviewResult }

type reviewSamplesInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		IDs      []int64 `json:"ids" required:"false" doc:"Sample application ids, 1 to 100"`
		Decision string  `json:"decision" required:"false" doc:"approve or reject" example:"approve"`
		Reason   string  `json:"reason,omitempty" required:"false" doc:"Why they are rejected, up to 500 characters; the creators read it. Required to reject"`
	}
}

type reviewSamplesOutput struct {
	Body struct {
		Reviewed  int            `json:"reviewed"`
		Unchanged int            `json:"unchanged"`
		Failed    int            `json:"failed"`
		Items     []ReviewResult `json:"items" doc:"One per id, in the order given"`
	}
}

// reviewer is the platform reviewer of this API's server.
func (a *API) reviewer() *platformsync.Reviewer {
	rv := &platformsync.Reviewer{Store: a.Store, Logger: a.Log}
	if a.Connect != nil {
		rv.Clients = a.Connect
	}
	return rv
}

// checkReview checks a decision and reason into the reason to send, as a 422 naming the field.
func checkReview(decision, reason string) (string, error) {
	reason, err := platformsync.CheckReview(decision, reason)
	var re *platformsync.ReviewError
	if errors.As(err, &re) {
		value := decision
		if re.Field == "reason" {
			value = reason
		}
		return "", invalid("body."+re.Field, value, re.Message)
	}
	return reason, err
}

func (a *API) reviewSample(ctx context.Context, in *reviewSampleInput) (*reviewSampleOutput, error) {
	st := from(ctx)
	row, err := a.sample(ctx, in.Sample)
	if err != nil {
		return nil, err
	}
	reason, err := checkReview(in.Body.Decision, in.Body.Reason)
	if err != nil {
		return nil, err
	}
	rv := a.reviewer()
	outs, err := rv.Review(ctx, st.principal.Actor(), st.workspace.ID, []int64{row.ID}, in.Body.Decision, reason)
	if err != nil {
		return nil, a.fail(err, "sample application")
	}
	o := outs[0]
	if o.Result == platformsync.ReviewFailed {
		switch o.Cause {
		case platformsync.CauseRefused, platformsync.CauseBusy, platformsync.CauseDisconnected:
			return nil, huma.Error409Conflict(o.Message)
		case platformsync.CauseUnconfigured:
			return nil, huma.Error503ServiceUnavailable(o.Message)
		}
		return nil, huma.NewError(http.StatusBadGateway, o.Message)
	}
	return &reviewSampleOutput{Body: ReviewResult{ID: o.ID, Result: o.Result, Message: o.Message, Sample: sampleOut(o.Sample)}}, nil
}

func (a *API) reviewSamples(ctx context.Context, in *reviewSamplesInput) (*reviewSamplesOutput, error) {
	st := from(ctx)
	var ids []int64
	seen := map[int64]bool{}
	for _, id := range in.Body.IDs {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) > maxReviewIDs {
		return nil, invalid("body.ids", len(ids), fmt.Sprintf("applications are too many: at most %d at once", maxReviewIDs))
	}
	// The applications before the rest of the body: another workspace's id is a 404
	// whatever the decision says.
	for _, id := range ids {
		if _, err := a.sample(ctx, fmt.Sprint(id)); err != nil {
			return nil, err
		}
	}
	if len(ids) == 0 {
		return nil, invalid("body.ids", in.Body.IDs, "is empty: name 1 to 100 applications")
	}
	reason, err := checkReview(in.Body.Decision, in.Body.Reason)
	if err != nil {
		return nil, err
	}
	outs, err := a.reviewer().Review(ctx, st.principal.Actor(), st.workspace.ID, ids, in.Body.Decision, reason)
	if err != nil {
		return nil, a.fail(err, "sample application")
	}
	out := &reviewSamplesOutput{}
	out.Body.Items = make([]ReviewResult, 0, len(outs))
	for _, o := range outs {
		switch o.Result {
		case platformsync.ReviewDone:
			out.Body.Reviewed++
		case platformsync.ReviewUnchanged:
			out.Body.Unchanged++
		default:
			out.Body.Failed++
		}
		out.Body.Items = append(out.Body.Items, ReviewResult{ID: o.ID, Result: o.Result, Message: o.Message, Sample: sampleOut(o.Sample)})
	}
	return out, nil
}
