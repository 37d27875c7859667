package web

import (
	"net/http"
	"strconv"
	"strings"
)

// duplicatesCSV downloads every duplicate candidate with its reasons, strongest first.
func (h *handler) duplicatesCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	header := []string{"creator_a_id", "creator_a_username", "creator_a_email", "creator_b_id", "creator_b_username",
		"creator_b_email", "reasons", "differences"}
	// The first page is read before the answer starts, so a failure is still a clean 500.
	const chunk = 500
	first, err := h.store.DuplicateCandidates(r.Context(), ws.ID, 0, chunk)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.writeCSV(w, r, csvFilename(ws, "duplicates"), header, func(emit func([]string) error) error {
		page := first
		for offset := 0; ; {
			for _, p := range page.Pairs {
				var reasons, diffs []string
				for _, x := range p.Reasons {
					reasons = append(reasons, x.Label())
				}
				for _, d := range p.Differences() {
					diffs = append(diffs, d.Field)
				}
				if err := emit([]string{strconv.FormatInt(p.A.ID, 10), p.A.Username, p.A.Email,
					strconv.FormatInt(p.B.ID, 10), p.B.Username, p.B.Email, strings.Join(reasons, "; "),
					strings.Join(diffs, ", ")}); err != nil {
					return err
				}
			}
			offset += chunk
			if offset >= page.Total {
				return nil
			}
			var err error
			if page, err = h.store.DuplicateCandidates(r.Context(), ws.ID, offset, chunk); err != nil {
				return err
			}
		}
	})
}
