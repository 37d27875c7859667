package api

// registerAdmin adds the operations on shops, members, API tokens and the audit log.
func registerAdmin(a *API) {
}
