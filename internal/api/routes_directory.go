package api

// registerDirectory adds the operations on the directory, saved views and bulk actions.
func registerDirectory(a *API) {}
