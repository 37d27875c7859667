package web

import (
	"net/http"
	"strconv"
)

// outreachTemplatesCSV downloads the templates with their variants, one row per variant;
// archived ones only with archived=1, as the list shows them.
func (h *handler) outreachTemplatesCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	tpls, err := h.store.Templates(r.Context(), ws.ID, r.URL.Query().Get("archived") == "1")
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	header := []string{"Template ID", "Name", "Status", "Language", "Label", "Weight", "Subject", "Body", "Updated"}
	h.writeCSV(w, r, csvFilename(ws, "templates"), header, func(emit func([]string) error) error {
		for _, t := range tpls {
			for _, v := range t.Variants {
				if err := emit([]string{strconv.FormatInt(t.ID, 10), t.Name, t.Status, v.Language, v.Label, strconv.Itoa(v.Weight),
					v.Subject, v.Body, t.UpdatedAt.In(ws.Location()).Format("2006-01-02 15:04")}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
