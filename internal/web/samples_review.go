package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// samplesReview handles POST /w/{ws}/samples/review: approve or reject the ticked
// applications (up to 100) on TikTok Shop. Every id must be an application of the workspace
// (else 404, before the form is checked); those reviewed already are left alone.
func (h *handler) samplesReview(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	var ids []int64
	for _, s := range r.PostForm["id"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			h.badRequest(w, r, fmt.Sprintf("id %s is not a sample application id.", quote(s)))
			return
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	switch {
	case len(ids) == 0:
		h.badRequest(w, r, "No application is ticked: tick the applications to review, then approve or reject them.")
		return
	case len(ids) > platformsync.MaxReviewBatch:
		h.badRequest(w, r, fmt.Sprintf("%d applications are ticked; review at most %d at once.", len(ids), platformsync.MaxReviewBatch))
		return
	}
	for _, id := range ids {
		if !h.sampleExists(w, r, id) {
			return
		}
	}
	h.reviewSamples(w, r, ids)
}

// sampleExists answers 404 (or 500) and reports false unless id is an application of the
// current workspace.
func (h *handler) sampleExists(w http.ResponseWriter, r *http.Request, id int64) bool {
	_, err := h.store.SampleApplication(r.Context(), current(r).workspace.ID, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.notFound(w, r)
		return false
	case err != nil:
		h.serverError(w, r, err)
		return false
	}
	return true
}

// reviewSamples checks the review form and sends the decision for ids. When every
// application was reviewed (or had been), it goes back to the list; otherwise the list shows
// what failed and why: 409 when TikTok Shop refused, 502 when it could not be reached, 503
// when this server has no TikTok Shop app.
func (h *handler) reviewSamples(w http.ResponseWriter, r *http.Request, ids []int64) {
	st := current(r)
	ws := st.workspace
	f := r.PostForm
	decision := f.Get("decision")
	reason, bad := rejectReason(f.Get("reason"), f.Get("note"))
	if bad != "" && decision == store.SampleDecisionReject {
		h.badRequest(w, r, bad)
		return
	}
	reason, err := platformsync.CheckReview(decision, reason)
	var re *platformsync.ReviewError
	if errors.As(err, &re) {
		msg := re.Field + " " + re.Message + "."
		if re.Field == "reason" {
			msg = "Pick a reason for the rejection (or write one under “Other”): the creator reads it."
		}
		h.badRequest(w, r, msg)
		return
	}
	rv := &platformsync.Reviewer{Store: h.store, Logger: h.log}
	if h.opts.Connect != nil {
		rv.Clients = h.opts.Connect
	}
	outcomes, err := rv.Review(r.Context(), st.principal.Actor(), ws.ID, ids, decision, reason)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	res := &sampleResults{}
	status := http.StatusConflict // the platform refused, or the application was busy
	for _, o := range outcomes {
		switch o.Result {
		case platformsync.ReviewDone:
			res.Done++
		case platformsync.ReviewUnchanged:
			res.Skipped++
		default:
			product := o.Sample.ProductName
			if product == "" {
				product = "product " + o.Sample.ProductID
			}
			res.Failures = append(res.Failures, sampleFailure{Creator: o.Sample.CreatorHandle, Product: product, Message: o.Message})
			switch {
			case o.Cause == platformsync.CauseUnconfigured:
				status = http.StatusServiceUnavailable
			case o.Cause == platformsync.CauseUnreachable && status != http.StatusServiceUnavailable:
				status = http.StatusBadGateway
			}
		}
	}
	back, _ := url.ParseQuery(f.Get("back"))
	if len(res.Failures) == 0 {
		back.Set("done", fmt.Sprintf("%s:%d:%d", decision, res.Done, res.Skipped))
		http.Redirect(w, r, listURL(wsURL(ws, "samples"), back), http.StatusSeeOther)
		return
	}
	verb := map[string]string{store.SampleDecisionApprove: "approved", store.SampleDecisionReject: "rejected"}[decision]
	res.Heading = fmt.Sprintf("%d of %d application(s) could not be %s", len(res.Failures), len(outcomes), verb)
	back.Del("done")
	h.renderSamples(w, r, status, back, res)
}

// rejectReason makes the reason sent to the creator of a reason picked from the list and the
// words added under it; "other" (or none picked) is the words alone.
func rejectReason(picked, note string) (string, string) {
	picked, note = strings.TrimSpace(picked), strings.TrimSpace(note)
	switch {
	case picked == "" || picked == "other":
		return note, ""
	case !slices.Contains(platformsync.RejectReasons, picked):
		return "", fmt.Sprintf("reason %s is not one of the offered reasons: pick one, or “Other” and write your own.", quote(picked))
	case note == "":
		return picked, ""
	}
	return picked + ". " + note, ""
}
