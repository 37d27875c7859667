package web

import (
	"net/http"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// connectionsPage lists a workspace's shop connections: their health, when their tokens
// renew and their authorization ends, and the button that connects another shop.
type connectionsPage struct {
	basePage
	Workspace   *model.Workspace
	Live        []connectionRow
	History     []connectionRow
	Alerts      []string
	CanManage   bool
	CanExport   bool
	Configured  bool // the TikTok Shop app is set up on this server
	RedirectURL string
	Shopee      shopeeConnect // the "Connect a Shopee shop" form (connections_shopee_routes.go)
	Notice      string
	Error       string
}

// connectionRow is one connection of the list.
type connectionRow struct {
	*store.Connection
	StatusLabel string
	StatusClass string
	ShopSlug    string // the creatorops shop it feeds, "" for none
	ShopLabel   string
	EndsSoon    bool // the authorization ends within connect.AlertAhead
	Sync        connectionSync
}

// connectionsList shows the connections.
func (h *handler) connectionsList(w http.ResponseWriter, r *http.Request) {
	page := &connectionsPage{}
	switch r.URL.Query().Get("ok") {
	case "disconnected":
		page.Notice = "Shop disconnected: its tokens are deleted and its syncs stop. Its imported orders stay."
	case "connected":
		page.Notice = "Shop connected. Its orders sync in the background; the Last sync column shows when they last did."
	}
	h.renderConnections(w, r, http.StatusOK, page)
}

// renderConnections loads the list into page and renders it with status.
func (h *handler) renderConnections(w http.ResponseWriter, r *http.Request, status int, page *connectionsPage) {
	st := current(r)
	page.basePage = basePage{Title: st.workspace.Name + " — Connections"}
	page.Workspace, page.CanManage, page.CanExport = st.workspace, st.can(access.ManageShops), st.can(access.ExportData)
	page.Configured = h.opts.Connect.Configured()
	page.RedirectURL = h.callbackURL(r)
	rows, err := h.connectionRows(r, st.workspace)
	if err == nil {
		page.Shopee, err = h.shopeeConnectFor(r, st.workspace, r.PostFormValue("shop"))
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, row := range rows {
		switch {
		case !row.Live():
			page.History = append(page.History, row)
			continue
		case row.Status == store.ConnectionNeedsReauth:
			page.Alerts = append(page.Alerts, "“"+row.ShopName+"”: "+row.LastError)
		case row.EndsSoon:
			page.Alerts = append(page.Alerts, "The authorization of “"+row.ShopName+"” ends on "+
				inZoneFunc(row.RefreshExpiresAt, st.workspace.Timezone)+": connect it again before then, or its syncs stop.")
		}
		page.Live = append(page.Live, row)
	}
	h.render(w, r, status, "connections", page)
}

// connectionRows reads the workspace's connections with what the list and the CSV show.
func (h *handler) connectionRows(r *http.Request, ws *model.Workspace) ([]connectionRow, error) {
	conns, err := h.store.Connections(r.Context(), ws.ID)
	if err != nil {
		return nil, err
	}
	shops, err := h.store.ShopSummaries(r.Context(), ws.ID)
	if err != nil {
		return nil, err
	}
	syncs, err := h.connectionSyncs(r, ws)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	rows := make([]connectionRow, 0, len(conns))
	for _, c := range conns {
		row := connectionRow{Connection: c, Sync: syncs[c.ID]}
		row.StatusLabel, row.StatusClass = connectionStatus(c.Status)
		row.EndsSoon = c.Status == store.ConnectionActive && c.RefreshExpiresAt.Sub(now) < connect.AlertAhead
		if c.ShopID != nil {
			for _, sh := range shops {
				if sh.ID == *c.ShopID {
					row.ShopSlug, row.ShopLabel = sh.Slug, sh.Name
				}
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// connectionStatus names a status for people, with the class that colours it.
func connectionStatus(s string) (label, class string) {
	switch s {
	case store.ConnectionActive:
		return "Active", "ok"
	case store.ConnectionNeedsReauth:
		return "Needs re-authorization", "bad"
	case store.ConnectionDisconnected:
		return "Disconnected", "off"
	}
	return s, ""
}

// inZoneFunc is the template's inZone, for messages built in Go.
var inZoneFunc = templateFuncs["inZone"].(func(time.Time, string) string)
