package web

// crmConfigRoutes are the CRM settings: stage thresholds, tier rules, fit-score targets.
func (h *handler) crmConfigRoutes() []route {
	return nil
}
