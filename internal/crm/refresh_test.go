package crm_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// fixture is a workspace with the sample exports imported and two prospects added by hand.
type fixture struct {
	s        *store.Store
	ws       *model.Workspace
	sellers  []int64 // creators with a live order, by lifetime GMV
	prospect int64   // never sold, never replied
	replier  int64   // never sold, replied
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	ws, shop := storetest.USDShop(t, s)
	for _, f := range []string{"tiktok-affiliate-orders-1.csv", "tiktok-affiliate-orders-2.csv"} {
		if _, err := ingest.ImportOrders(ctx, s, ws, shop, filepath.Join("..", "..", "testdata", f), ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.CreatorTotals(ctx, ws.ID, store.Window{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	fx := &fixture{s: s, ws: ws}
	for _, f := range all {
		if f.Orders > 0 {
			fx.sellers = append(fx.sellers, f.CreatorID)
		}
	}
	if len(fx.sellers) < 4 {
		t.Fatalf("only %d creators sold in the samples", len(fx.sellers))
	}
	ids := storetest.Creators(t, s, ws.ID, "quiet_prospect", "replier")
	fx.prospect, fx.replier = ids[0], ids[1]
	return fx
}

func (fx *fixture) profile(t *testing.T, id int64) *store.CRMProfile {
	t.Helper()
	p, err := fx.s.CRMProfile(context.Background(), fx.ws.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (fx *fixture) refresh(t *testing.T, now time.Time) crm.Result {
	t.Helper()
	res, err := crm.Refresh(context.Background(), fx.s, fx.ws.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// at is noon UTC of a day (YYYYMMDD) plus n days.
func at(day int32, n int) time.Time {
	return time.Date(int(day/10000), time.Month(day/100%100), int(day%100), 12, 0, 0, 0, time.UTC).AddDate(0, 0, n)
}

func auditCount(t *testing.T, s *store.Store, wsID int64) int {
	t.Helper()
	log, err := s.AuditLog(context.Background(), wsID, store.AuditQuery{Action: "crm.refresh", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return len(log)
}

func TestRefreshStages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fx := newFixture(t, s)
		member := store.Actor{Label: "lead@acme.example"}
		blocked := fx.sellers[1]
		if _, err := s.SetStage(ctx, member, fx.ws.ID, []int64{blocked}, model.StageDoNotContact, "asked us to stop"); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordReply(ctx, fx.ws.ID, fx.replier, time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		now := time.Now().Add(time.Hour)
		res := fx.refresh(t, now)
		if res.Sales.Changed == 0 || res.Moved() == 0 || res.Scores == 0 || len(res.Examples) == 0 {
			t.Fatalf("first refresh = %+v", res)
		}
		for _, id := range fx.sellers {
			p := fx.profile(t, id)
			if id == blocked {
				if p.Stage != model.StageDoNotContact || p.StageReason != "asked us to stop" {
					t.Errorf("do-not-contact creator moved to %s (%q)", p.Stage, p.StageReason)
				}
				continue
			}
			if p.Stage.Rank() < model.StageActivated.Rank() {
				t.Errorf("%s sold but is %s", p.Username, p.Stage)
			}
			ev, err := s.LastCreatorEvent(ctx, fx.ws.ID, id, store.EventStage)
			if err != nil || ev.Actor != store.Automation || ev.From != "prospect" || ev.To != string(p.Stage) ||
				!strings.Contains(ev.Body, "first attributed sale on "+formatDay(p.Sales.FirstSaleDay)) {
				t.Errorf("%s: stage event %+v, %v", p.Username, ev, err)
			}
			if p.Score == 0 || p.ScoreParts == "" {
				t.Errorf("%s not scored", p.Username)
			}
		}
		if p := fx.profile(t, fx.prospect); p.Stage != model.StageProspect {
			t.Errorf("prospect without a sale or reply moved to %s", p.Stage)
		}
		if p := fx.profile(t, fx.replier); p.Stage != model.StageEngaged {
			t.Errorf("replier is %s", p.Stage)
		}
		audits := auditCount(t, s, fx.ws.ID)
		if audits != 1 {
			t.Errorf("%d crm.refresh audit entries after one run", audits)
		}
		if again := fx.refresh(t, now); again.Sales.Changed != 0 || again.Moved() != 0 || again.Scores != 0 || again.TierChanges != 0 {
			t.Errorf("second refresh changed something: %+v", again)
		}
		if n := auditCount(t, s, fx.ws.ID); n != audits {
			t.Errorf("a refresh that changed nothing was audited")
		}

		// The boundary days, on one creator: at risk after exactly AtRiskDays without a sale,
		// churned after exactly ChurnedDays.
		x := fx.sellers[0]
		last := fx.profile(t, x).Sales.LastSale
		set := store.DefaultCRMSettings()
		steps := []struct {
			days int
			want model.Stage
		}{
			{set.AtRiskDays - 1, ""}, {set.AtRiskDays, model.StageAtRisk},
			{set.ChurnedDays - 1, model.StageAtRisk}, {set.ChurnedDays, model.StageChurned},
		}
		for _, st := range steps {
			fx.refresh(t, at(last, st.days))
			p := fx.profile(t, x)
			if st.want == "" {
				if p.Stage != model.StageActivated && p.Stage != model.StageActive {
					t.Errorf("%d days after the last sale: %s", st.days, p.Stage)
				}
				continue
			}
			if p.Stage != st.want {
				t.Errorf("%d days after the last sale: %s, want %s", st.days, p.Stage, st.want)
			}
		}
		ev, _ := s.LastCreatorEvent(ctx, fx.ws.ID, x, store.EventStage)
		if ev == nil || ev.From != "at_risk" || ev.To != "churned" || !strings.Contains(ev.Body, "no sale for 60 days") {
			t.Errorf("churn event %+v", ev)
		}
		if p := fx.profile(t, blocked); p.Stage != model.StageDoNotContact {
			t.Errorf("do-not-contact creator moved to %s after %d days", p.Stage, set.ChurnedDays)
		}
		// A refresh dated on the last sale day again: that sale is older than the churn, so it
		// does not bring the creator back.
		fx.refresh(t, at(last, 0))
		if p := fx.profile(t, x); p.Stage != model.StageChurned {
			t.Errorf("churned creator came back without a new sale: %s", p.Stage)
		}
	})
}

// TestRefreshManualMoveWins makes a member's move between the automation's read and its write:
// the automatic move is skipped, not applied over it.
func TestRefreshManualMoveWins(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		ids := storetest.Creators(t, s, ws.ID, "ana", "ben")
		w, err := s.BeginCRMAutomation(ctx, ws.ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := w.MoveStage(ctx, ids[0], model.StageProspect, model.StageActivated, "first attributed sale on 2026-11-02"); err != nil {
			t.Fatal(err)
		}
		if err := w.MoveStage(ctx, ids[1], model.StageProspect, model.StageActivated, "first attributed sale on 2026-11-02"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetStage(ctx, store.Actor{Label: "lead@acme.example"}, ws.ID, ids[:1], model.StageBanned, "fake followers"); err != nil {
			t.Fatal(err)
		}
		counts, err := w.Commit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if counts.StageSkipped != 1 || counts.StageMoves["prospect→activated"] != 1 {
			t.Errorf("counts = %+v", counts)
		}
		a, _ := s.CRMProfile(ctx, ws.ID, ids[0])
		b, _ := s.CRMProfile(ctx, ws.ID, ids[1])
		if a.Stage != model.StageBanned || b.Stage != model.StageActivated {
			t.Errorf("stages = %s, %s", a.Stage, b.Stage)
		}
		if ev, _ := s.LastCreatorEvent(ctx, ws.ID, ids[0], store.EventStage); ev == nil || ev.To != "banned" {
			t.Errorf("the skipped move left an event: %+v", ev)
		}
	})
}

func formatDay(day int32) string { return at(day, 0).Format(time.DateOnly) }

func TestRefreshTiers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fx := newFixture(t, s)
		now := time.Now().Add(time.Hour)
		fx.refresh(t, now)
		a, b := fx.profile(t, fx.sellers[0]), fx.profile(t, fx.sellers[1])
		orders, err := s.CreatorOrdersAll(ctx, fx.ws.ID, b.ID)
		if err != nil || orders == 0 {
			t.Fatalf("orders of %s: %d, %v", b.Username, orders, err)
		}
		lead := store.Actor{Label: "lead@acme.example"}
		// A euro rule that everyone would meet comes first: it must not apply to USD sales.
		for _, r := range []store.TierRule{
			{Tier: "Euro", WindowDays: 0, Currency: "EUR"},
			{Tier: "Gold", WindowDays: 0, MinGMV: a.Sales.GMVAll, Currency: "USD"},
			{Tier: "Silver", WindowDays: 0, MinOrders: orders, Currency: "usd"},
		} {
			if _, err := s.CreateTierRule(ctx, lead, fx.ws.ID, r); err != nil {
				t.Fatal(err)
			}
		}
		res := fx.refresh(t, now)
		if res.TierChanges == 0 {
			t.Fatalf("no tier changes: %+v", res)
		}
		if p := fx.profile(t, a.ID); p.Tier != "Gold" {
			t.Errorf("GMV exactly at the minimum: tier %q", p.Tier)
		}
		if p := fx.profile(t, b.ID); p.Tier != "Silver" || b.Sales.GMVAll >= a.Sales.GMVAll {
			t.Errorf("orders exactly at the minimum: tier %q", p.Tier)
		}
		ev, _ := s.LastCreatorEvent(ctx, fx.ws.ID, a.ID, store.EventTier)
		if ev == nil || ev.From != "" || ev.To != "Gold" || ev.Actor != store.Automation || !strings.Contains(ev.Body, "(rule Gold)") {
			t.Errorf("promotion event %+v", ev)
		}
		if p := fx.profile(t, fx.prospect); p.Tier != "" {
			t.Errorf("prospect got tier %q", p.Tier)
		}

		// One cent and one order more: both drop a tier, with the history kept.
		rules, _ := s.TierRules(ctx, fx.ws.ID)
		gold, silver := rules[1], rules[2]
		gold.MinGMV++
		silver.MinOrders++
		if _, err := s.UpdateTierRule(ctx, lead, fx.ws.ID, gold.ID, gold); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateTierRule(ctx, lead, fx.ws.ID, silver.ID, silver); err != nil {
			t.Fatal(err)
		}
		if res, err := crm.RefreshTiers(ctx, s, fx.ws.ID, now); err != nil || res.TierChanges != 2 || res.Scores != 0 || res.Moved() != 0 {
			t.Fatalf("tiers only: %+v, %v", res, err)
		}
		if p := fx.profile(t, a.ID); p.Tier == "Gold" {
			t.Errorf("GMV one below the minimum kept Gold")
		}
		if p := fx.profile(t, b.ID); p.Tier != "" {
			t.Errorf("orders one below the minimum: tier %q", p.Tier)
		}
		ev, _ = s.LastCreatorEvent(ctx, fx.ws.ID, b.ID, store.EventTier)
		if ev == nil || ev.From != "Silver" || ev.To != "" || ev.Body != "below every tier rule" {
			t.Errorf("demotion event %+v", ev)
		}

		// Overrides: an unknown tier is refused; a live one wins over the rules; an expired one
		// is cleared by the next refresh with its reason on the timeline.
		until := time.Now().Add(2 * time.Hour)
		if err := s.SetTierOverride(ctx, lead, fx.ws.ID, b.ID, "Platinum", &until, ""); !errors.Is(err, store.ErrUnknownTier) {
			t.Errorf("unknown tier: %v", err)
		}
		past := time.Now().Add(-time.Minute)
		if err := s.SetTierOverride(ctx, lead, fx.ws.ID, b.ID, "gold", &past, ""); !store.IsSettingError(err) {
			t.Errorf("override ending in the past: %v", err)
		}
		if err := s.SetTierOverride(ctx, lead, fx.ws.ID, b.ID, "gold", &until, "launch partner"); err != nil {
			t.Fatal(err)
		}
		if p := fx.profile(t, b.ID); p.Tier != "Gold" || p.TierOverride != "Gold" || p.TierOverrideUntil == nil {
			t.Fatalf("after the override: %q (override %q until %v)", p.Tier, p.TierOverride, p.TierOverrideUntil)
		}
		fx.refresh(t, now) // before the end: the override holds
		if p := fx.profile(t, b.ID); p.Tier != "Gold" {
			t.Errorf("live override lost: %q", p.Tier)
		}
		res = fx.refresh(t, until) // the end has come
		if p := fx.profile(t, b.ID); p.Tier != "" || p.TierOverride != "" || p.TierOverrideUntil != nil || res.OverridesExpired != 1 {
			t.Errorf("after expiry: %q (override %q until %v), %+v", p.Tier, p.TierOverride, p.TierOverrideUntil, res)
		}
		ev, _ = s.LastCreatorEvent(ctx, fx.ws.ID, b.ID, store.EventTier)
		if ev == nil || ev.From != "Gold" || ev.To != "" || ev.Body != crm.OverrideExpired || ev.Actor != store.Automation {
			t.Errorf("expiry event %+v", ev)
		}

		// Cleared by hand: the rules' tier comes back at once.
		if err := s.SetTierOverride(ctx, lead, fx.ws.ID, a.ID, "Gold", nil, ""); err != nil {
			t.Fatal(err)
		}
		if err := crm.ClearTierOverride(ctx, s, lead, fx.ws.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		pa := fx.profile(t, a.ID)
		ordersA, _ := s.CreatorOrdersAll(ctx, fx.ws.ID, a.ID)
		rules, _ = s.TierRules(ctx, fx.ws.ID)
		want, _ := crm.RuleTier(rules, crm.TierSales{Currency: "USD", GMV30d: pa.Sales.GMV30d, GMV90d: pa.Sales.GMV90d,
			GMVAll: pa.Sales.GMVAll, Orders30d: pa.Sales.Orders30d, Orders90d: pa.Sales.Orders90d, OrdersAll: ordersA})
		if pa.TierOverride != "" || pa.Tier != want {
			t.Errorf("after clearing: tier %q (override %q), want %q", pa.Tier, pa.TierOverride, want)
		}
		ev, _ = s.LastCreatorEvent(ctx, fx.ws.ID, a.ID, store.EventTier)
		if ev == nil || ev.From != "Gold" || ev.To != want || !strings.HasPrefix(ev.Body, "override cleared") || ev.Actor != lead.Label {
			t.Errorf("clear event %+v", ev)
		}
		if err := crm.ClearTierOverride(ctx, s, lead, fx.ws.ID, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("clearing an unknown creator: %v", err)
		}
	})
}
