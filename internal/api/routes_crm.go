package api

// registerCRM adds the creator CRM's operations (issue 4), one file per part.
func registerCRM(a *API) {
	registerDirectory(a)
	registerPipeline(a)
	registerIdentity(a)
	registerCRMConfig(a)
}
