package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// maxDirectorySelection is how many creators one bulk action or selected export takes (the
// store's cap on a bulk change).
const maxDirectorySelection = 5000

// directorySelection reads which creators a bulk form means: the ticked ids, or with all=1
// every creator matching the filters in its query field. Ids are not checked here: the store
// refuses the whole action when one is not a live creator of the workspace.
func (h *handler) directorySelection(r *http.Request) ([]int64, error) {
	st := current(r)
	if r.PostForm.Get("all") == "1" {
		r2 := r.Clone(r.Context())
		u := *r.URL
		u.RawQuery = r.PostForm.Get("query")
		r2.URL = &u
		q, err := parseDirectoryQuery(r2)
		if err != nil {
			return nil, dirSelectionError("The filters of the selection are not valid: " + err.Error())
		}
		ids, err := h.store.DirectoryIDs(r.Context(), st.workspace.ID, q, maxDirectorySelection)
		if err != nil {
			return nil, err
		}
		if len(ids) > maxDirectorySelection {
			return nil, dirSelectionError(fmt.Sprintf("More than %d creators match these filters: narrow them down, or act on fewer at a time.", maxDirectorySelection))
		}
		if len(ids) == 0 {
			return nil, dirSelectionError("No creator matches these filters any more.")
		}
		return ids, nil
	}
	raw := r.PostForm["id"]
	if len(raw) == 0 {
		return nil, dirSelectionError("Tick at least one creator (or “all matching”).")
	}
	if len(raw) > maxDirectorySelection {
		return nil, dirSelectionError(fmt.Sprintf("At most %d creators at once; %d were ticked.", maxDirectorySelection, len(raw)))
	}
	ids := make([]int64, 0, len(raw))
	for _, s := range raw {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			return nil, dirSelectionError(fmt.Sprintf("id %q is not a creator id.", s))
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// dirSelectionError is a bad selection: a 400 with its message.
type dirSelectionError string

func (e dirSelectionError) Error() string { return string(e) }
