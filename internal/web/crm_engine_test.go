package web

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestCRMSettingsPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, true)
		ctx := context.Background()
		const page = "/w/acme/settings/crm"
		for _, role := range []access.Role{access.Specialist, access.Finance, access.Viewer} {
			code, _, body := f.send(t, role, "GET", page, nil)
			expect(t, "settings as "+string(role), code, body, 403)
			code, _, body = f.send(t, role, "POST", page, url.Values{"at_risk_days": {"10"}})
			expect(t, "save as "+string(role), code, body, 403)
			code, _, body = f.send(t, role, "POST", page+"/refresh", nil)
			expect(t, "refresh as "+string(role), code, body, 403)
			code, _, body = f.send(t, role, "POST", page+"/rules", url.Values{"tier": {"Gold"}})
			expect(t, "add a rule as "+string(role), code, body, 403)
		}
		code, _, body := f.send(t, access.Manager, "GET", page, nil)
		expect(t, "settings as manager", code, body, 200, "Stage automation and targets", `name="at_risk_days" value="30"`,
			"No tier rules yet.", "Run now", "sales are counted in <strong>USD</strong>")

		valid := url.Values{"at_risk_days": {"21"}, "churned_days": {"45"}, "engaged_sla_days": {"2"}, "activated_sla_days": {"10"},
			"recontact_days": {"7"}, "target_verticals": {"Beauty, Home & Living"}, "target_regions": {"US"}, "target_min_followers": {"10,000"}}
		with := func(k, v string) url.Values {
			c := url.Values{}
			for kk, vv := range valid {
				c[kk] = vv
			}
			c.Set(k, v)
			return c
		}
		for _, bad := range []struct {
			name string
			form url.Values
			want []string
		}{
			{"not a number", with("at_risk_days", "abc"), []string{"at_risk_days", "abc", "not a whole number"}},
			{"churned before at risk", with("churned_days", "21"), []string{"churned_days", "21", "more than the at-risk threshold"}},
			{"too many days", with("recontact_days", "99999"), []string{"recontact_days", "99999"}},
			{"negative followers", with("target_min_followers", "-3"), []string{"target_min_followers", "-3"}},
		} {
			code, _, body := f.send(t, access.Manager, "POST", page, bad.form)
			expect(t, bad.name, code, body, 400, bad.want...)
		}
		if got, _ := s.CRMSettings(ctx, f.ws.ID); !reflect.DeepEqual(*got, store.DefaultCRMSettings()) {
			t.Errorf("refused saves wrote %+v", got)
		}
		code, loc, body := f.send(t, access.Manager, "POST", page, valid)
		expect(t, "save", code, body, 303)
		got, _ := s.CRMSettings(ctx, f.ws.ID)
		if loc != page+"?ok=saved" || got.AtRiskDays != 21 || got.TargetMinFollowers != 10000 || len(got.TargetVerticals) != 2 {
			t.Errorf("after save: %q, %+v", loc, got)
		}

		// Tier rules: money in the workspace's currency, errors naming the field and value.
		code, _, body = f.send(t, access.Manager, "POST", page+"/rules", url.Values{"tier": {"Gold"}, "window_days": {"30"},
			"min_gmv": {"1,000.50"}, "min_orders": {"5"}, "currency": {"USD"}})
		expect(t, "add Gold", code, body, 303)
		for _, bad := range []struct {
			name string
			form url.Values
			want []string
		}{
			{"bad amount", url.Values{"tier": {"Silver"}, "window_days": {"30"}, "min_gmv": {"12,5O"}, "currency": {"USD"}}, []string{"min_gmv", "12,5O", "not an amount in USD"}},
			{"bad orders", url.Values{"tier": {"Silver"}, "window_days": {"30"}, "min_orders": {"ten"}, "currency": {"USD"}}, []string{"min_orders", "ten"}},
			{"bad window", url.Values{"tier": {"Silver"}, "window_days": {"7"}, "currency": {"USD"}}, []string{"window_days", "must be 30, 90 or 0"}},
			{"bad currency", url.Values{"tier": {"Silver"}, "window_days": {"30"}, "currency": {"XXQ"}}, []string{"currency", "XXQ"}},
			{"no name", url.Values{"tier": {" "}, "window_days": {"30"}, "currency": {"USD"}}, []string{"tier", "1 to 40 characters"}},
			{"same tier", url.Values{"tier": {"gold"}, "window_days": {"90"}, "currency": {"USD"}}, []string{"gold", "already a rule"}},
		} {
			code, _, body := f.send(t, access.Manager, "POST", page+"/rules", bad.form)
			expect(t, bad.name, code, body, 400, bad.want...)
		}
		rules, _ := s.TierRules(ctx, f.ws.ID)
		if len(rules) != 1 || rules[0].MinGMV != 100050 || rules[0].MinOrders != 5 {
			t.Fatalf("rules = %+v", rules)
		}
		code, _, _ = f.send(t, access.Owner, "POST", page+"/rules", url.Values{"tier": {"Silver"}, "window_days": {"0"}, "min_orders": {"1"}, "currency": {"USD"}})
		expect(t, "add Silver", code, "", 303)
		silver := ruleID(t, s, f.ws.ID, "Silver")
		code, _, _ = f.send(t, access.Manager, "POST", fmt.Sprintf("%s/rules/%d/move", page, silver), url.Values{"to": {"up"}})
		expect(t, "move Silver up", code, "", 303)
		if rules, _ = s.TierRules(ctx, f.ws.ID); rules[0].Tier != "Silver" || rules[1].Position != 2 {
			t.Errorf("after the move: %+v", rules)
		}
		code, _, body = f.send(t, access.Manager, "POST", fmt.Sprintf("%s/rules/%d/move", page, silver), url.Values{"to": {"sideways"}})
		expect(t, "bad move", code, body, 400, "sideways")
		code, _, body = f.send(t, access.Manager, "POST", fmt.Sprintf("%s/rules/%d", page, silver), url.Values{"tier": {"Silver"},
			"window_days": {"90"}, "min_gmv": {"x"}, "currency": {"USD"}})
		expect(t, "bad edit", code, body, 400, "min_gmv", `value="x"`)
		code, _, _ = f.send(t, access.Manager, "POST", fmt.Sprintf("%s/rules/%d", page, silver), url.Values{"tier": {"Silver"},
			"window_days": {"90"}, "min_gmv": {"250"}, "currency": {"USD"}})
		expect(t, "edit", code, "", 303)
		if r, _ := s.TierRule(ctx, f.ws.ID, silver); r.MinGMV != 25000 || r.WindowDays != 90 {
			t.Errorf("after the edit: %+v", r)
		}
		foreign, err := s.CreateTierRule(ctx, store.CLIActor, f.other.ID, store.TierRule{Tier: "Theirs", WindowDays: 30, Currency: "USD"})
		if err != nil {
			t.Fatal(err)
		}
		for _, action := range []string{"", "/move", "/delete"} {
			code, _, _ := f.send(t, access.Owner, "POST", fmt.Sprintf("%s/rules/%d%s", page, foreign.ID, action), url.Values{"tier": {"x"}, "to": {"up"}})
			expect(t, "another workspace's rule"+action, code, "", 404)
		}
		code, _, body = f.send(t, access.Manager, "GET", page, nil)
		expect(t, "rules listed", code, body, 200, "Silver", "$250.00", "Gold", "$1,000.50", "90-day")

		// Run now: creators get stages, tiers and scores, and the page says what changed.
		code, loc, _ = f.send(t, access.Manager, "POST", page+"/refresh", nil)
		if code != 303 || !strings.HasPrefix(loc, page+"?ran=") {
			t.Fatalf("refresh: %d %q", code, loc)
		}
		code, _, body = f.send(t, access.Manager, "GET", loc, nil)
		expect(t, "after the refresh", code, body, 200, "Refreshed: sales of", "stage move(s)", "Last refresh that changed something")
		if auditCount(t, s, f.ws, "crm.refresh") != 1 {
			t.Errorf("refresh not audited once")
		}

		code, _, body = f.send(t, access.Manager, "POST", fmt.Sprintf("%s/rules/%d/delete", page, silver), nil)
		expect(t, "delete", code, body, 303)
		if rules, _ = s.TierRules(ctx, f.ws.ID); len(rules) != 1 || rules[0].Position != 1 {
			t.Errorf("after delete: %+v", rules)
		}
	})
}

