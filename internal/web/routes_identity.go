package web

import (
	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/upload"
)

// identityRoutes are duplicates, merges and unmerges, and creator list imports with column mapping.
func (h *handler) identityRoutes() []route {
	imp := &upload.Importer{Store: h.store, Log: h.log, Background: h.opts.Background}
	return []route{
		{pattern: "GET /w/{ws}/duplicates", perm: access.ViewData, handler: h.duplicatesList},
		{pattern: "GET /w/{ws}/duplicates.csv", perm: access.ExportData, handler: h.duplicatesCSV},
		{pattern: "POST /w/{ws}/duplicates/merge", perm: access.ManageCreators, handler: h.mergeCreators},
		{pattern: "POST /w/{ws}/duplicates/dismiss", perm: access.ManageCreators, handler: h.dismissDuplicate},
		{pattern: "POST /w/{ws}/merges/{merge}/undo", perm: access.ManageCreators, handler: h.unmergeCreators},
		{pattern: "POST /w/{ws}/imports/creators", perm: access.ImportData, handler: h.confirmCreatorImport(imp)},
	}
}
