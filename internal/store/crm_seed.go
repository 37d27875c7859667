package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// SeedCreator is a creator with its CRM fields and precomputed sales, as the demo data and the
// benchmarks create them in bulk.
type SeedCreator struct {
	Platform    string // AccountPlatform value; "" for TikTok Shop
	Handle      string // stored canonical (model.CanonicalHandle)
	DisplayName string
	Email       string
	Discord     string
	Followers   *int64
	Region      string
	Language    string
	TimeZone    string
	Agency      string
	Verticals   []string
	Tags        []string
	Stage       model.Stage // "" for prospect
	StageSince  time.Time   // zero: CreatedAt
	StageReason string
	OwnerID     *int64 // must be a member of the workspace (not checked: seeding is trusted)
	Tier        string
	Score       int
	Sales       CreatorSales
	CreatedAt   time.Time // zero: now
}

// seedCols are the creators columns SeedCreators writes, in its argument order.
const seedCols = `workspace_id, username, display_name, email, discord, followers, category, region, language,
	time_zone, agency, verticals, tags, stage, stage_since, stage_reason, owner_id, tier, tier_since, score,
	sales_currency, sales_gmv_30d, sales_gmv_90d, sales_gmv_all, sales_orders_30d, sales_orders_90d,
	sales_units_all, first_sale_day, last_sale_day, stats_day, source, created_at, updated_at`

const seedColCount = 33

// SeedCreators inserts creators with their platform accounts, CRM fields and sales columns in
// one transaction, a few hundred per statement: a million in about a minute on SQLite. It is
// for demo data and benchmarks, so it writes no timeline events, only one summary audit entry.
// A handle the workspace already has fails the whole call. It returns the ids in input order.
func (s *Store) SeedCreators(ctx context.Context, workspaceID int64, in []SeedCreator) ([]int64, error) {
	if len(in) == 0 {
		return nil, nil
	}
	insert := func(n int) string {
		return `INSERT INTO creators (` + seedCols + `) VALUES ` + s.valuesList(n, seedColCount, 1) + ` RETURNING id`
	}
	accounts := func(n int) string {
		return `INSERT INTO creator_accounts (workspace_id, creator_id, platform, handle, created_at) VALUES ` +
			s.valuesList(n, 5, 1)
	}
	// Prepared outside the transaction: on SQLite it holds the only write connection.
	for _, n := range chunkSizes {
		if n <= len(in) {
			if _, err := s.prepare(ctx, insert(n)); err != nil {
				return nil, fmt.Errorf("store: unable to prepare the creator seed: %w", err)
			}
			if _, err := s.prepare(ctx, accounts(n)); err != nil {
				return nil, fmt.Errorf("store: unable to prepare the creator seed: %w", err)
			}
		}
	}
	ids := make([]int64, 0, len(in))
	nowT := time.Now().UTC()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		created := make(map[string]int64, len(in))
		for start := 0; start < len(in); {
			n := nextChunk(len(in) - start)
			part := in[start : start+n]
			args := make([]any, 0, n*seedColCount)
			for i := range part {
				c := &part[i]
				handle := model.CanonicalHandle(c.Handle)
				if handle == "" {
					return fmt.Errorf("store: seed creator %d has no handle", start+i)
				}
				at := c.CreatedAt
				if at.IsZero() {
					at = nowT
				}
				since := c.StageSince
				if since.IsZero() {
					since = at
				}
				stage := c.Stage
				if stage == "" {
					stage = model.StageProspect
				}
				category := ""
				if len(c.Verticals) > 0 {
					category = c.Verticals[0]
				}
				tags := make([]string, len(c.Tags))
				for j, t := range c.Tags {
					tags[j] = NormalizeTag(t)
				}
				tierSince := int64(0)
				if c.Tier != "" {
					tierSince = since.Unix()
				}
				args = append(args, workspaceID, handle, c.DisplayName, c.Email, c.Discord, nullInt(c.Followers), category,
					c.Region, c.Language, c.TimeZone, c.Agency, EncodeList(c.Verticals), EncodeList(tags), string(stage),
					since.Unix(), c.StageReason, nullInt(c.OwnerID), c.Tier, tierSince, c.Score,
					c.Sales.Currency, c.Sales.GMV30d, c.Sales.GMV90d, c.Sales.GMVAll, c.Sales.Orders30d, c.Sales.Orders90d,
					c.Sales.UnitsAll, c.Sales.FirstSaleDay, c.Sales.LastSale, c.Sales.StatsDay, "seed", at.Unix(), at.Unix())
			}
			rows, err := s.queryIn(ctx, tx, insert(n), args...)
			if err != nil {
				return fmt.Errorf("store: unable to seed creators: %w", err)
			}
			// RETURNING gives no order guarantee: the ids are matched back by sorting, since
			// one statement's new ids ascend in VALUES order on both engines.
			part0 := len(ids)
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return fmt.Errorf("store: unable to seed creators: %w", err)
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("store: unable to seed creators: %w", err)
			}
			if len(ids)-part0 != n {
				return fmt.Errorf("store: seeding %d creators returned %d ids", n, len(ids)-part0)
			}
			slices.Sort(ids[part0:])
			args = args[:0]
			for i := range part {
				platform := part[i].Platform
				if platform == "" {
					platform = AccountPlatform(model.PlatformTikTokShop)
				}
				handle := model.CanonicalHandle(part[i].Handle)
				id := ids[part0+i]
				created[handle] = id
				args = append(args, workspaceID, id, platform, handle, nowT.Unix())
			}
			if err := s.execIn(ctx, tx, accounts(n), args...); err != nil {
				return fmt.Errorf("store: unable to seed creator accounts: %w", err)
			}
			start += n
		}
		if err := s.addToDirectory(ctx, tx, workspaceID, created); err != nil {
			return err
		}
		return audit(ctx, tx, CLIActor, AuditEntry{WorkspaceID: workspaceID, Action: "creator.seed", ObjectType: "creator",
			ObjectID: fmt.Sprintf("%d creators", len(in)), Summary: fmt.Sprintf("Seeded %d creators", len(in))})
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}
