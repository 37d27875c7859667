package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
)

// registerIdentity adds the operations on duplicates, merges and unmerges, and the creator
// list preview.
func registerIdentity(a *API) {
	tags := []string{"Duplicates and merges"}
	register(a, huma.Operation{OperationID: "list-duplicates", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/duplicates",
		Summary: "List duplicate candidates", Tags: tags,
		Description: "Pairs of live creators that may be one person (same email, same handle on two platforms, near-same name, " +
			"handles one typo apart), strongest first, with the fields they hold differently. Dismissed pairs and merged creators never appear."},
		access.ViewData, a.listDuplicates)
	register(a, huma.Operation{OperationID: "dismiss-duplicate", Method: http.MethodPost, Path: Prefix + "/workspaces/{ws}/duplicates/dismiss",
		Summary: "Mark two creators as different people", Tags: tags, DefaultStatus: http.StatusNoContent,
		Description: "The pair is never offered again. Dismissing a pair twice is not an error."},
		access.ManageCreators, a.dismissDuplicate)
	register(a, huma.Operation{OperationID: "merge-creators", Method: http.MethodPost, Path: Prefix + "/workspaces/{ws}/merges",
		Summary: "Merge a creator into another", Tags: tags, DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
		Description: "The merged creator leaves every list; its accounts (and the order lines they bring), sales, open tasks and timeline " +
			"count for the kept one, whose blank fields are filled from it. Merging from or into a creator already merged: 409."},
		access.ManageCreators, a.mergeCreators)
	register(a, huma.Operation{OperationID: "list-merges", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/merges",
		Summary: "List merges", Tags: tags, Description: "The workspace's merges, newest first, undone ones included."},
		access.ViewData, a.listMerges)
	register(a, huma.Operation{OperationID: "unmerge-creators", Method: http.MethodPost, Path: Prefix + "/workspaces/{ws}/merges/{merge}/undo",
		Summary: "Undo a merge", Tags: tags, Errors: []int{http.StatusConflict},
		Description: "The merged creator is back with its own sales and tasks. The kept creator's fields go back to what they were " +
			"before the merge, except those changed by hand since. A merge already undone: 409."},
		access.ManageCreators, a.unmergeCreators)
	register(a, huma.Operation{OperationID: "list-creator-merges", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/creators/{creator}/merges",
		Summary: "List a creator's merges", Tags: tags},
		access.ViewData, a.listCreatorMerges)
	register(a, huma.Operation{OperationID: "preview-creator-list", Method: http.MethodPost, Path: Prefix + "/workspaces/{ws}/imports/creators/preview",
		Summary: "Preview a creator list's column mapping", Tags: []string{"Imports"},
		Metadata: map[string]any{metaMaxUpload: a.MaxUpload},
		Errors:   []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType},
		Description: "Upload a creator list (CSV or XLSX) as multipart/form-data with an optional mapping field (a JSON object of " +
			"header → field or \"ignore\"): the answer says which field each column is read as and how the first 10 rows read, and nothing " +
			"is imported. Without a mapping, the one of the latest import of a list with the same header is used. Import it with " +
			"upload-import (kind creators) and the same mapping field."},
		access.ImportData, a.previewCreatorList)
	a.OpenAPI().Paths[Prefix+"/workspaces/{ws}/imports/creators/preview"].Post.RequestBody = previewRequestBody()
}
