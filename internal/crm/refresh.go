package crm

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// Move is one stage move a refresh made, for the command line's report.
type Move struct {
	CreatorID int64
	From, To  model.Stage
	Reason    string
}

// Result says what a refresh changed.
type Result struct {
	Sales            store.RefreshSalesResult
	StageMoves       map[string]int // "prospect→activated": creators moved
	StageSkipped     int            // automatic moves not made because someone moved the creator meanwhile
	TierChanges      int
	OverridesExpired int
	Scores           int    // creators whose score changed
	RowsWritten      int    // creators whose sales or score were written, each in one UPDATE
	Examples         []Move // the first moves, up to maxExamples
	Took             time.Duration
}

// Moved is the number of stage moves made.
func (r Result) Moved() int {
	n := 0
	for _, v := range r.StageMoves {
		n += v
	}
	return n
}

// Transitions lists the stage moves as "prospect→activated", in a stable order.
func (r Result) Transitions() []string {
	out := make([]string, 0, len(r.StageMoves))
	for k := range r.StageMoves {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

const maxExamples = 20

// Refresh brings a workspace's CRM up to date as of now: it recomputes the precomputed sales
// from the rollups, then in one pass over the live creators, on their new figures, makes the
// automatic stage moves, re-evaluates tiers (expiring overrides) and re-scores, writing only
// what changed (a creator's new figures and score in one UPDATE), with its
// timeline events and one summary audit entry (in one transaction, or one per 50,000 rows on a
// big workspace: see store.CRMAutomation). Stage and tier changes
// are conditional on what the pass read, so a member's change made meanwhile wins. It is
// idempotent: a second run right after changes nothing.
func Refresh(ctx context.Context, st *store.Store, wsID int64, now time.Time) (Result, error) {
	return run(ctx, st, wsID, now, parts{sales: true, stages: true, tiers: true, scores: true})
}

// RefreshTiers re-evaluates every creator's tier (and expires overrides) on the precomputed
// sales as they stand, without recomputing them or touching stages and scores: what a change
// of tier rules needs, and what the benchmark of tier re-evaluation times.
func RefreshTiers(ctx context.Context, st *store.Store, wsID int64, now time.Time) (Result, error) {
	return run(ctx, st, wsID, now, parts{tiers: true})
}

// parts say which steps a run makes.
type parts struct{ sales, stages, tiers, scores bool }

func run(ctx context.Context, st *store.Store, wsID int64, now time.Time, do parts) (Result, error) {
	start := time.Now()
	var res Result
	tz, err := st.WorkspaceTimezone(ctx, wsID)
	if err != nil {
		return res, err
	}
	loc := (&model.Workspace{Timezone: tz}).Location()
	today := DayOf(now, loc)
	var plan *store.SalesPlan
	if do.sales {
		if plan, err = st.PlanCreatorSales(ctx, wsID, today); err != nil {
			return res, err
		}
		res.Sales = plan.Result
	}
	set, err := st.CRMSettings(ctx, wsID)
	if err != nil {
		return res, err
	}
	rules, err := st.TierRules(ctx, wsID)
	if err != nil {
		return res, err
	}
	w, err := st.BeginCRMAutomation(ctx, wsID, now)
	if err != nil {
		return res, err
	}
	w.UseSales(plan)
	err = st.EachCRMRow(ctx, wsID, store.CRMRowParts{Stages: do.stages, Tiers: do.tiers, Scores: do.scores}, func(r *store.CRMRow) error {
		// The new figures decide the stage, tier and score, and are written with the score.
		if err := w.ApplySales(ctx, r); err != nil {
			return err
		}
		return evaluate(ctx, w, r, do, *set, rules, now, today, loc, &res)
	})
	if err != nil {
		w.Rollback()
		return res, err
	}
	counts, err := w.Commit(ctx)
	if err != nil {
		return res, err
	}
	res.StageMoves, res.StageSkipped = counts.StageMoves, counts.StageSkipped
	res.TierChanges, res.OverridesExpired, res.Scores = counts.TierChanges, counts.OverridesExpired, counts.Scores
	res.RowsWritten = counts.RowsWritten
	// Examples were noted before the conditional writes: drop the moves that were skipped.
	if counts.StageSkipped > 0 {
		res.Examples = nil
	}
	res.Took = time.Since(start)
	return res, nil
}

// evaluate decides one creator's stage, tier and score and hands the changes to w.
func evaluate(ctx context.Context, w *store.CRMAutomation, r *store.CRMRow, do parts, set store.CRMSettings, rules []store.TierRule,
	now time.Time, today int32, loc *time.Location, res *Result) error {
	if do.stages {
		if err := evaluateStage(ctx, w, r, set, today, loc, res); err != nil {
			return err
		}
	}
	if do.tiers {
		sales := TierSales{Currency: r.Sales.Currency, GMV30d: r.Sales.GMV30d, GMV90d: r.Sales.GMV90d, GMVAll: r.Sales.GMVAll,
			Orders30d: r.Sales.Orders30d, Orders90d: r.Sales.Orders90d, OrdersAll: r.OrdersAll}
		if tier, expired := effectiveTier(rules, sales, r.TierOverride, r.TierOverrideUntil, now); tier != r.Tier || expired {
			tier, why, expired := EvaluateTier(rules, sales, r.TierOverride, r.TierOverrideUntil, now)
			if err := w.SetTier(ctx, r.ID, r.Tier, tier, r.TierOverride, expired, why); err != nil {
				return err
			}
		}
	}
	if !do.scores {
		return nil
	}
	score, sp := Score(ScoreInput{Verticals: r.Verticals, Region: r.Region, Followers: r.Followers,
		SalesCurrency: r.Sales.Currency, GMV30d: r.Sales.GMV30d, Units30d: r.Units30d, GMVAll: r.Sales.GMVAll,
		OrdersAll: r.OrdersAll, ReportedGMV30d: r.ReportedGMV30d, ReportedUnits30d: r.ReportedU30,
		ReportedCurrency: r.ReportedCurrency, EngagementBP: r.EngagementBP, AvgViews: r.AvgViews,
		LastContactedAt: r.LastContactedAt, LastReplyAt: r.LastReplyAt}, set, now)
	if encoded := EncodeScoreParts(sp); score != r.Score || encoded != r.ScoreParts {
		return w.SetScore(ctx, r.ID, r.Score, score, encoded)
	}
	return nil
}

// evaluateStage makes a creator's automatic stage move, if any.
func evaluateStage(ctx context.Context, w *store.CRMAutomation, r *store.CRMRow, set store.CRMSettings, today int32,
	loc *time.Location, res *Result) error {
	f := Facts{Stage: r.Stage, StageSince: r.StageSince, StageSinceDay: DayOf(r.StageSince, loc),
		FirstSaleDay: r.Sales.FirstSaleDay, LastSaleDay: r.Sales.LastSale, Orders30d: r.Sales.Orders30d}
	if r.LastReplyAt != nil {
		reply := r.LastReplyAt.In(loc)
		f.LastReplyAt = &reply
	}
	if to, why, moved := NextStage(f, set, today); moved {
		if err := w.MoveStage(ctx, r.ID, r.Stage, to, why); err != nil {
			return err
		}
		if len(res.Examples) < maxExamples {
			res.Examples = append(res.Examples, Move{r.ID, r.Stage, to, why})
		}
	}
	return nil
}

// ClearTierOverride ends a creator's tier override by hand: the creator takes the tier the
// rules give now.
func ClearTierOverride(ctx context.Context, st *store.Store, a store.Actor, wsID, creatorID int64) error {
	p, err := st.CRMProfile(ctx, wsID, creatorID)
	if err != nil {
		return err
	}
	if p.MergedInto != nil {
		return store.ErrNotFound
	}
	rules, err := st.TierRules(ctx, wsID)
	if err != nil {
		return err
	}
	orders, err := st.CreatorOrdersAll(ctx, wsID, creatorID)
	if err != nil {
		return err
	}
	tier, why := RuleTier(rules, TierSales{Currency: p.Sales.Currency, GMV30d: p.Sales.GMV30d, GMV90d: p.Sales.GMV90d,
		GMVAll: p.Sales.GMVAll, Orders30d: p.Sales.Orders30d, Orders90d: p.Sales.Orders90d, OrdersAll: orders})
	if err := st.ClearTierOverride(ctx, a, wsID, creatorID, tier, why); err != nil {
		return fmt.Errorf("crm: %w", err)
	}
	return nil
}
