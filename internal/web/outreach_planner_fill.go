package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/outreach/views"
)

// outreachPlannerFill enrolls the planner's plan for a sequence: the highest-scoring
// prospects up to what its sender has left (planned again now, so a stale page cannot
// overshoot), and shows the counts.
func (h *handler) outreachPlannerFill(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	id, err := strconv.ParseInt(r.PostForm.Get("sequence"), 10, 64)
	if err != nil || id <= 0 {
		h.badRequest(w, r, "sequence "+quote(r.PostForm.Get("sequence"))+" is not a sequence id: pick one.")
		return
	}
	q, err := h.store.Sequence(ctx, ws.ID, id)
	if err != nil {
		h.notFoundOr500(w, r, err)
		return
	}
	senders, err := views.Status(ctx, h.store, ws, time.Now())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	p, err := views.MakePlan(ctx, h.store, ws.ID, q, senders)
	if err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			h.badRequest(w, r, "The sequence "+quote(q.Name)+" cannot be planned: "+msg)
			return
		}
		h.serverError(w, r, err)
		return
	}
	ids := make([]int64, len(p.Candidates))
	for i, c := range p.Candidates {
		ids[i] = c.ID
	}
	res, err := h.store.EnrollCreators(ctx, st.principal.Actor(), ws.ID, q.ID, ids, "planner")
	if err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			h.badRequest(w, r, "Nobody was enrolled: "+msg)
			return
		}
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(ws, "outreach/planner")+"?sequence="+strconv.FormatInt(q.ID, 10)+"&"+outcomeOf(res).query("enrolled"), http.StatusSeeOther)
}
