package web

import (
	"bufio"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/store"
)

// openRejected selects the rejected rows no import has fixed yet.
var openRejected = store.RejectedFilter{}

// openRejectedRows counts the rows of sources and says whether their files' headers differ.
func openRejectedRows(srcs []store.RejectedSource) (rows int64, mixed bool) {
	hs := make([][]string, 0, len(srcs))
	for _, s := range srcs {
		rows += s.Rows
		hs = append(hs, s.Header)
	}
	_, err := ingest.RejectedHeader(hs)
	return rows, err != nil
}

// downloadOpenRejected downloads every rejected row of the workspace no import has fixed yet,
// in the format of the files they came from, to fix and import again.
func (h *handler) downloadOpenRejected(w http.ResponseWriter, r *http.Request) {
	h.writeRejected(w, r, openRejected, csvFilename(current(r).workspace, "rejected-rows"))
}

// writeRejected streams the rejected rows f selects under their file's header row, each row's
// cells as read (ingest.RejectedWriter, as "creatorops import rejected --csv" writes them).
// Rows of files with different headers cannot share one file: that is a 409 naming the files.
func (h *handler) writeRejected(w http.ResponseWriter, r *http.Request, f store.RejectedFilter, filename string) {
	ctx, ws := r.Context(), current(r).workspace
	srcs, err := h.store.RejectedSources(ctx, ws.ID, f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	hs := make([][]string, 0, len(srcs))
	files := make([]string, 0, len(srcs))
	for _, s := range srcs {
		hs = append(hs, s.Header)
		files = append(files, fmt.Sprintf("%s (import %d)", s.FileName, s.RunID))
	}
	header, err := ingest.RejectedHeader(hs)
	if errors.Is(err, ingest.ErrMixedHeaders) {
		h.render(w, r, http.StatusConflict, "error", &errorPage{basePage: basePage{Title: "Download per import"},
			Heading: "These rows cannot share one file",
			Message: "The open rejected rows come from files with different columns: " + strings.Join(files, ", ") +
				". Download them from each import's page, fix them and import each file again."})
		return
	}
	if header == nil {
		header = []string{} // no rejected rows: an empty file, still a valid CSV
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/csv; charset=utf-8")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	buf := bufio.NewWriterSize(w, 32<<10)
	buf.WriteString(utf8BOM)
	rw, err := ingest.NewRejectedWriter(buf, header, true)
	if err == nil {
		err = h.store.EachRejected(ctx, ws.ID, f, store.RejectedKey{}, rw.Write)
	}
	if err == nil {
		err = rw.Flush()
	}
	if err == nil {
		err = buf.Flush()
	}
	if err != nil {
		// The status is sent: cut the connection so the download shows as failed, not complete.
		h.log.Error("web: rejected rows download failed part-way; connection cut", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
}
