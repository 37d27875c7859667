package web

import (
	"fmt"
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// downloadRunRejected downloads the rejected rows of one import in its file's format: the ones
// still open, or with all=1 also those a later import fixed.
func (h *handler) downloadRunRejected(w http.ResponseWriter, r *http.Request) {
	run, ok := h.loadRun(w, r)
	if !ok {
		return
	}
	f := store.RejectedFilter{RunID: run.ID, IncludeDone: r.URL.Query().Get("all") == "1"}
	h.writeRejected(w, r, f, csvFilename(current(r).workspace, fmt.Sprintf("import-%d-rejected", run.ID)))
}
