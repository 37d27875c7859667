package api

// registerOutreach adds the outreach operations (issue 6).
func registerOutreach(a *API) {
	_ = a
}
