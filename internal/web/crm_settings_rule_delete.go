package web

import "net/http"

// crmSettingsRuleDelete deletes a tier rule; creators keep their tier until the next refresh.
func (h *handler) crmSettingsRuleDelete(w http.ResponseWriter, r *http.Request) {
	rule, ok := h.pathRule(w, r)
	if !ok {
		return
	}
	st := current(r)
	if err := h.store.DeleteTierRule(r.Context(), st.principal.Actor(), st.workspace.ID, rule.ID); err != nil {
		if isNotFound(err) {
			h.notFound(w, r)
			return
		}
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "settings/crm?ok=deleted#tiers"), http.StatusSeeOther)
}
