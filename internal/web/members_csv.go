package web

import "net/http"

// membersCSV downloads the member list.
func (h *handler) membersCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	ms, err := h.store.WorkspaceMembers(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.writeCSV(w, r, csvFilename(ws, "members"), []string{"email", "name", "role", "added"}, func(emit func([]string) error) error {
		loc := ws.Location()
		for _, m := range ms {
			if err := emit([]string{m.Email, m.Name, m.Role, adminTime(&m.AddedAt, loc)}); err != nil {
				return err
			}
		}
		return nil
	})
}
