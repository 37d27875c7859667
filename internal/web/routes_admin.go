package web

import "github.com/creatorops/creatorops/internal/access"

// adminRoutes are the shops, members, settings, API tokens and audit log pages, and the form
// that creates a workspace.
func (h *handler) adminRoutes() []route {
	return []route{
		{pattern: "GET /w/{ws}/shops", perm: access.ViewData, handler: h.shopsList},
		{pattern: "GET /w/{ws}/shops.csv", perm: access.ExportData, handler: h.shopsCSV},
		{pattern: "POST /w/{ws}/shops", perm: access.ManageShops, handler: h.shopCreate},
		{pattern: "GET /w/{ws}/shops/{shop}", perm: access.ViewData, handler: h.shopShow},
		{pattern: "POST /w/{ws}/shops/{shop}", perm: access.ManageShops, handler: h.shopUpdate},

		{pattern: "GET /w/{ws}/members", perm: access.ManageMembers, handler: h.membersList},
		// The member list is not ExportData: it holds the team's emails, which only owners see.
		{pattern: "GET /w/{ws}/members.csv", perm: access.ManageMembers, handler: h.membersCSV},
		{pattern: "POST /w/{ws}/members", perm: access.ManageMembers, handler: h.memberAdd},
		{pattern: "POST /w/{ws}/members/{user}/role", perm: access.ManageMembers, handler: h.memberRole},
		{pattern: "POST /w/{ws}/members/{user}/remove", perm: access.ManageMembers, handler: h.memberRemove},
		{pattern: "POST /w/{ws}/members/{user}/password", perm: access.ManageMembers, handler: h.memberPassword},

		{pattern: "GET /w/{ws}/settings", perm: access.ManageSettings, handler: h.settingsShow},
		{pattern: "POST /w/{ws}/settings", perm: access.ManageSettings, handler: h.settingsSave},

		{pattern: "GET /w/{ws}/tokens", perm: access.ManageTokens, handler: h.tokensList},
		{pattern: "GET /w/{ws}/tokens.csv", perm: access.ManageTokens, handler: h.tokensCSV},
		{pattern: "POST /w/{ws}/tokens", perm: access.ManageTokens, handler: h.tokenCreate},
		{pattern: "POST /w/{ws}/tokens/{token}/revoke", perm: access.ManageTokens, handler: h.tokenRevoke},

		{pattern: "GET /w/{ws}/audit", perm: access.ViewAudit, handler: h.auditList},
		// Audit export is for auditors, so it follows ViewAudit rather than ExportData.
		{pattern: "GET /w/{ws}/audit.csv", perm: access.ViewAudit, handler: h.auditCSV},

		// Outside a workspace: guard only signs in; the handlers check "owner somewhere".
		{pattern: "GET /workspaces/new", handler: h.workspaceNew},
		{pattern: "POST /workspaces", handler: h.workspaceCreate},
	}
}
