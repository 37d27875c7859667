package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// CreatorProfile is what a creator list says of a creator. Nil numbers and empty strings mean
// the list did not say, and leave what is stored alone.
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
}

type creatorRecord struct {
	displayName, category, currency, email, region, agency string
	followers, gmv, units, views, engagement               sql.NullInt64
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
	return changed
}

// UpsertCreatorProfiles creates or updates creators from a list in one transaction, matching
// them by their handle on platform, and records the run's progress and rejected rows.
func (s *Store) UpsertCreatorProfiles(ctx context.Context, workspaceID int64, platform string, runID int64, profiles []CreatorProfile, rejected []RejectedRow, rowsRead int64, before BatchResult) (BatchResult, error) {
	var res BatchResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockWorkspace(ctx, tx, workspaceID); err != nil {
			return err
		}
		created := map[string]int64{}
		for i := range profiles {
			p := &profiles[i]
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT creator_id FROM creator_accounts WHERE workspace_id = $1 AND platform = $2 AND handle = $3`,
				workspaceID, platform, p.Handle).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				if id, err = s.createCreatorWithAccount(ctx, tx, workspaceID, platform, p.Handle, "list"); err != nil {
					return err
				}
				created[p.Handle] = id
				res.Inserted++
				var r creatorRecord
				r.merge(p)
				if err := updateCreator(ctx, tx, id, &r); err != nil {
					return err
				}
				continue
			}
			if err != nil {
				return fmt.Errorf("store: unable to look up creator %q: %w", p.Handle, err)
			}
			var r creatorRecord
			err = tx.QueryRowContext(ctx, `SELECT display_name, category, gmv_30d_currency, email, region, agency,
				followers, gmv_30d, units_30d, avg_views, engagement_bp FROM creators WHERE id = $1`, id).Scan(
				&r.displayName, &r.category, &r.currency, &r.email, &r.region, &r.agency,
				&r.followers, &r.gmv, &r.units, &r.views, &r.engagement)
			if err != nil {
				return fmt.Errorf("store: unable to read creator %q: %w", p.Handle, err)
			}
			if !r.merge(p) {
				res.Unchanged++
				continue
			}
			res.Updated++
			if err := updateCreator(ctx, tx, id, &r); err != nil {
				return err
			}
		}
		if err := s.addToDirectory(ctx, tx, workspaceID, created); err != nil {
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

func updateCreator(ctx context.Context, tx *sql.Tx, id int64, r *creatorRecord) error {
	_, err := tx.ExecContext(ctx, `UPDATE creators SET display_name = $1, category = $2, gmv_30d_currency = $3, email = $4,
		region = $5, agency = $6, followers = $7, gmv_30d = $8, units_30d = $9, avg_views = $10, engagement_bp = $11,
		updated_at = $12 WHERE id = $13`, r.displayName, r.category, r.currency, r.email, r.region, r.agency,
		r.followers, r.gmv, r.units, r.views, r.engagement, now(), id)
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
