package api

// registerCRMConfig adds the operations on CRM settings, tier rules, tier overrides and scores.
func registerCRMConfig(a *API) {
	registerCRMSettings(a)
	registerTierRules(a)
	registerTierOverride(a)
	registerBestProspects(a)
}
