package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// CRMProfile is a creator as the CRM sees it: identity, channels, where they stand, who owns
// them, and the precomputed sales the directory sorts on.
type CRMProfile struct {
	ID                     int64
	Username, DisplayName  string
	Email, Discord         string
	Region, Language       string
	TimeZone, Agency       string
	Followers              *int64
	Verticals, Tags        []string
	Stage                  model.Stage
	StageSince             time.Time
	StageReason            string
	OwnerID                *int64
	OwnerEmail             string // "" when nobody owns the creator
	Tier                   string // effective tier: the override while it lasts, else the rules'
	TierSince              time.Time
	TierOverride           string
	TierOverrideUntil      *time.Time // nil with an override: until cleared
	Sales                  CreatorSales
	Score                  int
	ScoreParts             string // JSON of the score's components
	LastContactedAt        *time.Time
	LastReplyAt            *time.Time
	MergedInto             *int64
	CreatedAt, UpdatedAt   time.Time
	ReportedGMV30d         *int64 // the marketplace's figure from a creator list, in ReportedCurrency
	ReportedCurrency       string
	EngagementBP, AvgViews *int64
}

// CreatorSales are a creator's precomputed sales as of StatsDay (YYYYMMDD, workspace zone).
type CreatorSales struct {
	Currency               string
	GMV30d, GMV90d, GMVAll int64
	Orders30d, Orders90d   int64
	UnitsAll               int64
	FirstSaleDay, LastSale int32 // YYYYMMDD; 0 before any sale
	StatsDay               int32
}

// crmProfileColumns are read by scanCRMProfile, in its order.
const crmProfileColumns = `c.id, c.username, c.display_name, c.email, c.discord, c.region, c.language, c.time_zone,
	c.agency, c.followers, c.verticals, c.tags, c.stage, c.stage_since, c.stage_reason, c.owner_id,
	COALESCE(u.email, ''), c.tier, c.tier_since, c.tier_override, c.tier_override_until,
	c.sales_currency, c.sales_gmv_30d, c.sales_gmv_90d, c.sales_gmv_all, c.sales_orders_30d,
	c.sales_orders_90d, c.sales_units_all, c.first_sale_day, c.last_sale_day, c.stats_day,
	c.score, c.score_parts, c.last_contacted_at, c.last_reply_at, c.merged_into, c.created_at,
	c.updated_at, c.gmv_30d, c.gmv_30d_currency, c.engagement_bp, c.avg_views`

// crmProfileFrom is the FROM clause that goes with crmProfileColumns.
const crmProfileFrom = ` FROM creators c LEFT JOIN users u ON u.id = c.owner_id`

type rowScanner interface{ Scan(dest ...any) error }

func scanCRMProfile(row rowScanner) (*CRMProfile, error) {
	var p CRMProfile
	var followers, owner, overrideUntil, contacted, replied, merged, reported, engagement, views sql.NullInt64
	var verticals, tags, stage string
	var stageSince, tierSince, created, updated int64
	err := row.Scan(&p.ID, &p.Username, &p.DisplayName, &p.Email, &p.Discord, &p.Region, &p.Language, &p.TimeZone,
		&p.Agency, &followers, &verticals, &tags, &stage, &stageSince, &p.StageReason, &owner,
		&p.OwnerEmail, &p.Tier, &tierSince, &p.TierOverride, &overrideUntil,
		&p.Sales.Currency, &p.Sales.GMV30d, &p.Sales.GMV90d, &p.Sales.GMVAll, &p.Sales.Orders30d,
		&p.Sales.Orders90d, &p.Sales.UnitsAll, &p.Sales.FirstSaleDay, &p.Sales.LastSale, &p.Sales.StatsDay,
		&p.Score, &p.ScoreParts, &contacted, &replied, &merged, &created,
		&updated, &reported, &p.ReportedCurrency, &engagement, &views)
	if err != nil {
		return nil, err
	}
	p.Followers, p.OwnerID, p.MergedInto = optInt(followers), optInt(owner), optInt(merged)
	p.ReportedGMV30d, p.EngagementBP, p.AvgViews = optInt(reported), optInt(engagement), optInt(views)
	p.Verticals, p.Tags, p.Stage = DecodeList(verticals), DecodeList(tags), model.Stage(stage)
	p.StageSince, p.TierSince = unixUTC(stageSince), unixUTC(tierSince)
	p.CreatedAt, p.UpdatedAt = unixUTC(created), unixUTC(updated)
	p.TierOverrideUntil, p.LastContactedAt, p.LastReplyAt = optTime(overrideUntil), optTime(contacted), optTime(replied)
	return &p, nil
}

