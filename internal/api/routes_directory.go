package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
)

// registerDirectory adds the operations on the directory, saved views and bulk actions.
func registerDirectory(a *API) {
	tags := []string{"Directory"}
	ws := Prefix + "/workspaces/{ws}"
	register(a, huma.Operation{OperationID: "list-directory", Method: http.MethodGet, Path: ws + "/directory",
		Summary: "List the creator directory", Tags: tags,
		Description: "Every live (unmerged) creator with its CRM fields and precomputed sales, filtered and sorted as on the Directory page. " +
			"Amounts are minor units of the directory's currency. Pages follow each other by cursor; a cursor only works with the parameters of the request that returned it. " +
			"total counts matches up to 10,000; total_capped says the count stopped there."},
		access.ViewData, a.listDirectory)
	register(a, huma.Operation{OperationID: "create-creator", Method: http.MethodPost, Path: ws + "/creators",
		Summary: "Add a creator by hand", Tags: tags, DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict, http.StatusBadRequest},
		Description: "A prospect or referral, with its TikTok handle (409 when the workspace has it). Without the creators.manage permission a creator can only be assigned to yourself."},
		access.EditCreators, a.createCreator)
	register(a, huma.Operation{OperationID: "get-creator-profile", Method: http.MethodGet, Path: ws + "/creators/{creator}/profile",
		Summary: "Get a creator's CRM profile", Tags: tags,
		Description: "Stage, owner, tier, tags, channels, score and its parts, and the precomputed sales. A merged creator answers with merged_into set."},
		access.ViewData, a.getCreatorProfile)
	register(a, huma.Operation{OperationID: "bulk-update-creators", Method: http.MethodPost, Path: ws + "/directory/bulk",
		Summary: "Assign, tag or move many creators", Tags: tags, Errors: []int{http.StatusBadRequest},
		Description: "One all-or-nothing change of up to 5,000 creators: an id that is not a live creator of the workspace makes it a 404 and changes nothing."},
		access.ManageCreators, a.bulkUpdateCreators)
	register(a, huma.Operation{OperationID: "list-saved-views", Method: http.MethodGet, Path: ws + "/views",
		Summary: "List your saved views", Tags: tags, Description: "Your own named filters of the directory or the pipeline; nobody sees another member's."},
		access.ViewData, a.listSavedViews)
	register(a, huma.Operation{OperationID: "save-view", Method: http.MethodPost, Path: ws + "/views",
		Summary: "Save a view", Tags: tags, Errors: []int{http.StatusBadRequest},
		Description: "Saves filters (the page's query string) under a name; a view of yours with that name is replaced."},
		access.ViewData, a.saveView)
	register(a, huma.Operation{OperationID: "delete-view", Method: http.MethodDelete, Path: ws + "/views/{view}",
		Summary: "Delete one of your saved views", Tags: tags, DefaultStatus: http.StatusNoContent},
		access.ViewData, a.deleteView)
}
