package web

import "github.com/creatorops/creatorops/internal/access"

// directoryRoutes are the creator directory, saved views and bulk actions.
func (h *handler) directoryRoutes() []route {
	return []route{
		{pattern: "GET /w/{ws}/directory", perm: access.ViewData, handler: h.directoryList},
		{pattern: "GET /w/{ws}/directory.csv", perm: access.ExportData, handler: h.directoryCSV},
		{pattern: "POST /w/{ws}/directory/export", perm: access.ExportData, handler: h.directoryExport},
		{pattern: "POST /w/{ws}/directory/bulk", perm: access.ManageCreators, handler: h.directoryBulk},
		{pattern: "POST /w/{ws}/directory/enroll", perm: access.RunOutreach, handler: h.directoryEnroll},
		{pattern: "GET /w/{ws}/directory/new", perm: access.EditCreators, handler: h.directoryNew},
		{pattern: "POST /w/{ws}/directory/new", perm: access.EditCreators, handler: h.directoryCreate},
		// Saved views serve the directory and the pipeline board alike (the form says which).
		{pattern: "POST /w/{ws}/views", perm: access.ViewData, handler: h.savedViewSave},
		{pattern: "GET /w/{ws}/views/{view}", perm: access.ViewData, handler: h.savedViewOpen},
		{pattern: "POST /w/{ws}/views/{view}/delete", perm: access.ViewData, handler: h.savedViewDelete},
	}
}
