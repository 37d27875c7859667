package web

import "github.com/creatorops/creatorops/internal/access"

// collaborationRoutes are the TikTok Shop affiliate center's collaborations and promotion
// links, messages to a creator, and the marketplace creator search (issue 5).
func (h *handler) collaborationRoutes() []route {
	return []route{
		{pattern: "GET /w/{ws}/collaborations", perm: access.ViewData, handler: h.collaborationsList},
		{pattern: "GET /w/{ws}/collaborations.csv", perm: access.ExportData, handler: h.collaborationsCSV},
		{pattern: "GET /w/{ws}/collaborations/new", perm: access.ManageAffiliate, handler: h.collaborationNew},
		// The Directory's bulk bar posts its selection here (ids, or all matching a query).
		{pattern: "POST /w/{ws}/collaborations/new", perm: access.ManageAffiliate, handler: h.collaborationNew},
		{pattern: "POST /w/{ws}/collaborations", perm: access.ManageAffiliate, handler: h.collaborationCreate},
		{pattern: "POST /w/{ws}/collaborations/sync", perm: access.ManageShops, handler: h.collaborationsSyncNow},
		{pattern: "GET /w/{ws}/collaborations/{collaboration}", perm: access.ViewData, handler: h.collaborationShow},
		{pattern: "GET /w/{ws}/promotion-links", perm: access.ViewData, handler: h.promotionLinksList},
		{pattern: "GET /w/{ws}/promotion-links.csv", perm: access.ExportData, handler: h.promotionLinksCSV},
		{pattern: "POST /w/{ws}/promotion-links/generate", perm: access.ManageAffiliate, handler: h.promotionLinksGenerate},
		{pattern: "GET /w/{ws}/creators/{creator}/message", perm: access.ViewData, handler: h.creatorMessage},
		{pattern: "POST /w/{ws}/creators/{creator}/message", perm: access.RunOutreach, handler: h.creatorMessageSend},
		{pattern: "GET /w/{ws}/prospects/search", perm: access.ViewData, handler: h.prospectsSearch},
		{pattern: "POST /w/{ws}/prospects/search", perm: access.EditCreators, handler: h.prospectsSearchStart},
	}
}
