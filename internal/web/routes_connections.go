package web

import "github.com/creatorops/creatorops/internal/access"

// connectionRoutes are connecting shops to the platforms (OAuth) and their syncs.
func (h *handler) connectionRoutes() []route {
	return append([]route{
		{pattern: "GET /w/{ws}/connections", perm: access.ViewData, handler: h.connectionsList},
		{pattern: "GET /w/{ws}/connections.csv", perm: access.ExportData, handler: h.connectionsCSV},
		{pattern: "POST /w/{ws}/connections/tiktok-shop/authorize", perm: access.ManageShops, handler: h.connectionAuthorize},
		// The platform sends the seller back here: its address is fixed in Partner Center, so
		// it carries no workspace; the state names it (and guard still requires a session).
		{pattern: "GET /connect/tiktok-shop/callback", handler: h.connectionCallback},
		{pattern: "GET /w/{ws}/connections/pick", perm: access.ManageShops, handler: h.connectionPick},
		{pattern: "POST /w/{ws}/connections", perm: access.ManageShops, handler: h.connectionConnect},
		{pattern: "POST /w/{ws}/connections/{connection}/disconnect", perm: access.ManageShops, handler: h.connectionDisconnect},
		{pattern: "POST /w/{ws}/connections/{connection}/sync", perm: access.ManageShops, handler: h.connectionSyncNow},
	}, h.shopeeConnectionRoutes()...)
}
