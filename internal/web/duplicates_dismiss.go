package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// dismissDuplicate records that the form's two creators ("a" and "b") are different people:
// the pair leaves the duplicates list for good.
func (h *handler) dismissDuplicate(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	a, aErr := formID(r, "a")
	b, bErr := formID(r, "b")
	if err := errors.Join(aErr, bErr); err != nil {
		h.badRequest(w, r, err.Error())
		return
	}
	err := h.store.DismissDuplicate(r.Context(), principalOf(r).Actor(), st.workspace.ID, a, b)
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.notFound(w, r)
		return
	case errors.Is(err, store.ErrSameCreator):
		h.badRequest(w, r, "a and b are the same creator: choose two different creators.")
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "duplicates?done=dismissed"), http.StatusSeeOther)
}
