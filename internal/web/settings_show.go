package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/model"
)

// settingsPage is the workspace's name and time zone.
type settingsPage struct {
	basePage
	Workspace *model.Workspace
	Name      string
	Timezone  string
	Zones     []string
	Error     string
	Notice    string
}

// settingsShow shows the settings form.
func (h *handler) settingsShow(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	page := newSettingsPage(ws)
	if r.URL.Query().Get("saved") != "" {
		page.Notice = "Saved."
	}
	h.render(w, r, http.StatusOK, "settings", page)
}

func newSettingsPage(ws *model.Workspace) *settingsPage {
	return &settingsPage{basePage: basePage{Title: ws.Name + " — Settings"}, Workspace: ws, Name: ws.Name,
		Timezone: ws.Timezone, Zones: commonZones}
}
