package web

import (
	"errors"
	"fmt"
	"github.com/creatorops/creatorops/internal/crm"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// mergeCreators merges the form's "merged" creator into its "kept" one (the duplicates page's
// "Merge into left/right" buttons), then goes back to the duplicates page.
func (h *handler) mergeCreators(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	kept, keptErr := formID(r, "kept")
	merged, mergedErr := formID(r, "merged")
	if err := errors.Join(keptErr, mergedErr); err != nil {
		h.badRequest(w, r, err.Error())
		return
	}
	// Both creators are looked up in this workspace before anything else: another workspace's
	// creator is a 404 like any missing page.
	for _, id := range []int64{kept, merged} {
		if _, err := h.store.CRMProfile(r.Context(), st.workspace.ID, id); errors.Is(err, store.ErrNotFound) {
			h.notFound(w, r)
			return
		} else if err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if len(reason) > 500 {
		h.badRequest(w, r, "reason: at most 500 characters.")
		return
	}
	_, err := h.store.MergeCreators(r.Context(), principalOf(r).Actor(), st.workspace.ID, kept, merged, reason)
	if status, msg := mergeRefusal(err); status != 0 {
		p := &duplicatesPage{basePage: basePage{Title: st.workspace.Name + " — Duplicates"}, Workspace: st.workspace,
			CanManage: st.can(access.ManageCreators), CanExport: st.can(access.ExportData), Error: msg}
		h.renderDuplicates(w, r, status, p)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.refreshSoon(r, st.workspace.ID)
	http.Redirect(w, r, wsURL(st.workspace, "duplicates?done=merged"), http.StatusSeeOther)
}

// mergeRefusal is the status and message of a merge or unmerge the store refused for a reason
// the member can act on; 0 for any other outcome.
func mergeRefusal(err error) (int, string) {
	switch {
	case errors.Is(err, store.ErrSameCreator):
		return http.StatusBadRequest, "A creator cannot be merged into itself: choose two different creators."
	case errors.Is(err, store.ErrCreatorMerged):
		return http.StatusConflict, strings.TrimPrefix(err.Error(), "store: ") +
			": merge into (or from) the creator it was merged into, or undo that merge first."
	case errors.Is(err, store.ErrMergeUndone):
		return http.StatusConflict, "This merge was already undone."
	}
	return 0, ""
}

// formID reads a positive id from a form field, with a message naming the field when it is not one.
func formID(r *http.Request, field string) (int64, error) {
	v := strings.TrimSpace(r.PostFormValue(field))
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s: %q is not a creator id.", field, v)
	}
	return id, nil
}

// refreshSoon queues a CRM refresh of the workspace, so the directory's precomputed sales fold
// (or split) the merged creator's within moments rather than at the next hourly run. The merge
// itself is done: a failure to queue is logged, and the hourly run catches up.
func (h *handler) refreshSoon(r *http.Request, wsID int64) {
	if err := crm.EnqueueRefresh(r.Context(), h.store, wsID); err != nil {
		h.log.Error("unable to queue a CRM refresh", "workspace", wsID, "err", err)
	}
}