func ruleID(t *testing.T, s *store.Store, wsID int64, tier string) int64 {
	t.Helper()
	rules, err := s.TierRules(context.Background(), wsID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.Tier == tier {
			return r.ID
		}
	}
	t.Fatalf("no rule %s", tier)
	return 0
}

func TestTierOverrideForms(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, false)
		ctx := context.Background()
		ids := storetest.Creators(t, s, f.ws.ID, "ana")
		foreign := storetest.Creators(t, s, f.other.ID, "zed")
		ana := ids[0]
		tier := func() *store.CRMProfile {
			p, err := s.CRMProfile(ctx, f.ws.ID, ana)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		form := url.Values{"tier": {"Gold"}, "until": {time.Now().AddDate(0, 1, 0).Format(time.DateOnly)}, "reason": {"launch partner"}}
		code, _, body := f.send(t, access.Manager, "POST", crmPath(ana, "tier"), form)
		expect(t, "no rules yet", code, body, 400, "Gold", "no tier rules yet")
		if _, err := s.CreateTierRule(ctx, store.CLIActor, f.ws.ID, store.TierRule{Tier: "Gold", WindowDays: 30, MinGMV: 1, Currency: "USD"}); err != nil {
			t.Fatal(err)
		}
		for _, role := range []access.Role{access.Specialist, access.Finance, access.Viewer} {
			code, _, body := f.send(t, role, "POST", crmPath(ana, "tier"), form)
			expect(t, "override as "+string(role), code, body, 403)
			code, _, body = f.send(t, role, "POST", crmPath(ana, "tier/clear"), nil)
			expect(t, "clear as "+string(role), code, body, 403)
		}
		code, _, _ = f.send(t, access.Owner, "POST", crmPath(foreign[0], "tier"), url.Values{"tier": {""}})
		expect(t, "another workspace's creator", code, "", 404)
		code, _, _ = f.send(t, access.Owner, "POST", crmPath(foreign[0], "tier/clear"), nil)
		expect(t, "clear another workspace's creator", code, "", 404)
		for _, bad := range []struct {
			name string
			form url.Values
			want []string
		}{
			{"no tier", url.Values{"tier": {" "}}, []string{"tier", "name the tier"}},
			{"unknown tier", url.Values{"tier": {"Platinum"}}, []string{"Platinum", "not one of your tiers (Gold)"}},
			{"bad date", url.Values{"tier": {"Gold"}, "until": {"2026-13-01"}}, []string{"until", "2026-13-01", "YYYY-MM-DD"}},
			{"past date", url.Values{"tier": {"Gold"}, "until": {"2020-01-01"}}, []string{"until", "2020-01-01", "after today"}},
		} {
			code, _, body := f.send(t, access.Manager, "POST", crmPath(ana, "tier"), bad.form)
			expect(t, bad.name, code, body, 400, bad.want...)
		}
		if p := tier(); p.Tier != "" || p.TierOverride != "" {
			t.Fatalf("refused overrides wrote %q/%q", p.Tier, p.TierOverride)
		}
		code, loc, body := f.send(t, access.Manager, "POST", crmPath(ana, "tier"), form)
		expect(t, "override", code, body, 303)
		p := tier()
		if loc != crmPath(ana, "")+"?ok=tier" || p.Tier != "Gold" || p.TierOverrideUntil == nil ||
			p.TierOverrideUntil.Format(time.DateOnly) != time.Now().AddDate(0, 1, 1).UTC().Format(time.DateOnly) {
			t.Errorf("after the override: %q, %+v", loc, p)
		}
		if lastAudit(t, s, f.ws, "creator.tier_override").Actor != "manager@acme.example" {
			t.Error("override not audited with its actor")
		}
		code, loc, _ = f.send(t, access.Owner, "POST", crmPath(ana, "tier/clear"), nil)
		if p = tier(); code != 303 || loc != crmPath(ana, "")+"?ok=tier" || p.TierOverride != "" || p.Tier != "" {
			t.Errorf("after clearing: %d %q %+v", code, loc, p)
		}
		_ = model.StageProspect
	})
}

