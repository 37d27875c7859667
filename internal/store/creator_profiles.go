package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// CreatorProfile is what a creator list says of a creator. Nil numbers, empty strings and
// empty lists mean the list did not say, and leave what is stored alone.
type CreatorProfile struct {
	Handle       string // canonical platform handle
	DisplayName  string
	Followers    *int64
	Category     string
	GMV30d       *int64 // minor units of Currency
	Currency     string
	Units30d     *int64
	AvgViews     *int64
	EngagementBP *int64
	Email        string
	Region       string
	Agency       string
	// CRM fields (issue 4). Verticals and tags are added to the stored ones; a stage only moves
	// a creator forward and never out of do-not-contact or banned; an owner replaces the owner.
	Verticals []string
	Tags      []string
	Discord   string
	Language  string
	TimeZone  string
	Stage     model.Stage // "" when the list does not say
	OwnerID   *int64      // a member of the workspace
	ShopeeID  string      // adds a Shopee account to the creator when no creator has it yet
}

type creatorRecord struct {
	displayName, category, currency, email, region, agency string
	followers, gmv, units, views, engagement               sql.NullInt64
	verticals, tags, discord, language, timeZone           string
	stage, stageReason                                     string
	owner                                                  sql.NullInt64
}

func mergeString(stored *string, incoming string) bool {
	if incoming == "" || incoming == *stored {
		return false
	}
	*stored = incoming
	return true
}

func mergeInt(stored *sql.NullInt64, incoming *int64) bool {
	if incoming == nil || stored.Valid && stored.Int64 == *incoming {
		return false
	}
	*stored = sql.NullInt64{Int64: *incoming, Valid: true}
	return true
}

// mergeList adds incoming items to a stored list column.
func mergeList(stored *string, incoming []string) bool {
	if len(incoming) == 0 {
		return false
	}
	next := EncodeList(append(DecodeList(*stored), incoming...))
	if next == *stored {
		return false
	}
	*stored = next
	return true
}

func (r *creatorRecord) merge(p *CreatorProfile) bool {
	changed := mergeString(&r.displayName, p.DisplayName)
	changed = mergeString(&r.category, p.Category) || changed
	changed = mergeString(&r.email, p.Email) || changed
	changed = mergeString(&r.region, p.Region) || changed
	changed = mergeString(&r.agency, p.Agency) || changed
	changed = mergeInt(&r.followers, p.Followers) || changed
	if mergeInt(&r.gmv, p.GMV30d) {
		r.currency = p.Currency
		changed = true
	}
	changed = mergeInt(&r.units, p.Units30d) || changed
	changed = mergeInt(&r.views, p.AvgViews) || changed
	changed = mergeInt(&r.engagement, p.EngagementBP) || changed
	changed = mergeList(&r.verticals, p.Verticals) || changed
	changed = mergeList(&r.tags, p.Tags) || changed
	changed = mergeString(&r.discord, p.Discord) || changed
	changed = mergeString(&r.language, p.Language) || changed
	changed = mergeString(&r.timeZone, p.TimeZone) || changed
	changed = mergeInt(&r.owner, p.OwnerID) || changed
	if importMovesStage(model.Stage(r.stage), p.Stage) {
		r.stage = string(p.Stage)
		r.stageReason = ""
		if p.Stage.Blocked() {
			r.stageReason = "marked " + p.Stage.Label() + " in an imported creator list"
		}
		changed = true
	}
	return changed
}

// importMovesStage reports whether a list's stage replaces the stored one: imports never move
// a creator out of do-not-contact or banned, and never backwards along the pipeline.
func importMovesStage(stored, incoming model.Stage) bool {
	if incoming == "" || incoming == stored || stored.Blocked() {
		return false
	}
	return incoming.Rank() > stored.Rank()
}

