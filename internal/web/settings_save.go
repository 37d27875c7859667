package web

import (
	"net/http"
	"strings"
	"unicode/utf8"
)

// settingsSave changes the workspace's name and time zone.
func (h *handler) settingsSave(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	page := newSettingsPage(st.workspace)
	page.Name = strings.TrimSpace(r.PostFormValue("name"))
	page.Timezone = strings.TrimSpace(r.PostFormValue("timezone"))
	switch {
	case page.Name == "" || utf8.RuneCountInString(page.Name) > 100:
		page.Error = "Name must have between 1 and 100 characters: it is how your team finds the brand in the workspace menu."
	default:
		page.Error = checkZone("Time zone", page.Timezone)
	}
	if page.Error != "" {
		h.render(w, r, http.StatusBadRequest, "settings", page)
		return
	}
	if _, err := h.store.UpdateWorkspace(r.Context(), st.principal.Actor(), st.workspace.ID, page.Name, page.Timezone); err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "settings?saved=1"), http.StatusSeeOther)
}
