package web

import (
	"fmt"
	"net/http"
	"strings"
)

// crmSettingsNotices are the messages after a change on the CRM settings page (?ok=).
var crmSettingsNotices = map[string]string{
	"saved": "Settings saved. They apply from the next refresh: run it now below, or wait for the next import or the hourly run.",
	"rule":  "Tier rules saved. Tiers change at the next refresh.", "deleted": "Rule deleted. Tiers change at the next refresh.",
}

// crmSettingsShow shows the CRM settings.
func (h *handler) crmSettingsShow(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	h.renderCRMSettings(w, r, http.StatusOK, nil, func(p *crmSettingsPage) {
		p.Notice = crmSettingsNotices[q.Get("ok")]
		if ran := q.Get("ran"); ran != "" {
			p.Notice = refreshNotice(ran)
		}
	})
}

// refreshNotice reads the counts a refresh passed in the address (sales,moves,tiers,expired,
// scores) into a sentence.
func refreshNotice(ran string) string {
	var n [5]int
	parts := strings.Split(ran, ",")
	for i := range min(len(parts), len(n)) {
		fmt.Sscan(parts[i], &n[i])
	}
	if n == [5]int{} {
		return "Refreshed: everything was already up to date."
	}
	return fmt.Sprintf("Refreshed: sales of %d creator(s) updated, %d stage move(s), %d tier change(s), %d override(s) expired, %d score(s) updated. Every move is on the creators' timelines.",
		n[0], n[1], n[2], n[3], n[4])
}
