package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// crmSettingsRuleCreate adds a tier rule at the end of the list (or at the position given).
func (h *handler) crmSettingsRuleCreate(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	rule, f, msg := parseRuleForm(r)
	if msg == "" {
		_, err := h.store.CreateTierRule(r.Context(), st.principal.Actor(), st.workspace.ID, rule)
		switch {
		case errors.Is(err, store.ErrTierExists):
			msg = "Tier (tier) " + quote(rule.Tier) + ": there is already a rule for this tier; edit it instead."
		case err != nil:
			if m, ok := settingMessage(err); ok {
				msg = m
			} else {
				h.serverError(w, r, err)
				return
			}
		}
	}
	if msg != "" {
		h.renderCRMSettings(w, r, http.StatusBadRequest, nil, func(p *crmSettingsPage) { p.Error, p.NewRule = msg, f })
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "settings/crm?ok=rule#tiers"), http.StatusSeeOther)
}
