package web

import (
	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/upload"
)

// importRoutes are the import pages: upload, progress, summary, rejected rows.
func (h *handler) importRoutes() []route {
	imp := &upload.Importer{Store: h.store, Log: h.log, Background: h.opts.Background}
	return []route{
		{pattern: "GET /w/{ws}/imports", perm: access.ViewData, handler: h.listImports},
		{pattern: "POST /w/{ws}/imports", perm: access.ImportData, handler: h.uploadImports(imp)},
		{pattern: "GET /w/{ws}/imports.csv", perm: access.ExportData, handler: h.downloadImports},
		{pattern: "GET /w/{ws}/imports/rejected.csv", perm: access.ExportData, handler: h.downloadOpenRejected},
		{pattern: "GET /w/{ws}/imports/{run}", perm: access.ViewData, handler: h.showImport},
		{pattern: "GET /w/{ws}/imports/{run}/status", perm: access.ViewData, handler: h.importRunStatus},
		{pattern: "GET /w/{ws}/imports/{run}/rejected.csv", perm: access.ExportData, handler: h.downloadRunRejected},
	}
}
