package api_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestAPICRMConfig(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminAPI(t, s)
		ctx := context.Background()
		ids := storetest.Creators(t, s, f.ws.ID, "fresh_prospect", "blocked_one")
		fresh, blocked := ids[0], ids[1]
		foreign := storetest.Creators(t, s, f.other.ID, "zed")[0]
		if _, err := s.SetStage(ctx, store.CLIActor, f.ws.ID, []int64{blocked}, model.StageBanned, "fake followers"); err != nil {
			t.Fatal(err)
		}
		theirs, err := s.CreateTierRule(ctx, store.CLIActor, f.other.ID, store.TierRule{Tier: "Theirs", WindowDays: 30, Currency: "USD"})
		if err != nil {
			t.Fatal(err)
		}
		var cases []apiCase
		for _, role := range access.Roles {
			cases = append(cases,
				apiCase{name: "settings as " + string(role), role: role, path: "acme/crm/settings", status: 200, want: []string{`"at_risk_days":30`}},
				apiCase{name: "rules as " + string(role), role: role, path: "acme/crm/tier-rules", status: 200, want: []string{`"items":[]`}},
				apiCase{name: "prospects as " + string(role), role: role, path: "acme/crm/prospects", status: 200, want: []string{"fresh_prospect"}})
			if role == access.Owner || role == access.Manager {
				continue
			}
			cases = append(cases,
				apiCase{name: "update settings as " + string(role), role: role, method: "PUT", path: "acme/crm/settings", body: `{"at_risk_days":10}`, status: 403},
				apiCase{name: "refresh as " + string(role), role: role, method: "POST", path: "acme/crm/refresh", status: 403},
				apiCase{name: "add rule as " + string(role), role: role, method: "POST", path: "acme/crm/tier-rules", status: 403,
					body: `{"tier":"Gold","window_days":30,"min_gmv":{"amount":1,"currency":"USD"}}`},
				apiCase{name: "override as " + string(role), role: role, method: "PUT", path: fmt.Sprintf("acme/creators/%d/tier-override", fresh),
					body: `{"tier":"Gold"}`, status: 403},
				apiCase{name: "clear as " + string(role), role: role, method: "DELETE", path: fmt.Sprintf("acme/creators/%d/tier-override", fresh), status: 403})
		}
		f.run(t, cases)

		// Bad input: 4xx naming the field, nothing written.
		f.run(t, []apiCase{
			{name: "churned before at risk", role: access.Manager, method: "PUT", path: "acme/crm/settings", body: `{"churned_days":20,"at_risk_days":25}`,
				status: 422, want: []string{"body.churned_days", "more than the at-risk threshold"}},
			{name: "negative days", role: access.Manager, method: "PUT", path: "acme/crm/settings", body: `{"recontact_days":-1}`,
				status: 422, want: []string{"body.recontact_days"}},
			{name: "unknown field", role: access.Manager, method: "PUT", path: "acme/crm/settings", body: `{"at_risk":5}`, status: 422},
			{name: "bad window", role: access.Manager, method: "POST", path: "acme/crm/tier-rules", status: 422,
				body: `{"tier":"Gold","window_days":7,"min_gmv":{"amount":1,"currency":"USD"}}`, want: []string{"body.window_days"}},
			{name: "bad currency", role: access.Manager, method: "POST", path: "acme/crm/tier-rules", status: 422,
				body: `{"tier":"Gold","window_days":30,"min_gmv":{"amount":1,"currency":"ZZZ"}}`, want: []string{"body.currency"}},
			{name: "negative GMV", role: access.Manager, method: "POST", path: "acme/crm/tier-rules", status: 422,
				body: `{"tier":"Gold","window_days":30,"min_gmv":{"amount":-1,"currency":"USD"}}`, want: []string{"body.min_gmv"}},
		})
		if got, _ := s.CRMSettings(ctx, f.ws.ID); !reflect.DeepEqual(*got, store.DefaultCRMSettings()) {
			t.Errorf("refused updates wrote %+v", got)
		}
		if rules, _ := s.TierRules(ctx, f.ws.ID); len(rules) != 0 {
			t.Errorf("refused rules written: %+v", rules)
		}

		// The manager's day: thresholds, two rules, reorder, refresh, an override.
		f.run(t, []apiCase{
			{name: "update settings", role: access.Manager, method: "PUT", path: "acme/crm/settings", body: `{"at_risk_days":21,"target_regions":["US"]}`,
				status: 200, want: []string{`"at_risk_days":21`, `"churned_days":60`, `"target_regions":["US"]`}},
			{name: "add Gold", role: access.Manager, method: "POST", path: "acme/crm/tier-rules", status: 201,
				body: `{"tier":"Gold","window_days":30,"min_gmv":{"amount":100000,"currency":"USD"},"min_orders":5}`, want: []string{`"position":1`}},
			{name: "add Silver first", role: access.Owner, method: "POST", path: "acme/crm/tier-rules", status: 201,
				body: `{"tier":"Silver","window_days":0,"min_gmv":{"amount":0,"currency":"USD"},"position":1}`, want: []string{`"position":1`}},
			{name: "same tier", role: access.Owner, method: "POST", path: "acme/crm/tier-rules", status: 409,
				body: `{"tier":"silver","window_days":0,"min_gmv":{"amount":0,"currency":"USD"}}`},
			{name: "another workspace's rule", role: access.Owner, method: "PUT", path: fmt.Sprintf("acme/crm/tier-rules/%d", theirs.ID), status: 404,
				body: `{"tier":"x","window_days":9,"min_gmv":{"amount":0,"currency":"USD"}}`},
			{name: "delete another workspace's rule", role: access.Owner, method: "DELETE", path: fmt.Sprintf("acme/crm/tier-rules/%d", theirs.ID), status: 404},
			{name: "another workspace's creator", role: access.Owner, method: "PUT", path: fmt.Sprintf("acme/creators/%d/tier-override", foreign),
				body: `{"tier":"nope"}`, status: 404},
			{name: "refresh", role: access.Manager, method: "POST", path: "acme/crm/refresh", status: 200,
				want: []string{`"currency":"USD"`, `"stage_moves":{"prospect→`}},
			{name: "refresh again", role: access.Manager, method: "POST", path: "acme/crm/refresh", status: 200,
				want: []string{`"stage_moves":{}`, `"tier_changes":0`, `"scores_updated":0`}},
			{name: "unknown tier", role: access.Manager, method: "PUT", path: fmt.Sprintf("acme/creators/%d/tier-override", fresh),
				body: `{"tier":"Platinum"}`, status: 422, want: []string{"body.tier", "Platinum"}},
			{name: "override in the past", role: access.Manager, method: "PUT", path: fmt.Sprintf("acme/creators/%d/tier-override", fresh),
				body: `{"tier":"Gold","until":"2020-01-01T00:00:00Z"}`, status: 422, want: []string{"body.until"}},
			{name: "override", role: access.Manager, method: "PUT", path: fmt.Sprintf("acme/creators/%d/tier-override", fresh),
				body:   fmt.Sprintf(`{"tier":"gold","until":%q,"reason":"launch partner"}`, time.Now().Add(48*time.Hour).UTC().Format(time.RFC3339)),
				status: 200, want: []string{`"tier":"Gold"`, `"override":"Gold"`}},
			{name: "clear", role: access.Owner, method: "DELETE", path: fmt.Sprintf("acme/creators/%d/tier-override", fresh), status: 200,
				want: []string{`"tier":"Silver"`, `"override":""`}},
			{name: "prospects leave out the banned", role: access.Viewer, path: "acme/crm/prospects?limit=1", status: 200,
				want: []string{`"score_parts":[{"name":"vertical"`, `"next_cursor":"`}},
		})
		rules, _ := s.TierRules(ctx, f.ws.ID)
		if len(rules) != 2 || rules[0].Tier != "Silver" || rules[1].Tier != "Gold" {
			t.Errorf("rules = %+v", rules)
		}
		_, body := f.call(t, f.tokens[access.Viewer], "GET", "acme/crm/prospects?limit=500", "")
		if strings.Contains(body, "blocked_one") {
			t.Error("a banned creator is among the prospects")
		}
		if rec := f.lastAudit(t, "creator.tier_override"); !strings.Contains(rec.Summary, "Gold") {
			t.Errorf("override audited as %+v", rec)
		}
	})
}
