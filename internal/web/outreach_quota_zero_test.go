package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestOutreachSettingsQuotaEdge: the settings page refuses a weekly first-contact quota of 0
// (naming the row, the value and what to do instead) and saves a quota of 1, on both engines;
// a refused form saves nothing, and only roles that configure outreach may post it.
func TestOutreachSettingsQuotaEdge(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		ctx := context.Background()
		form := func(quotas ...string) url.Values {
			v := url.Values{"business_start": {"09:00"}, "business_end": {"18:00"}, "quiet_start": {"21:00"}, "quiet_end": {"08:00"},
				"day": {"1", "2", "3", "4", "5"}, "quota_currency": {"USD"}, "tiktok_daily_cap": {"7"}}
			for i, q := range quotas {
				v.Add("tier_min", []string{"0", "1000", "10000"}[i])
				v.Add("tier_quota", q)
			}
			return v
		}
		tests := []struct {
			name   string
			role   access.Role
			form   url.Values
			status int
			want   []string // in the answer's body
		}{
			{"quota 0", access.Manager, form("0"), 422, []string{"Nothing was saved", "row 1 has a quota of 0; a quota must be at least 1", "pause the sequences instead"}},
			{"quota 0 in row 2", access.Owner, form("50", "0"), 422, []string{"row 2 has a quota of 0"}},
			{"negative quota", access.Manager, form("-1"), 422, []string{"row 1 has a quota of -1"}},
			{"quota not a number", access.Manager, form("none"), 422, []string{`quota “none” is not a whole number`}},
			{"specialist", access.Specialist, form("1"), 403, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				code, _, body := f.post(t, tt.role, "/w/acme/outreach/settings", tt.form)
				if code != tt.status {
					t.Fatalf("status %d, want %d\n%s", code, tt.status, body)
				}
				for _, w := range tt.want {
					if !strings.Contains(body, w) {
						t.Errorf("the answer lacks %q:\n%s", w, body)
					}
				}
				if o, err := s.OutreachSettings(ctx, f.ws.ID); err != nil || o.TikTokDailyCap != 0 {
					t.Errorf("a refused form saved the settings: %+v, %v", o, err)
				}
			})
		}
		// The edge that is allowed: 1 first contact a week.
		if code, loc, body := f.post(t, access.Manager, "/w/acme/outreach/settings", form("1", "200")); code != 303 || !strings.Contains(loc, "ok=saved") {
			t.Fatalf("quota 1: %d %s\n%s", code, loc, body)
		}
		o, err := s.OutreachSettings(ctx, f.ws.ID)
		if err != nil || len(o.QuotaTiers) != 2 || o.QuotaTiers[0] != (store.QuotaTier{MinGMV: 0, Quota: 1}) || o.TikTokDailyCap != 7 {
			t.Errorf("saved %+v, %v", o, err)
		}
	})
}
