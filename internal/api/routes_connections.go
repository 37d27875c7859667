package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
)

// registerConnections adds the operations on shop connections and syncs.
func registerConnections(a *API) {
	tags := []string{"Connections"}
	register(a, huma.Operation{OperationID: "list-connections", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/connections",
		Summary: "List the shop connections", Tags: tags,
		Description: "Oldest first, disconnected ones included. Tokens are never returned. Shops are connected from the web app (OAuth needs the seller's browser)."},
		access.ViewData, a.listConnections)
	register(a, huma.Operation{OperationID: "get-connection", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/connections/{connection}",
		Summary: "Get a shop connection", Tags: tags}, access.ViewData, a.getConnection)
	register(a, huma.Operation{OperationID: "disconnect-connection", Method: http.MethodDelete, Path: Prefix + "/workspaces/{ws}/connections/{connection}",
		Summary: "Disconnect a shop", Tags: tags, DefaultStatus: http.StatusNoContent,
		Description: "Deletes the connection's tokens and stops its syncs; imported orders stay, and the connection stays listed as disconnected. Disconnecting a disconnected connection changes nothing."},
		access.ManageShops, a.disconnectConnection)
}
