package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// directoryBulk assigns an owner, adds or removes a tag, or moves the stage of the ticked
// creators (or every matching one) in one all-or-nothing change. An id that is not a live
// creator of the workspace makes it a 404 and changes nothing.
func (h *handler) directoryBulk(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	ids, err := h.directorySelection(r)
	var sel dirSelectionError
	switch {
	case errors.As(err, &sel):
		h.badRequest(w, r, sel.Error())
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	// The creators first: another workspace's ids are a 404 whatever the rest of the form says.
	rows, err := h.store.DirectoryCreators(r.Context(), ws.ID, ids)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if len(rows) != len(dirUniqueIDs(ids)) {
		h.notFound(w, r)
		return
	}
	a := st.principal.Actor()
	f := r.PostForm
	action := f.Get("action")
	var n int
	switch action {
	case "assign":
		var owner *int64
		if o := f.Get("owner"); o != "none" && o != "" {
			id, err := strconv.ParseInt(o, 10, 64)
			if err != nil || id <= 0 {
				h.badRequest(w, r, fmt.Sprintf("owner %q is not a member id (or none).", o))
				return
			}
			owner = &id
		} else if o == "" {
			h.badRequest(w, r, "owner is missing: choose a member, or “Nobody” to unassign.")
			return
		}
		n, err = h.store.SetOwner(r.Context(), a, ws.ID, ids, owner)
		if errors.Is(err, store.ErrNotFound) && owner != nil {
			h.badRequest(w, r, fmt.Sprintf("owner %d is not a member of this workspace.", *owner))
			return
		}
	case "tag_add", "tag_remove":
		tag := store.NormalizeTag(f.Get("tag"))
		// The limit holds for new tags: a longer one from before it can still be removed.
		if tag == "" || (action == "tag_add" && store.CheckTag("tag", tag) != nil) {
			h.badRequest(w, r, fmt.Sprintf("tag %q is not a tag: write one word or a few (at most %d characters).", f.Get("tag"), maxTagLen))
			return
		}
		if action == "tag_add" {
			n, err = h.store.UpdateTags(r.Context(), a, ws.ID, ids, []string{tag}, nil)
		} else {
			n, err = h.store.UpdateTags(r.Context(), a, ws.ID, ids, nil, []string{tag})
		}
	case "stage":
		stage, ok := model.ParseStage(f.Get("stage"))
		if !ok {
			h.badRequest(w, r, fmt.Sprintf("stage %q is not a stage.", f.Get("stage")))
			return
		}
		n, err = h.store.SetStage(r.Context(), a, ws.ID, ids, stage, f.Get("reason"))
		if errors.Is(err, store.ErrReasonRequired) {
			h.badRequest(w, r, "reason is required to move creators to "+stage.Label()+": say why, for the colleague who reads it before writing to them.")
			return
		}
	default:
		h.badRequest(w, r, fmt.Sprintf("action %q is not one of: assign, tag_add, tag_remove, stage.", action))
		return
	}
	if errors.Is(err, store.ErrNotFound) {
		// A creator merged or gone between the page and the click.
		h.notFound(w, r)
		return
	}
	if errors.Is(err, store.ErrTooMany) {
		h.badRequest(w, r, err.Error())
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	back := wsURL(ws, "directory") + "?"
	if q := f.Get("query"); q != "" {
		back += q + "&"
	}
	http.Redirect(w, r, back+"done="+action+":"+strconv.Itoa(n), http.StatusSeeOther)
}

func dirUniqueIDs(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}
