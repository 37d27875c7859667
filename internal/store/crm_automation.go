package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// CRMRow is a creator as the CRM automation reads it: the few columns stage moves, tiers and
// the fit score need, so a million creators stream through in seconds.
type CRMRow struct {
	ID                          int64
	Stage                       model.Stage
	StageSince                  time.Time
	Tier, TierOverride          string
	TierOverrideUntil           *time.Time
	Sales                       CreatorSales
	OrdersAll, Units30d         int64
	Verticals                   []string
	Region                      string
	Followers                   *int64
	ReportedGMV30d, ReportedU30 *int64 // the marketplace's 30-day GMV and units from a creator list
	ReportedCurrency            string
	EngagementBP, AvgViews      *int64
	LastContactedAt             *time.Time
	LastReplyAt                 *time.Time
	Score                       int
	ScoreParts                  string
}

// CRMRowParts say which steps a pass over the creators serves, and so which columns it reads:
// a tier re-evaluation of a million creators reads a third of what a full refresh does.
type CRMRowParts struct{ Stages, Tiers, Scores bool }

// crmColumns are what EachCRMRow may read, each with the steps that need it.
var crmColumns = []struct {
	col                   string
	stages, tiers, scores bool
}{
	{"stage", true, false, false}, {"stage_since", true, false, false}, {"first_sale_day", true, false, false},
	{"last_sale_day", true, false, false}, {"sales_orders_30d", true, true, false}, {"last_reply_at", true, false, true},
	{"tier", false, true, false}, {"tier_override", false, true, false}, {"tier_override_until", false, true, false},
	{"sales_currency", false, true, true}, {"sales_gmv_30d", false, true, true}, {"sales_gmv_90d", false, true, false},
	{"sales_gmv_all", false, true, true}, {"sales_orders_90d", false, true, false}, {"sales_orders_all", false, true, true},
	{"sales_units_30d", false, false, true}, {"verticals", false, false, true}, {"region", false, false, true},
	{"followers", false, false, true}, {"gmv_30d", false, false, true}, {"units_30d", false, false, true},
	{"gmv_30d_currency", false, false, true}, {"engagement_bp", false, false, true}, {"avg_views", false, false, true},
	{"last_contacted_at", false, false, true}, {"score", false, false, true}, {"score_parts", false, false, true},
}

// crmScan holds one row's raw values while EachCRMRow reads it.
type crmScan struct {
	stage, verticals                                                    string
	since, first, last                                                  int64
	until, followers, gmv, units, engagement, views, contacted, replied sql.NullInt64
}

// dest is where column col of r (or of the raw values) is scanned to.
func (sc *crmScan) dest(r *CRMRow, col string) any {
	switch col {
	case "stage":
		return &sc.stage
	case "stage_since":
		return &sc.since
	case "first_sale_day":
		return &sc.first
	case "last_sale_day":
		return &sc.last
	case "sales_orders_30d":
		return &r.Sales.Orders30d
	case "last_reply_at":
		return &sc.replied
	case "tier":
		return &r.Tier
	case "tier_override":
		return &r.TierOverride
	case "tier_override_until":
		return &sc.until
	case "sales_currency":
		return &r.Sales.Currency
	case "sales_gmv_30d":
		return &r.Sales.GMV30d
	case "sales_gmv_90d":
		return &r.Sales.GMV90d
	case "sales_gmv_all":
		return &r.Sales.GMVAll
	case "sales_orders_90d":
		return &r.Sales.Orders90d
	case "sales_orders_all":
		return &r.OrdersAll
	case "sales_units_30d":
		return &r.Units30d
	case "verticals":
		return &sc.verticals
	case "region":
		return &r.Region
	case "followers":
		return &sc.followers
	case "gmv_30d":
		return &sc.gmv
	case "units_30d":
		return &sc.units
	case "gmv_30d_currency":
		return &r.ReportedCurrency
	case "engagement_bp":
		return &sc.engagement
	case "avg_views":
		return &sc.views
	case "last_contacted_at":
		return &sc.contacted
	case "score":
		return &r.Score
	case "score_parts":
		return &r.ScoreParts
	}
	panic("store: no CRM column " + col)
}

