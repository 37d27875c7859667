package web

import "github.com/creatorops/creatorops/internal/access"

// sampleRoutes are the sample applications pages and actions.
func (h *handler) sampleRoutes() []route {
	return []route{
		{pattern: "GET /w/{ws}/samples", perm: access.ViewData, handler: h.samplesList},
		{pattern: "GET /w/{ws}/samples.csv", perm: access.ExportData, handler: h.samplesCSV},
		{pattern: "POST /w/{ws}/samples/review", perm: access.ManageAffiliate, handler: h.samplesReview},
		{pattern: "POST /w/{ws}/samples/{sample}/review", perm: access.ManageAffiliate, handler: h.sampleReview},
		{pattern: "POST /w/{ws}/samples/sync", perm: access.ManageShops, handler: h.samplesSync},
	}
}
