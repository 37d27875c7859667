package api

// registerOutreach adds the outreach operations (issue 6).
func registerOutreach(a *API) {
	registerOutreachTemplates(a)
	registerOutreachSequences(a)
	registerOutreachEnrollments(a)
	registerOutreachResults(a)
	registerOutreachSuppressions(a)
}