// CRMProfile returns the workspace's creator with that id, or ErrNotFound — also when the id
// belongs to another workspace. A merged creator is returned too (MergedInto says where to go).
func (s *Store) CRMProfile(ctx context.Context, workspaceID, id int64) (*CRMProfile, error) {
	p, err := scanCRMProfile(s.read.QueryRowContext(ctx, `SELECT `+crmProfileColumns+crmProfileFrom+`
		WHERE c.workspace_id = $1 AND c.id = $2`, workspaceID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch creator %d: %w", id, err)
	}
	return p, nil
}

// EncodeList stores a list column ('|a|b|'; ” when empty) so that "has x" is one substring
// test: strings.Contains(col, "|x|") here, instr/position in SQL. Items are trimmed, '|' is
// dropped from them, empties and repeats are dropped, and the order is kept.
func EncodeList(items []string) string {
	var out []string
	for _, it := range items {
		it = strings.TrimSpace(strings.ReplaceAll(it, "|", ""))
		if it != "" && !slices.Contains(out, it) {
			out = append(out, it)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "|" + strings.Join(out, "|") + "|"
}

// DecodeList reads a list column written by EncodeList.
func DecodeList(s string) []string {
	s = strings.Trim(s, "|")
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

// NormalizeTag is the form tags are stored in: trimmed, lowercase, inner spaces as dashes.
func NormalizeTag(t string) string {
	return strings.Join(strings.Fields(strings.ToLower(t)), "-")
}

// The kinds of timeline events.
const (
	EventStage   = "stage"   // from_value → to_value, body: why
	EventTier    = "tier"    // from_value → to_value, body: why (rule, override, expiry)
	EventOwner   = "owner"   // from_value → to_value: owners' emails
	EventTags    = "tags"    // from_value → to_value: the lists
	EventNote    = "note"    // body
	EventTask    = "task"    // body: the title; to_value: "open" or "done"; ref_id: the task
	EventMerge   = "merge"   // body: who was merged in; ref_id: the merge
	EventUnmerge = "unmerge" // body: who was split out; ref_id: the merge
	EventProfile = "profile" // body: which fields changed
	EventMessage = "message" // outreach (issue 6)
	EventSample  = "sample"  // samples (issue 7)
)

// Automation is the actor label of changes creatorops makes by itself (stage moves, tiers).
const Automation = "automation"

// CreatorEvent is one entry of a creator's timeline.
type CreatorEvent struct {
	ID        int64
	CreatorID int64
	Kind      string
	At        time.Time
	Actor     string
	UserID    *int64
	From, To  string
	Body      string
	RefID     *int64
}

// appendCreatorEvents writes timeline events in one statement per 500 (inside the caller's
// transaction, so an event exists exactly when its change does).
func (s *Store) appendCreatorEvents(ctx context.Context, tx *sql.Tx, workspaceID int64, evs []CreatorEvent) error {
	const cols, chunk = 10, 500
	for len(evs) > 0 {
		n := min(len(evs), chunk)
		args := make([]any, 0, n*cols)
		for _, e := range evs[:n] {
			at := e.At
			if at.IsZero() {
				at = time.Now()
			}
			args = append(args, workspaceID, e.CreatorID, e.Kind, at.Unix(), e.Actor, nullInt(e.UserID),
				e.From, e.To, e.Body, nullInt(e.RefID))
		}
		q := `INSERT INTO creator_events (workspace_id, creator_id, kind, at, actor, user_id, from_value,
			to_value, body, ref_id) VALUES ` + s.valuesList(n, cols, 1)
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("store: unable to record %d timeline events: %w", n, err)
		}
		evs = evs[n:]
	}
	return nil
}

func actorUserID(a Actor) *int64 {
	if a.UserID == 0 {
		return nil
	}
	return &a.UserID
}

func unixUTC(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}
