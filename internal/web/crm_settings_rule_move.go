package web

import (
	"net/http"
	"strconv"
)

// crmSettingsRuleMove moves a tier rule up or down the list (field "to": "up", "down" or a
// position from 1), which decides which tier a creator meeting several rules gets.
func (h *handler) crmSettingsRuleMove(w http.ResponseWriter, r *http.Request) {
	rule, ok := h.pathRule(w, r)
	if !ok {
		return
	}
	st := current(r)
	to := r.PostFormValue("to")
	pos := 0
	switch to {
	case "up":
		pos = max(1, rule.Position-1)
	case "down":
		pos = rule.Position + 1
	default:
		n, err := strconv.Atoi(to)
		if err != nil || n < 1 {
			h.badRequest(w, r, "Position (to) "+quote(to)+": say up, down, or a position from 1.")
			return
		}
		pos = n
	}
	if err := h.store.MoveTierRule(r.Context(), st.principal.Actor(), st.workspace.ID, rule.ID, pos); err != nil {
		if isNotFound(err) {
			h.notFound(w, r)
			return
		}
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "settings/crm?ok=rule#tiers"), http.StatusSeeOther)
}
