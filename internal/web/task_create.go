package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// taskCreate adds a task: title, due (a date, optional), assignee (a member's id, "me", or
// empty) and creator (an id, optional — the creator page sends its own).
func (h *handler) taskCreate(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	in := store.TaskInput{Title: r.PostFormValue("title")}
	def := wsURL(st.workspace, "tasks")
	if raw := r.PostFormValue("creator"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			h.notFound(w, r)
			return
		}
		in.CreatorID = &id
		def = creatorURL(r, id)
	}
	if raw := strings.TrimSpace(r.PostFormValue("creator_handle")); raw != "" && in.CreatorID == nil {
		id, err := h.store.CreatorIDByHandle(r.Context(), st.workspace.ID, raw)
		if isNotFound(err) {
			h.refuse(w, r, http.StatusBadRequest, "creator: "+quote(raw)+" is not a creator of this workspace: check the handle in the directory.")
			return
		}
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		in.CreatorID = &id
	}
	if raw := strings.TrimSpace(r.PostFormValue("due")); raw != "" {
		d, err := time.Parse("2006-01-02", raw)
		if err != nil {
			h.refuse(w, r, http.StatusBadRequest, "due: "+quote(raw)+" is not a date (YYYY-MM-DD).")
			return
		}
		in.DueDay = int32(d.Year()*10000 + int(d.Month())*100 + d.Day())
	}
	switch raw := r.PostFormValue("assignee"); raw {
	case "":
	case "me":
		me := st.principal.User.ID
		in.AssigneeID = &me
	default:
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			h.refuse(w, r, http.StatusBadRequest, "assignee: "+quote(raw)+" is not a member of this workspace.")
			return
		}
		in.AssigneeID = &id
	}
	if _, err := h.store.CreateTask(r.Context(), st.principal.Actor(), st.workspace.ID, in); err != nil {
		h.changeFailed(w, r, err)
		return
	}
	backTo(w, r, def, "task")
}
