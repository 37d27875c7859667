package api

// registerAffiliate adds the operations on samples, collaborations, promotion links and
// messages to a creator.
func registerAffiliate(a *API) {
	registerSamples(a)
	registerCollaborations(a)
}
