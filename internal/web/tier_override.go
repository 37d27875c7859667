package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// tierOverride gives one creator a tier by hand (fields tier; until, a YYYY-MM-DD date, the
// last day the override holds in the workspace's zone, empty for until cleared; reason).
func (h *handler) tierOverride(w http.ResponseWriter, r *http.Request) {
	c, ok := h.pathCreator(w, r)
	if !ok {
		return
	}
	st := current(r)
	tier := strings.TrimSpace(r.PostFormValue("tier"))
	if tier == "" {
		h.refuse(w, r, http.StatusBadRequest, "Tier (tier) "+quote(tier)+": name the tier @"+c.Username+" should have.")
		return
	}
	var until *time.Time
	if raw := strings.TrimSpace(r.PostFormValue("until")); raw != "" {
		d, err := time.ParseInLocation(time.DateOnly, raw, st.workspace.Location())
		if err != nil {
			h.refuse(w, r, http.StatusBadRequest, "Until (until) "+quote(raw)+": not a date; write it as YYYY-MM-DD, or leave it empty for until cleared.")
			return
		}
		end := d.AddDate(0, 0, 1) // the override holds through that whole day
		until = &end
	}
	err := h.store.SetTierOverride(r.Context(), st.principal.Actor(), st.workspace.ID, c.ID, tier, until, r.PostFormValue("reason"))
	switch {
	case errors.Is(err, store.ErrUnknownTier):
		h.refuse(w, r, http.StatusBadRequest, h.unknownTierMessage(r, tier))
		return
	case err != nil:
		if m, ok := settingMessage(err); ok {
			if strings.HasPrefix(m, "Until") {
				m = "Until (until) " + quote(r.PostFormValue("until")) + ": the override must end after today."
			}
			h.refuse(w, r, http.StatusBadRequest, m)
			return
		}
		h.changeFailed(w, r, err)
		return
	}
	backTo(w, r, creatorURL(r, c.ID), "tier")
}

// unknownTierMessage says which tiers exist, or that there are none yet.
func (h *handler) unknownTierMessage(r *http.Request, tier string) string {
	rules, err := h.store.TierRules(r.Context(), current(r).workspace.ID)
	var names []string
	if err == nil {
		for _, rule := range rules {
			names = append(names, rule.Tier)
		}
	}
	if len(names) == 0 {
		return "Tier (tier) " + quote(tier) + ": the workspace has no tier rules yet; a manager adds them in the CRM settings first."
	}
	return "Tier (tier) " + quote(tier) + ": not one of your tiers (" + strings.Join(names, ", ") + ")."
}