func TestBestProspects(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, true)
		ctx := context.Background()
		ids := storetest.Creators(t, s, f.ws.ID, "fresh_prospect", "blocked_one", "just_contacted", "long_ago")
		fresh, blocked, recent, old := ids[0], ids[1], ids[2], ids[3]
		lead := store.Actor{Label: "lead@acme.example"}
		if _, err := s.SetStage(ctx, lead, f.ws.ID, []int64{blocked}, model.StageDoNotContact, "asked us to stop"); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordContact(ctx, f.ws.ID, recent, time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordContact(ctx, f.ws.ID, old, time.Now().AddDate(0, 0, -30)); err != nil {
			t.Fatal(err)
		}
		code, _, body := f.send(t, access.Viewer, "GET", "/w/acme/prospects", nil)
		expect(t, "before any refresh", code, body, 200, "@fresh_prospect", "not scored yet")
		code, _, _ = f.send(t, access.Owner, "POST", "/w/acme/settings/crm/refresh", nil)
		expect(t, "refresh", code, "", 303)

		code, _, body = f.send(t, access.Viewer, "GET", "/w/acme/prospects", nil)
		expect(t, "prospects", code, body, 200, "Best next creators to contact", fmt.Sprintf("/w/acme/creators/%d", fresh),
			"@long_ago", "Vertical match", "Not contacted yet", "No reply to your message of", "contacted in the last 14 day(s)")
		for _, lack := range []string{"@blocked_one", "@just_contacted", "Export CSV", `href="/w/acme/settings/crm"`} {
			if strings.Contains(body, lack) {
				t.Errorf("prospects list holds %q", lack)
			}
		}
		// Sellers are activated or further by the refresh: they are not prospects any more.
		top, _ := windowFigures(t, s, f.ws, 30)
		if top != "" && strings.Contains(body, ">@"+top+"<") {
			t.Errorf("a creator who sold is on the list: %s", top)
		}
		code, _, body = f.send(t, access.Manager, "GET", "/w/acme/prospects?after=nonsense", nil)
		expect(t, "bad cursor", code, body, 400, "nonsense")
		code, _, body = f.send(t, access.Manager, "GET", "/w/acme/prospects", nil)
		expect(t, "manager sees the export", code, body, 200, "Export CSV", `href="/w/acme/settings/crm"`)

		for _, role := range []access.Role{access.Specialist, access.Viewer} {
			code, _, body := f.send(t, role, "GET", "/w/acme/prospects.csv", nil)
			expect(t, "CSV as "+string(role), code, body, 403)
		}
		code, _, body = f.send(t, access.Finance, "GET", "/w/acme/prospects.csv", nil)
		expect(t, "CSV", code, body, 200, "rank,creator_id,username", "fresh_prospect", "Vertical match: No target verticals set")
		if strings.Contains(body, "blocked_one") || strings.Contains(body, "just_contacted") {
			t.Error("CSV holds excluded creators")
		}
	})
}