// UpsertCreatorProfiles creates or updates creators from a list in one transaction, matching
// them by their handle on platform, and records the run's progress and rejected rows. A
// handle of a merged creator updates the creator it was merged into. Stage and owner changes
// go on the creators' timelines, by "import #run".
func (s *Store) UpsertCreatorProfiles(ctx context.Context, workspaceID int64, platform string, runID int64, profiles []CreatorProfile, rejected []RejectedRow, rowsRead int64, before BatchResult) (BatchResult, error) {
	var res BatchResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockWorkspace(ctx, tx, workspaceID); err != nil {
			return err
		}
		created := map[string]int64{}
		var evs []CreatorEvent
		at := time.Now().UTC()
		actor := fmt.Sprintf("import #%d", runID)
		for i := range profiles {
			p := &profiles[i]
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT COALESCE(c.merged_into, c.id) FROM creator_accounts a
				JOIN creators c ON c.id = a.creator_id WHERE a.workspace_id = $1 AND a.platform = $2 AND a.handle = $3`,
				workspaceID, platform, p.Handle).Scan(&id)
			var r creatorRecord
			isNew := errors.Is(err, sql.ErrNoRows)
			switch {
			case isNew:
				if id, err = s.createCreatorWithAccount(ctx, tx, workspaceID, platform, p.Handle, "list"); err != nil {
					return err
				}
				created[p.Handle] = id
				r.stage = string(model.StageProspect)
			case err != nil:
				return fmt.Errorf("store: unable to look up creator %q: %w", p.Handle, err)
			default:
				err = tx.QueryRowContext(ctx, `SELECT display_name, category, gmv_30d_currency, email, region, agency,
					followers, gmv_30d, units_30d, avg_views, engagement_bp, verticals, tags, discord, language,
					time_zone, stage, stage_reason, owner_id FROM creators WHERE id = $1`, id).Scan(
					&r.displayName, &r.category, &r.currency, &r.email, &r.region, &r.agency,
					&r.followers, &r.gmv, &r.units, &r.views, &r.engagement, &r.verticals, &r.tags, &r.discord,
					&r.language, &r.timeZone, &r.stage, &r.stageReason, &r.owner)
				if err != nil {
					return fmt.Errorf("store: unable to read creator %q: %w", p.Handle, err)
				}
			}
			if p.ShopeeID != "" {
				if err := s.addShopeeAccount(ctx, tx, workspaceID, id, p.ShopeeID); err != nil {
					return err
				}
			}
			was := r
			changed := r.merge(p)
			if isNew {
				res.Inserted++
			} else if !changed {
				res.Unchanged++
				continue
			} else {
				res.Updated++
			}
			stageSince := int64(0)
			if r.stage != was.stage {
				stageSince = at.Unix()
				evs = append(evs, CreatorEvent{CreatorID: id, Kind: EventStage, At: at, Actor: actor,
					From: was.stage, To: r.stage, Body: cmp.Or(r.stageReason, "from an imported creator list")})
			} else if isNew {
				stageSince = at.Unix()
			}
			if r.owner != was.owner {
				evs = append(evs, CreatorEvent{CreatorID: id, Kind: EventOwner, At: at, Actor: actor,
					From: fmt.Sprint(was.owner.Int64), To: fmt.Sprint(r.owner.Int64), Body: "from an imported creator list"})
			}
			if err := updateCreator(ctx, tx, id, &r, stageSince); err != nil {
				return err
			}
		}
		if err := s.addToDirectory(ctx, tx, workspaceID, created); err != nil {
			return err
		}
		if err := s.ownerEmails(ctx, tx, evs); err != nil {
			return err
		}
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, evs); err != nil {
			return err
		}
		if err := s.insertRejected(ctx, tx, workspaceID, 0, runID, rejected); err != nil {
			return err
		}
		res.Rejected = int64(len(rejected))
		t := before
		t.Add(res)
		return s.updateRunProgress(ctx, tx, runID, rowsRead, t)
	})
	return res, err
}

// addShopeeAccount gives a creator its Shopee account, unless a creator already has it.
func (s *Store) addShopeeAccount(ctx context.Context, tx *sql.Tx, workspaceID, creatorID int64, shopeeID string) error {
	handle := model.CanonicalHandle(shopeeID)
	_, err := tx.ExecContext(ctx, `INSERT INTO creator_accounts (workspace_id, creator_id, platform, handle, external_id,
		created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workspace_id, platform, handle) DO NOTHING`,
		workspaceID, creatorID, AccountPlatform(model.PlatformShopee), handle, shopeeID, now())
	if err != nil {
		return fmt.Errorf("store: unable to add the Shopee account %q: %w", shopeeID, err)
	}
	return nil
}

// ownerEmails turns the owner ids of owner events into the members' emails, as SetOwner writes them.
func (s *Store) ownerEmails(ctx context.Context, tx *sql.Tx, evs []CreatorEvent) error {
	emails := map[string]string{"0": ""}
	for i := range evs {
		if evs[i].Kind != EventOwner {
			continue
		}
		for _, v := range []*string{&evs[i].From, &evs[i].To} {
			e, ok := emails[*v]
			if !ok {
				if err := tx.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1`, *v).Scan(&e); err != nil &&
					!errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("store: unable to read an owner: %w", err)
				}
				emails[*v] = e
			}
			*v = e
		}
	}
	return nil
}

func updateCreator(ctx context.Context, tx *sql.Tx, id int64, r *creatorRecord, stageSince int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE creators SET display_name = $1, category = $2, gmv_30d_currency = $3, email = $4,
		region = $5, agency = $6, followers = $7, gmv_30d = $8, units_30d = $9, avg_views = $10, engagement_bp = $11,
		updated_at = $12, verticals = $13, tags = $14, discord = $15, language = $16, time_zone = $17, stage = $18,
		stage_reason = $19, owner_id = $20,
		stage_since = CASE WHEN CAST($21 AS BIGINT) > 0 THEN CAST($21 AS BIGINT) ELSE stage_since END
		WHERE id = $22`, r.displayName, r.category, r.currency, r.email, r.region, r.agency,
		r.followers, r.gmv, r.units, r.views, r.engagement, now(), r.verticals, r.tags, r.discord, r.language,
		r.timeZone, r.stage, r.stageReason, r.owner, stageSince, id)
	if err != nil {
		return fmt.Errorf("store: unable to update creator %d: %w", id, err)
	}
	return nil
}

// Creator is a creator as the directory shows it.
type Creator struct {
	ID           int64
	Username     string
	DisplayName  string
	Followers    *int64
	Category     string
	Email        string
	Region       string
	Agency       string
	GMV30d       *int64
	Currency     string
	EngagementBP *int64
}

// CreatorByHandle returns the creator with that handle on platform, or ErrNotFound.
func (s *Store) CreatorByHandle(ctx context.Context, workspaceID int64, platform, handle string) (*Creator, error) {
	var c Creator
	var followers, gmv, engagement sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT c.id, c.username, c.display_name, c.followers, c.category, c.email, c.region,
		c.agency, c.gmv_30d, c.gmv_30d_currency, c.engagement_bp FROM creators c
		JOIN creator_accounts a ON a.creator_id = c.id
		WHERE a.workspace_id = $1 AND a.platform = $2 AND a.handle = $3`, workspaceID, platform, handle).Scan(
		&c.ID, &c.Username, &c.DisplayName, &followers, &c.Category, &c.Email, &c.Region, &c.Agency, &gmv, &c.Currency, &engagement)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch creator %q: %w", handle, err)
	}
	c.Followers, c.GMV30d, c.EngagementBP = optInt(followers), optInt(gmv), optInt(engagement)
	return &c, nil
}
