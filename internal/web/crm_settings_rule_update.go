package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// crmSettingsRuleUpdate changes a tier rule's name, window and thresholds.
func (h *handler) crmSettingsRuleUpdate(w http.ResponseWriter, r *http.Request) {
	old, ok := h.pathRule(w, r)
	if !ok {
		return
	}
	st := current(r)
	rule, f, msg := parseRuleForm(r)
	if msg == "" {
		_, err := h.store.UpdateTierRule(r.Context(), st.principal.Actor(), st.workspace.ID, old.ID, rule)
		switch {
		case errors.Is(err, store.ErrTierExists):
			msg = "Tier (tier) " + quote(rule.Tier) + ": another rule already has this tier."
		case isNotFound(err):
			h.notFound(w, r)
			return
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
		h.renderCRMSettings(w, r, http.StatusBadRequest, nil, func(p *crmSettingsPage) {
			p.Error, p.OpenRule, p.RuleForm = msg, old.ID, f
			for i := range p.Rules {
				if p.Rules[i].ID == old.ID {
					p.Rules[i].Form = f
				}
			}
		})
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "settings/crm?ok=rule#tiers"), http.StatusSeeOther)
}
