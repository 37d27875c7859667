package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/upload"
)

// registerImports adds the operations on imports and reports.
func registerImports(a *API) {
	imp := &upload.Importer{Store: a.Store, Log: a.Log, Background: a.Background}
	tags := []string{"Imports"}
	register(a, huma.Operation{OperationID: "upload-import", Method: http.MethodPost, Path: Prefix + "/workspaces/{ws}/imports",
		Summary: "Upload an export to import", Tags: tags, DefaultStatus: http.StatusAccepted,
		Description: "Upload a TikTok Shop Seller Center affiliate-orders export or a creator list (CSV or XLSX) as multipart/form-data. " +
			"The file is checked (type, header) at once and imported in the background: the answer is the queued run; follow it with get-import. " +
			"Importing an overlapping export again only updates what changed. Over the server's upload limit: 413; not a CSV or XLSX: 415.",
		Metadata: map[string]any{metaMaxUpload: a.MaxUpload},
		Errors:   []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType}},
		access.ImportData, a.uploadImport(imp))
	// The body is documented only after registering: given to huma.Register, a form schema would
	// make huma read and parse the whole upload before the operation runs, where it streams it.
	a.OpenAPI().Paths[Prefix+"/workspaces/{ws}/imports"].Post.RequestBody = uploadRequestBody()
	register(a, huma.Operation{OperationID: "list-imports", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/imports",
		Summary: "List imports", Tags: tags, Description: "The workspace's import runs, newest first."},
		access.ViewData, a.listImports)
	register(a, huma.Operation{OperationID: "get-import", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/imports/{run}",
		Summary: "Get an import's status and summary", Tags: tags},
		access.ViewData, a.getImport)
	register(a, huma.Operation{OperationID: "list-rejected-rows", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/imports/{run}/rejected",
		Summary: "List the rows an import rejected", Tags: tags,
		Description: "Rows the import could not read, in file order, with the column, value and reason, and the row's cells as read. " +
			"By default only rows no later import has fixed."},
		access.ViewData, a.listRejected)
	registerReports(a)
}
