package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/store"
)

// maxEnrollByHand is how many handles one form may enroll; a saved view has no limit.
const maxEnrollByHand = 5000

// outreachSequenceEnroll enrolls creators in a sequence: every creator of a saved directory
// view (view_id), or the handles (or creator ids) typed or pasted in creators. The page then
// shows how many were enrolled and why the others were not. A view matching more than
// store.EnrollSyncMax creators is enrolled in the background instead, and the member is
// sent to that enrollment's progress page.
func (h *handler) outreachSequenceEnroll(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	q := h.loadSequence(w, r)
	if q == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	ctx := r.Context()
	a := st.principal.Actor()
	var res *store.EnrollResult
	var err error
	var notFound []string // the handles typed that are no creator here, named on the page
	switch {
	case r.PostForm.Get("view_id") != "":
		id, perr := strconv.ParseInt(r.PostForm.Get("view_id"), 10, 64)
		if perr != nil || id <= 0 {
			h.showSequenceError(w, r, q, q.Steps, "view "+quote(r.PostForm.Get("view_id"))+" is not a saved view id.")
			return
		}
		v, owner, verr := h.store.DirectoryView(ctx, ws.ID, id)
		if errors.Is(verr, store.ErrNotFound) {
			h.showSequenceError(w, r, q, q.Steps, fmt.Sprintf("Saved view %d is not a directory view of this workspace.", id))
			return
		}
		if verr != nil {
			h.serverError(w, r, verr)
			return
		}
		dq, perr := DirectoryViewQuery(v.Query, owner) // as its owner saved it, like the rule job
		if perr != nil {
			h.showSequenceError(w, r, q, q.Steps, "The saved view "+quote(v.Name)+" has filters the directory no longer reads: "+perr.Error())
			return
		}
		// A big view is enrolled by the Directory's background job (a request would time
		// out); up to the same threshold it stays in the request, with the notice below.
		ids, lerr := h.store.DirectoryIDs(ctx, ws.ID, dq, store.EnrollSyncMax)
		if lerr != nil {
			h.serverError(w, r, lerr)
			return
		}
		if len(ids) > store.EnrollSyncMax {
			h.enrollJobStart(w, r, q, dq, v.Query, store.ViewEnrollSource(v.ID), func(msg string) {
				h.showSequenceError(w, r, q, q.Steps, "Nobody was enrolled: "+msg)
			})
			return
		}
		res, err = h.store.EnrollCreators(ctx, a, ws.ID, q.ID, ids, store.ViewEnrollSource(v.ID))
	default:
		ids, missing, perr := h.creatorsFromText(r, r.PostForm.Get("creators"))
		if perr != nil {
			h.showSequenceError(w, r, q, q.Steps, perr.Error())
			return
		}
		notFound = missing
		res, err = h.store.EnrollCreators(ctx, a, ws.ID, q.ID, ids, "manual")
		if res != nil {
			res.NotFound += len(missing)
		}
	}
	if err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			h.showSequenceError(w, r, q, q.Steps, "Nobody was enrolled: "+msg)
			return
		}
		h.serverError(w, r, err)
		return
	}
	out := outcomeOf(res)
	out.NotFoundNames = notFound
	http.Redirect(w, r, sequencePath(ws, q.ID, "")+"?"+out.query("enrolled")+"#enroll", http.StatusSeeOther)
}

// creatorsFromText reads handles (with or without @) or creator ids, separated by spaces,
// commas or lines, and finds them in the workspace; it returns the ids found and the words
// that are no creator of the workspace.
func (h *handler) creatorsFromText(r *http.Request, text string) ([]int64, []string, error) {
	ws := current(r).workspace
	words := strings.FieldsFunc(text, func(c rune) bool { return c == ',' || c == ';' || c == ' ' || c == '\n' || c == '\r' || c == '\t' })
	if len(words) == 0 {
		return nil, nil, fmt.Errorf("type or paste at least one handle, or pick a saved view")
	}
	if len(words) > maxEnrollByHand {
		return nil, nil, fmt.Errorf("at most %d handles at once (%d were given): save a directory view for more", maxEnrollByHand, len(words))
	}
	var ids []int64
	var missing []string
	for _, w := range words {
		id, err := h.store.CreatorIDByHandle(r.Context(), ws.ID, strings.TrimPrefix(w, "@"))
		if errors.Is(err, store.ErrNotFound) {
			if n, perr := strconv.ParseInt(w, 10, 64); perr == nil && n > 0 {
				ids = append(ids, n) // the store reports ids that are not the workspace's
				continue
			}
			missing = append(missing, w)
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
	}
	return ids, missing, nil
}
