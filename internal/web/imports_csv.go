package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// downloadImports downloads the workspace's import runs as CSV, newest first.
func (h *handler) downloadImports(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	loc := ws.Location()
	at := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04:05")
	}
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	header := []string{"run", "file", "shop", "kind", "status", "rows", "new", "updated", "unchanged", "rejected",
		"stale", "repeated", "bytes", "started (" + ws.Timezone + ")", "finished (" + ws.Timezone + ")", "by", "error"}
	now := time.Now()
	h.writeCSV(w, r, csvFilename(ws, "imports"), header, func(emit func([]string) error) error {
		return h.store.EachImportRun(r.Context(), ws.ID, 0, 0, func(run *store.ImportRun) error {
			started := run.StartedAt
			return emit([]string{n(run.ID), run.FileName, run.ShopSlug, run.Kind, run.StatusAt(now), n(run.RowsRead),
				n(run.Inserted), n(run.Updated), n(run.Unchanged), n(run.Rejected), n(run.Stale), n(run.Repeated),
				n(run.FileBytes), at(&started), at(run.FinishedAt), run.StartedBy, run.Error})
		})
	})
}
