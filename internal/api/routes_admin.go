package api

// registerAdmin adds the operations on shops, members, API tokens and the audit log.
func registerAdmin(a *API) {
	registerShops(a)
	registerMembers(a)
	registerTokens(a)
	registerAudit(a)
}
