package web

import (
	"net/http"
	"strconv"
)

// outreachSuppressionsCSV downloads the whole suppression list, page by page.
func (h *handler) outreachSuppressionsCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	header := []string{"ID", "Kind", "Value", "Reason", "Note", "Scope", "Added by", "Added at"}
	h.writeCSV(w, r, csvFilename(ws, "suppressions"), header, func(emit func([]string) error) error {
		var after int64
		for {
			xs, err := h.store.Suppressions(r.Context(), ws.ID, after, 500)
			if err != nil {
				return err
			}
			for _, x := range xs {
				if err := emit([]string{strconv.FormatInt(x.ID, 10), x.Kind, x.Value, x.Reason, x.Note, x.Scope, x.CreatedBy,
					x.CreatedAt.In(ws.Location()).Format("2006-01-02 15:04")}); err != nil {
					return err
				}
			}
			if len(xs) < 500 {
				return nil
			}
			after = xs[len(xs)-1].ID
		}
	})
}
