package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// taskDone completes a task in one click, or reopens it (field done=0).
func (h *handler) taskDone(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	id, err := strconv.ParseInt(r.PathValue("task"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return
	}
	task, err := h.store.Task(r.Context(), st.workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	done := r.PostFormValue("done") != "0"
	if _, err := h.store.SetTaskDone(r.Context(), st.principal.Actor(), st.workspace.ID, task.ID, done); err != nil {
		h.changeFailed(w, r, err)
		return
	}
	ok := "done"
	if !done {
		ok = "reopened"
	}
	backTo(w, r, wsURL(st.workspace, "tasks"), ok)
}