// EachCRMRow calls fn for every live (unmerged) creator of the workspace, in id order, with
// the fields the parts need (the others are left zero). The row is reused between calls: fn
// must copy what it keeps. An error from fn stops the walk.
func (s *Store) EachCRMRow(ctx context.Context, workspaceID int64, parts CRMRowParts, fn func(*CRMRow) error) error {
	span, err := s.creatorSpan(ctx, workspaceID)
	if err != nil || span.count == 0 {
		return err
	}
	var r CRMRow
	var sc crmScan
	cols := "id"
	dests := []any{&r.ID}
	for _, c := range crmColumns {
		if c.stages && parts.Stages || c.tiers && parts.Tiers || c.scores && parts.Scores {
			cols += ", " + c.col
			dests = append(dests, sc.dest(&r, c.col))
		}
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+cols+` FROM creators WHERE `+s.spanScan()+` AND merged_into IS NULL ORDER BY id`,
		workspaceID, span.lo, span.hi)
	if err != nil {
		return fmt.Errorf("store: unable to read the creators of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dests...); err != nil {
			return fmt.Errorf("store: unable to read the creators of workspace %d: %w", workspaceID, err)
		}
		r.Stage, r.StageSince = model.Stage(sc.stage), unixUTC(sc.since)
		r.Sales.FirstSaleDay, r.Sales.LastSale = int32(sc.first), int32(sc.last)
		r.TierOverrideUntil, r.LastContactedAt, r.LastReplyAt = optTime(sc.until), optTime(sc.contacted), optTime(sc.replied)
		if parts.Scores {
			r.Verticals = DecodeList(sc.verticals)
			r.Followers, r.ReportedGMV30d, r.ReportedU30 = optInt(sc.followers), optInt(sc.gmv), optInt(sc.units)
			r.EngagementBP, r.AvgViews = optInt(sc.engagement), optInt(sc.views)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to read the creators of workspace %d: %w", workspaceID, err)
	}
	return nil
}

// AutomationCounts says what a CRM automation run changed.
type AutomationCounts struct {
	StageMoves       map[string]int // "prospect→activated": creators moved
	StageSkipped     int            // moves not made: someone changed the stage meanwhile
	TierChanges      int
	OverridesExpired int
	TierSkipped      int
	Scores           int // creators whose score or its parts changed
	RowsWritten      int // creators whose new sales or score were written (both in one UPDATE)
}

// CRMAutomation writes one automation run's changes (stage moves, tiers, scores) in batches,
// with their timeline events and one summary audit entry, in one write transaction up to
// crmCommitRows changes and in several past that. Stage and
// tier changes are conditional on the value the run read, so a change a member made meanwhile
// wins and the automatic one is skipped (counted in StageSkipped and TierSkipped).
type CRMAutomation struct {
	s           *Store
	workspaceID int64
	at          time.Time
	tx          *sql.Tx
	stages      []stageMove
	tiers       []tierChange
	rows        []rowWrite // new sales figures and scores, one entry per creator
	plan        *SalesPlan // the sales refresh this run writes, if any (UseSales)
	counts      AutomationCounts
	uncommitted int // changes written in w.tx so far
}

type stageMove struct {
	id       int64
	from, to model.Stage
	reason   string
}

type tierChange struct {
	id                 int64
	from, to, override string // override: the override the run read ('' for none)
	clearOverride      bool
	reason             string
}

// automationBatch is how many changes of a kind are written per flush.
const automationBatch = 2000

// crmCommitRows is how many creator rows a CRM refresh writes in one transaction before it
// commits and goes on in the next. The first refresh of a big workspace changes every creator:
// in a single transaction it held SQLite's one writer (and, on PostgreSQL, the row lock of every
// creator it changed, which a member's edit waits for) for a minute and a half at a million
// creators. What is committed stays if a later part fails: every write is a recomputation that
// the next run repeats. A variable so that tests can make runs commit often.
var crmCommitRows = 50_000

const (
	stageMoveSQL = `UPDATE creators SET stage = $1, stage_since = $2, stage_reason = ''
		WHERE workspace_id = $3 AND id = $4 AND stage = $5 AND merged_into IS NULL`
	tierChangeSQL = `UPDATE creators SET tier = $1, tier_since = CASE WHEN tier = $1 THEN tier_since ELSE $2 END,
		tier_override = CASE WHEN $3 = 1 THEN '' ELSE tier_override END,
		tier_override_until = CASE WHEN $3 = 1 THEN NULL ELSE tier_override_until END
		WHERE workspace_id = $4 AND id = $5 AND tier = $6 AND tier_override = $7 AND merged_into IS NULL`
)

// BeginCRMAutomation starts a run at time at. Nothing is written until a batch fills or Commit.
func (s *Store) BeginCRMAutomation(ctx context.Context, workspaceID int64, at time.Time) (*CRMAutomation, error) {
	if s.dialect == SQLite {
		// Prepared before the transaction, which holds SQLite's only write connection.
		qs := []string{stageMoveSQL, tierChangeSQL}
		for _, q := range rowSetStatements {
			qs = append(qs, q)
		}
		for _, q := range qs {
			if _, err := s.prepare(ctx, q); err != nil {
				return nil, fmt.Errorf("store: unable to prepare the CRM automation: %w", err)
			}
		}
	}
	return &CRMAutomation{s: s, workspaceID: workspaceID, at: at.UTC(), counts: AutomationCounts{StageMoves: map[string]int{}}}, nil
}

// MoveStage moves a creator from the stage the run read to another, with why.
func (w *CRMAutomation) MoveStage(ctx context.Context, id int64, from, to model.Stage, reason string) error {
	w.stages = append(w.stages, stageMove{id, from, to, reason})
	if len(w.stages) >= automationBatch {
		return w.flushStages(ctx)
	}
	return nil
}

// SetTier changes a creator's tier from the one the run read (with the override it read), and
// clears that override when clearOverride is set (it expired).
func (w *CRMAutomation) SetTier(ctx context.Context, id int64, from, to, override string, clearOverride bool, reason string) error {
	w.tiers = append(w.tiers, tierChange{id, from, to, override, clearOverride, reason})
	if len(w.tiers) >= automationBatch {
		return w.flushTiers(ctx)
	}
	return nil
}

func (w *CRMAutomation) begin(ctx context.Context) (*sql.Tx, error) {
	if w.tx == nil {
		tx, err := w.s.write.BeginTx(ctx, nil)
		if err != nil {
			return nil, fmt.Errorf("store: unable to begin the CRM automation: %w", err)
		}
		w.tx = tx
	}
	return w.tx, nil
}

// exec runs a prepared statement (SQLite) or q, returning the rows it changed.
func (w *CRMAutomation) exec(ctx context.Context, q string, args ...any) (int64, error) {
	var res sql.Result
	var err error
	if st := w.s.cachedStmt(q); st != nil {
		res, err = w.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	} else {
		res, err = w.tx.ExecContext(ctx, q, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (w *CRMAutomation) flushStages(ctx context.Context) error {
	if len(w.stages) == 0 {
		return nil
	}
	tx, err := w.begin(ctx)
	if err != nil {
		return err
	}
	done := map[int64]bool{}
	if w.s.dialect == Postgres {
		ids, froms, tos := make([]int64, len(w.stages)), make([]string, len(w.stages)), make([]string, len(w.stages))
		for i, m := range w.stages {
			ids[i], froms[i], tos[i] = m.id, string(m.from), string(m.to)
		}
		rows, err := tx.QueryContext(ctx, `UPDATE creators c SET stage = t.to_stage, stage_since = $2, stage_reason = ''
			FROM unnest($3::bigint[], $4::text[], $5::text[]) AS t(id, from_stage, to_stage)
			WHERE c.workspace_id = $1 AND c.id = t.id AND c.stage = t.from_stage AND c.merged_into IS NULL
			RETURNING c.id`, w.workspaceID, w.at.Unix(), ids, froms, tos)
		if err != nil {
			return fmt.Errorf("store: unable to move %d creators: %w", len(ids), err)
		}
		if err := collectIDs(rows, done); err != nil {
			return fmt.Errorf("store: unable to move %d creators: %w", len(ids), err)
		}
	} else {
		for _, m := range w.stages {
			n, err := w.exec(ctx, stageMoveSQL, string(m.to), w.at.Unix(), w.workspaceID, m.id, string(m.from))
			if err != nil {
				return fmt.Errorf("store: unable to move creator %d to %s: %w", m.id, m.to, err)
			}
			if n == 1 {
				done[m.id] = true
			}
		}
	}
	var evs []CreatorEvent
	for _, m := range w.stages {
		if !done[m.id] {
			w.counts.StageSkipped++
			continue
		}
		w.counts.StageMoves[string(m.from)+"→"+string(m.to)]++
		evs = append(evs, CreatorEvent{CreatorID: m.id, Kind: EventStage, At: w.at, Actor: Automation,
			From: string(m.from), To: string(m.to), Body: m.reason})
	}
	w.uncommitted += len(w.stages)
	w.stages = w.stages[:0]
	if err := w.s.appendCreatorEvents(ctx, tx, w.workspaceID, evs); err != nil {
		return err
	}
	return w.commitIfLarge()
}

// commitIfLarge commits the run's writes so far once they reach crmCommitRows (see there).
func (w *CRMAutomation) commitIfLarge() error {
	if w.tx == nil || w.uncommitted < crmCommitRows {
		return nil
	}
	err := w.tx.Commit()
	w.tx, w.uncommitted = nil, 0
	if err != nil {
		return fmt.Errorf("store: unable to commit the CRM automation: %w", err)
	}
	return nil
}

func (w *CRMAutomation) flushTiers(ctx context.Context) error {
	if len(w.tiers) == 0 {
		return nil
	}
	tx, err := w.begin(ctx)
	if err != nil {
		return err
	}
	done := map[int64]bool{}
	if w.s.dialect == Postgres {
		n := len(w.tiers)
		ids, froms, tos, overrides, clears := make([]int64, n), make([]string, n), make([]string, n), make([]string, n), make([]bool, n)
		for i, c := range w.tiers {
			ids[i], froms[i], tos[i], overrides[i], clears[i] = c.id, c.from, c.to, c.override, c.clearOverride
		}
		rows, err := tx.QueryContext(ctx, `UPDATE creators c SET tier = t.to_tier,
			tier_since = CASE WHEN c.tier = t.to_tier THEN c.tier_since ELSE $2 END,
			tier_override = CASE WHEN t.clear THEN '' ELSE c.tier_override END,
			tier_override_until = CASE WHEN t.clear THEN NULL ELSE c.tier_override_until END
			FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::boolean[]) AS t(id, from_tier, to_tier, override, clear)
			WHERE c.workspace_id = $1 AND c.id = t.id AND c.tier = t.from_tier AND c.tier_override = t.override
			AND c.merged_into IS NULL RETURNING c.id`, w.workspaceID, w.at.Unix(), ids, froms, tos, overrides, clears)
		if err != nil {
			return fmt.Errorf("store: unable to change %d tiers: %w", n, err)
		}
		if err := collectIDs(rows, done); err != nil {
			return fmt.Errorf("store: unable to change %d tiers: %w", n, err)
		}
	} else {
		for _, c := range w.tiers {
			clear := 0
			if c.clearOverride {
				clear = 1
			}
			n, err := w.exec(ctx, tierChangeSQL, c.to, w.at.Unix(), clear, w.workspaceID, c.id, c.from, c.override)
			if err != nil {
				return fmt.Errorf("store: unable to change the tier of creator %d: %w", c.id, err)
			}
			if n == 1 {
				done[c.id] = true
			}
		}
	}
	var evs []CreatorEvent
	for _, c := range w.tiers {
		if !done[c.id] {
			w.counts.TierSkipped++
			continue
		}
		if c.clearOverride {
			w.counts.OverridesExpired++
		}
		if c.from != c.to {
			w.counts.TierChanges++
		}
		evs = append(evs, CreatorEvent{CreatorID: c.id, Kind: EventTier, At: w.at, Actor: Automation,
			From: c.from, To: c.to, Body: c.reason})
	}
	w.uncommitted += len(w.tiers)
	w.tiers = w.tiers[:0]
	if err := w.s.appendCreatorEvents(ctx, tx, w.workspaceID, evs); err != nil {
		return err
	}
	return w.commitIfLarge()
}

func collectIDs(rows *sql.Rows, into map[int64]bool) error {
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		into[id] = true
	}
	return rows.Err()
}

// Commit writes what is buffered (and the sales of the plan's creators the run did not pass,
// such as merged ones) and, when the run changed anything, one summary audit entry, then
// commits. It returns what the run changed.
func (w *CRMAutomation) Commit(ctx context.Context) (AutomationCounts, error) {
	for _, flush := range []func(context.Context) error{w.flushStages, w.flushTiers, w.writeRestOfSales} {
		if err := flush(ctx); err != nil {
			w.Rollback()
			return w.counts, err
		}
	}
	c := w.counts
	salesChanged := 0
	if w.plan != nil {
		salesChanged = w.plan.Result.Changed
	}
	moved := 0
	for _, n := range c.StageMoves {
		moved += n
	}
	if salesChanged == 0 && moved == 0 && c.TierChanges == 0 && c.OverridesExpired == 0 && c.Scores == 0 {
		w.Rollback()
		return c, nil
	}
	tx, err := w.begin(ctx)
	if err != nil {
		return c, err
	}
	summary := fmt.Sprintf("CRM refresh: sales of %d creator(s) updated, %d stage move(s), %d tier change(s), %d override(s) expired, %d score(s) updated",
		salesChanged, moved, c.TierChanges, c.OverridesExpired, c.Scores)
	if err := audit(ctx, tx, Actor{Label: Automation}, AuditEntry{WorkspaceID: w.workspaceID, Action: "crm.refresh",
		ObjectType: "workspace", ObjectID: strconv.FormatInt(w.workspaceID, 10), Summary: summary,
		After: map[string]any{"sales": salesChanged, "stages": c.StageMoves, "stages_skipped": c.StageSkipped,
			"tiers": c.TierChanges, "overrides_expired": c.OverridesExpired, "scores": c.Scores}}); err != nil {
		w.Rollback()
		return c, err
	}
	err = w.tx.Commit()
	w.tx = nil
	if err != nil {
		return c, fmt.Errorf("store: unable to commit the CRM automation: %w", err)
	}
	return c, nil
}

// Rollback abandons the run's unwritten and uncommitted changes.
func (w *CRMAutomation) Rollback() {
	if w.tx != nil {
		w.tx.Rollback()
		w.tx = nil
	}
	w.stages, w.tiers, w.rows = nil, nil, nil
}

// RecordContact notes that the brand wrote to a creator at t (outreach, issue 6, calls it with
// the message it records on the timeline): the SLA views and the fit score's responsiveness
// read it.
func (s *Store) RecordContact(ctx context.Context, workspaceID, id int64, t time.Time) error {
	return s.recordActivity(ctx, "last_contacted_at", workspaceID, id, t)
}

// RecordReply notes that a creator replied at t; the next refresh moves a prospect or
// contacted creator who replied after entering its stage to engaged.
func (s *Store) RecordReply(ctx context.Context, workspaceID, id int64, t time.Time) error {
	return s.recordActivity(ctx, "last_reply_at", workspaceID, id, t)
}

func (s *Store) recordActivity(ctx context.Context, col string, workspaceID, id int64, t time.Time) error {
	res, err := s.write.ExecContext(ctx, `UPDATE creators SET `+col+` = $1 WHERE workspace_id = $2 AND id = $3
		AND (`+col+` IS NULL OR `+col+` < $1)`, t.Unix(), workspaceID, id)
	if err != nil {
		return fmt.Errorf("store: unable to record %s of creator %d: %w", col, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var one int
		if err := s.read.QueryRowContext(ctx, `SELECT 1 FROM creators WHERE workspace_id = $1 AND id = $2`, workspaceID, id).Scan(&one); err != nil {
			return ErrNotFound
		}
	}
	return nil
}

// CreatorOrdersAll is a creator's precomputed lifetime orders (not in CRMProfile: only
// lifetime tier rules read it).
func (s *Store) CreatorOrdersAll(ctx context.Context, workspaceID, id int64) (int64, error) {
	var n int64
	err := s.read.QueryRowContext(ctx, `SELECT sales_orders_all FROM creators WHERE workspace_id = $1 AND id = $2`, workspaceID, id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: unable to read the orders of creator %d: %w", id, err)
	}
	return n, nil
}

// WorkspaceTimezone is the workspace's time zone name, which cuts the CRM's days.
func (s *Store) WorkspaceTimezone(ctx context.Context, workspaceID int64) (string, error) {
	var tz string
	err := s.read.QueryRowContext(ctx, `SELECT timezone FROM workspaces WHERE id = $1`, workspaceID).Scan(&tz)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to read the time zone of workspace %d: %w", workspaceID, err)
	}
	return tz, nil
}

// LastCreatorEvent is the last timeline event of a kind (EventStage, EventTier) written for a
// creator, or ErrNotFound: what a page shows as "why this stage" or "why this tier".
func (s *Store) LastCreatorEvent(ctx context.Context, workspaceID, creatorID int64, kind string) (*CreatorEvent, error) {
	var e CreatorEvent
	var at int64
	var user, ref sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT id, creator_id, kind, at, actor, user_id, from_value, to_value, body, ref_id
		FROM creator_events WHERE workspace_id = $1 AND creator_id = $2 AND kind = $3 ORDER BY id DESC LIMIT 1`,
		workspaceID, creatorID, kind).Scan(&e.ID, &e.CreatorID, &e.Kind, &at, &e.Actor, &user, &e.From, &e.To, &e.Body, &ref)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the %s events of creator %d: %w", kind, creatorID, err)
	}
	e.At, e.UserID, e.RefID = unixUTC(at), optInt(user), optInt(ref)
	return &e, nil
}
