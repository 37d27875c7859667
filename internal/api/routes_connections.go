package api

// registerConnections adds the operations on shop connections and syncs.
func registerConnections(a *API) {}
