package web

import "github.com/creatorops/creatorops/internal/access"

// crmConfigRoutes are the CRM settings: stage thresholds, tier rules, fit-score targets, a
// refresh on demand; tier overrides on a creator; the best next creators to contact.
func (h *handler) crmConfigRoutes() []route {
	return []route{
		{pattern: "GET /w/{ws}/settings/crm", perm: access.ConfigureCRM, handler: h.crmSettingsShow},
		{pattern: "POST /w/{ws}/settings/crm", perm: access.ConfigureCRM, handler: h.crmSettingsSave},
		{pattern: "POST /w/{ws}/settings/crm/refresh", perm: access.ConfigureCRM, handler: h.crmSettingsRefresh},
		{pattern: "POST /w/{ws}/settings/crm/rules", perm: access.ConfigureCRM, handler: h.crmSettingsRuleCreate},
		{pattern: "POST /w/{ws}/settings/crm/rules/{rule}", perm: access.ConfigureCRM, handler: h.crmSettingsRuleUpdate},
		{pattern: "POST /w/{ws}/settings/crm/rules/{rule}/move", perm: access.ConfigureCRM, handler: h.crmSettingsRuleMove},
		{pattern: "POST /w/{ws}/settings/crm/rules/{rule}/delete", perm: access.ConfigureCRM, handler: h.crmSettingsRuleDelete},
		{pattern: "POST /w/{ws}/creators/{creator}/tier", perm: access.ManageCreators, handler: h.tierOverride},
		{pattern: "POST /w/{ws}/creators/{creator}/tier/clear", perm: access.ManageCreators, handler: h.tierOverrideClear},
		{pattern: "GET /w/{ws}/prospects", perm: access.ViewData, handler: h.prospectsBest},
		{pattern: "GET /w/{ws}/prospects.csv", perm: access.ExportData, handler: h.prospectsCSV},
	}
}
