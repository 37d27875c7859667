package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/store"
)

// crmSettingsSave stores the thresholds and the score targets.
func (h *handler) crmSettingsSave(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	f := crmSettingsForm{AtRiskDays: r.PostFormValue("at_risk_days"), ChurnedDays: r.PostFormValue("churned_days"),
		EngagedSLADays: r.PostFormValue("engaged_sla_days"), ActivatedSLADays: r.PostFormValue("activated_sla_days"),
		RecontactDays: r.PostFormValue("recontact_days"), TargetVerticals: r.PostFormValue("target_verticals"),
		TargetRegions: r.PostFormValue("target_regions"), TargetMinFollowers: r.PostFormValue("target_min_followers")}
	var c store.CRMSettings
	msg := ""
	for _, d := range []struct {
		field, value string
		into         *int
	}{
		{"at_risk_days", f.AtRiskDays, &c.AtRiskDays}, {"churned_days", f.ChurnedDays, &c.ChurnedDays},
		{"engaged_sla_days", f.EngagedSLADays, &c.EngagedSLADays}, {"activated_sla_days", f.ActivatedSLADays, &c.ActivatedSLADays},
		{"recontact_days", f.RecontactDays, &c.RecontactDays},
	} {
		n, err := strconv.Atoi(strings.TrimSpace(d.value))
		if err != nil && msg == "" {
			msg = settingLabels[d.field] + " (" + d.field + ") " + quote(d.value) + ": not a whole number of days."
		}
		*d.into = n
	}
	followers := strings.ReplaceAll(strings.TrimSpace(f.TargetMinFollowers), ",", "")
	if followers == "" {
		followers = "0"
	}
	n, err := strconv.ParseInt(followers, 10, 64)
	if err != nil && msg == "" {
		msg = "Target followers (target_min_followers) " + quote(f.TargetMinFollowers) + ": not a whole number."
	}
	c.TargetMinFollowers = n
	c.TargetVerticals, c.TargetRegions = splitList(f.TargetVerticals), splitList(f.TargetRegions)
	if msg == "" {
		err = h.store.SaveCRMSettings(r.Context(), st.principal.Actor(), st.workspace.ID, c)
		if m, ok := settingMessage(err); ok {
			msg = m
		} else if err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	if msg != "" {
		h.renderCRMSettings(w, r, http.StatusBadRequest, &f, func(p *crmSettingsPage) { p.Error = msg })
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "settings/crm?ok=saved"), http.StatusSeeOther)
}
