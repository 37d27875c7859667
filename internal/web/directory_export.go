package web

import (
	"errors"
	"net/http"
)

// directoryExport downloads the ticked creators as the directory CSV; with "all matching" it
// is the directory.csv of the filters. Another workspace's ids are a 404.
func (h *handler) directoryExport(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	if r.PostForm.Get("all") == "1" {
		http.Redirect(w, r, wsURL(ws, "directory.csv")+dirQuery(r.PostForm.Get("query")), http.StatusSeeOther)
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
	rows, err := h.store.DirectoryCreators(r.Context(), ws.ID, ids)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if len(rows) != len(dirUniqueIDs(ids)) {
		h.notFound(w, r)
		return
	}
	h.writeCSV(w, r, csvFilename(ws, "directory-selected"), directoryCSVHeader, func(emit func([]string) error) error {
		for i := range rows {
			if err := emit(directoryCSVRow(r, ws, &rows[i])); err != nil {
				return err
			}
		}
		return nil
	})
}
