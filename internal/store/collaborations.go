package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Collaboration kinds.
const (
	// CollaborationOpen is a public commission on one product, open to every creator.
	CollaborationOpen = "open"
	// CollaborationTarget is an invitation of chosen creators at the brand's own rates.
	CollaborationTarget = "target"
)

// EventInvite is the timeline event of a creator invited to a target collaboration: body the
// collaboration's name, ref_id the collaboration (collaborations.id, whose connection_id is
// the shop that invited). An invite is a first contact the platform counts against the
// seller's weekly quota, as IM is: CountInvites counts them.
const EventInvite = "invite"

// Collaboration is an open or target collaboration of a connection, as synced or created.
type Collaboration struct {
	ID, WorkspaceID, ConnectionID int64
	PlatformID                    string
	Kind                          string // CollaborationOpen or CollaborationTarget
	Name, Message, Status         string
	CommissionBP                  int64 // the highest rate offered
	FreeSample, RequireApproval   bool
	StartAt, EndAt                *time.Time
	Raw                           string // JSON as the platform described it
	CreatedBy                     string // "" when found by the sync
	CreatedAt, UpdatedAt          time.Time

	Products []CollaborationProduct
	Creators []CollaborationCreator

	// Filled by the lists and Collaboration.
	ShopName                   string // the connection's shop
	ProductCount, CreatorCount int
	ProductName                string // the first product's name, for open collaborations
}

// CollaborationProduct is a product of a collaboration and its rate.
type CollaborationProduct struct {
	ProductID    string
	CommissionBP int64
	Name         string // from the catalog, when a synced order named it
}

// CollaborationCreator is a creator a target collaboration invites.
type CollaborationCreator struct {
	UserID    string // the platform's
	CreatorID *int64 // the CRM's creator with that user id, if any
	Handle    string
}

// fingerprint hashes what a sync compares, so an unchanged collaboration is not rewritten.
func (c *Collaboration) fingerprint() string {
	products := slices.Clone(c.Products)
	slices.SortFunc(products, func(a, b CollaborationProduct) int { return strings.Compare(a.ProductID, b.ProductID) })
	users := make([]string, 0, len(c.Creators))
	for _, cr := range c.Creators {
		users = append(users, cr.UserID)
	}
	slices.Sort(users)
	pp := make([]string, 0, len(products))
	for _, p := range products {
		pp = append(pp, fmt.Sprintf("%s:%d", p.ProductID, p.CommissionBP))
	}
	b, _ := json.Marshal([]any{c.Kind, c.Name, c.Message, c.Status, c.CommissionBP, c.FreeSample, c.RequireApproval,
		collabUnix(c.StartAt), collabUnix(c.EndAt), pp, users})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

func collabUnix(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.Unix()
}

// highestRate is the best product rate, the collaboration's headline rate.
func highestRate(ps []CollaborationProduct) int64 {
	var best int64
	for _, p := range ps {
		best = max(best, p.CommissionBP)
	}
	return best
}

// CollaborationSyncResult counts what SyncCollaborations did.
type CollaborationSyncResult struct {
	New, Changed, Unchanged int
}

// Add adds o's counts.
func (r *CollaborationSyncResult) Add(o CollaborationSyncResult) {
	r.New += o.New
	r.Changed += o.Changed
	r.Unchanged += o.Unchanged
}

// SyncCollaborations upserts collaborations the platform listed for conn, in one transaction
// with one summary audit entry when anything changed. It is idempotent: a collaboration whose
// fingerprint is unchanged is not written, and created_by of one made from creatorops stays.
// Target collaborations' creators are matched to the CRM by their platform user id.
func (s *Store) SyncCollaborations(ctx context.Context, a Actor, conn *Connection, cs []Collaboration) (CollaborationSyncResult, error) {
	var res CollaborationSyncResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		t := now()
		var names []string
		for i := range cs {
			c := &cs[i]
			if c.PlatformID == "" {
				continue
			}
			c.WorkspaceID, c.ConnectionID = conn.WorkspaceID, conn.ID
			if c.Kind == CollaborationTarget || c.CommissionBP == 0 {
				c.CommissionBP = highestRate(c.Products)
			}
			fp := c.fingerprint()
			var id int64
			var was string
			err := tx.QueryRowContext(ctx, `SELECT id, fingerprint FROM collaborations WHERE connection_id = $1 AND platform_id = $2`,
				conn.ID, c.PlatformID).Scan(&id, &was)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				if id, err = insertCollaboration(ctx, tx, c, fp, t); err != nil {
					return err
				}
				res.New++
			case err != nil:
				return err
			case was == fp:
				res.Unchanged++
				continue
			default:
				// The message is only known to creatorops (the search does not return it), so a
				// sync keeps the one stored.
				if _, err := tx.ExecContext(ctx, `UPDATE collaborations SET kind = $2, name = $3,
					message = CASE WHEN $4 = '' THEN message ELSE $4 END, status = $5, commission_bp = $6,
					free_sample = $7, require_approval = $8, start_at = COALESCE($9, start_at), end_at = $10, raw = $11,
					fingerprint = $12, updated_at = $13 WHERE id = $1`,
					id, c.Kind, c.Name, c.Message, c.Status, c.CommissionBP, collabFlag(c.FreeSample), collabFlag(c.RequireApproval),
					collabUnix(c.StartAt), collabUnix(c.EndAt), c.Raw, fp, t); err != nil {
					return err
				}
				res.Changed++
			}
			if err := s.replaceCollaborationChildren(ctx, tx, conn.WorkspaceID, id, c); err != nil {
				return err
			}
			names = append(names, collaborationLabel(c))
		}
		if res.New+res.Changed == 0 {
			return nil
		}
		if len(names) > 20 {
			names = append(names[:20], "…")
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: conn.WorkspaceID, Action: "collaboration.sync", ObjectType: "connection",
			ObjectID: fmt.Sprint(conn.ID),
			Summary:  fmt.Sprintf("Collaborations of %q synced: %d new, %d changed", conn.ShopName, res.New, res.Changed),
			After:    map[string]any{"new": res.New, "changed": res.Changed, "collaborations": strings.Join(names, "; ")}})
	})
	if err != nil {
		return CollaborationSyncResult{}, fmt.Errorf("store: unable to sync the collaborations of connection %d: %w", conn.ID, err)
	}
	return res, nil
}

// collaborationLabel names a collaboration in audit summaries.
func collaborationLabel(c *Collaboration) string {
	if c.Name != "" {
		return fmt.Sprintf("%s %q (%s)", c.Kind, c.Name, c.PlatformID)
	}
	return c.Kind + " " + c.PlatformID
}

func collabFlag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// insertCollaboration adds c and returns its id (children are written by the caller).
func insertCollaboration(ctx context.Context, tx *sql.Tx, c *Collaboration, fp string, t int64) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO collaborations (workspace_id, connection_id, platform_id, kind, name, message, status,
		commission_bp, free_sample, require_approval, start_at, end_at, raw, fingerprint, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
		c.WorkspaceID, c.ConnectionID, c.PlatformID, c.Kind, c.Name, c.Message, c.Status, c.CommissionBP,
		collabFlag(c.FreeSample), collabFlag(c.RequireApproval), collabUnix(c.StartAt), collabUnix(c.EndAt), c.Raw, fp, c.CreatedBy, t).Scan(&id)
	return id, err
}

// replaceCollaborationChildren writes c's products and creators in place of the stored ones,
// matching creators to the CRM by their platform user id.
func (s *Store) replaceCollaborationChildren(ctx context.Context, tx *sql.Tx, workspaceID, id int64, c *Collaboration) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM collaboration_products WHERE collaboration_id = $1`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM collaboration_creators WHERE collaboration_id = $1`, id); err != nil {
		return err
	}
	seen := map[string]bool{}
	var rows [][]any
	for _, p := range c.Products {
		if p.ProductID != "" && !seen[p.ProductID] {
			seen[p.ProductID] = true
			rows = append(rows, []any{id, p.ProductID, p.CommissionBP})
		}
	}
	if err := s.insertRows(ctx, tx, `INSERT INTO collaboration_products (collaboration_id, product_id, commission_bp)`, "", 3, rows); err != nil {
		return err
	}
	known, err := creatorsByUserID(ctx, tx, workspaceID, c.Creators)
	if err != nil {
		return err
	}
	seen, rows = map[string]bool{}, nil
	for _, cr := range c.Creators {
		if cr.UserID == "" || seen[cr.UserID] {
			continue
		}
		seen[cr.UserID] = true
		var cid any
		if cr.CreatorID != nil {
			cid = *cr.CreatorID
		} else if id, ok := known[cr.UserID]; ok {
			cid = id
		}
		rows = append(rows, []any{id, cr.UserID, cid})
	}
	return s.insertRows(ctx, tx, `INSERT INTO collaboration_creators (collaboration_id, creator_user_id, creator_id)`, "", 3, rows)
}

// creatorsByUserID maps the platform user ids of cs to the workspace's creators holding them
// (the creator kept, for a merged one).
func creatorsByUserID(ctx context.Context, tx *sql.Tx, workspaceID int64, cs []CollaborationCreator) (map[string]int64, error) {
	out := map[string]int64{}
	platform := AccountPlatform("tiktok_shop")
	for _, cr := range cs {
		if cr.UserID == "" || cr.CreatorID != nil {
			continue
		}
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(c.merged_into, c.id) FROM creator_accounts ca JOIN creators c ON c.id = ca.creator_id
			WHERE ca.workspace_id = $1 AND ca.platform = $2 AND ca.external_id = $3 ORDER BY ca.id LIMIT 1`,
			workspaceID, platform, cr.UserID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[cr.UserID] = id
	}
	return out, nil
}

// RecordTargetCollaboration stores a target collaboration just created on the platform from
// creatorops by a: the collaboration with its products and creators, an "invite" event on
// each invited creator's timeline (EventInvite) with their last contact moved to now, and an
// audit entry, in one transaction. It returns the collaboration's id. Should the sync have
// stored it first, it is completed, not duplicated.
func (s *Store) RecordTargetCollaboration(ctx context.Context, a Actor, conn *Connection, c Collaboration) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		t := now()
		c.WorkspaceID, c.ConnectionID, c.Kind, c.CreatedBy = conn.WorkspaceID, conn.ID, CollaborationTarget, a.Label
		c.CommissionBP = highestRate(c.Products)
		fp := c.fingerprint()
		err := tx.QueryRowContext(ctx, `SELECT id FROM collaborations WHERE connection_id = $1 AND platform_id = $2`, conn.ID, c.PlatformID).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if id, err = insertCollaboration(ctx, tx, &c, fp, t); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE collaborations SET message = $2, created_by = $3, start_at = COALESCE(start_at, $4),
				updated_at = $5 WHERE id = $1`, id, c.Message, c.CreatedBy, collabUnix(c.StartAt), t); err != nil {
				return err
			}
		}
		if err := s.replaceCollaborationChildren(ctx, tx, conn.WorkspaceID, id, &c); err != nil {
			return err
		}
		var invited []int64
		var events []CreatorEvent
		for _, cr := range c.Creators {
			if cr.CreatorID == nil || slices.Contains(invited, *cr.CreatorID) {
				continue
			}
			invited = append(invited, *cr.CreatorID)
			ref := id
			events = append(events, CreatorEvent{CreatorID: *cr.CreatorID, Kind: EventInvite, At: time.Unix(t, 0), Actor: a.Label,
				UserID: actorUserID(a), To: c.PlatformID, Body: fmt.Sprintf("Invited to the target collaboration “%s” on %s", c.Name, conn.ShopName), RefID: &ref})
			if _, err := tx.ExecContext(ctx, `UPDATE creators SET last_contacted_at = $3 WHERE workspace_id = $1 AND id = $2
				AND (last_contacted_at IS NULL OR last_contacted_at < $3)`, conn.WorkspaceID, *cr.CreatorID, t); err != nil {
				return err
			}
		}
		if err := s.appendCreatorEvents(ctx, tx, conn.WorkspaceID, events); err != nil {
			return err
		}
		// Invites share the weekly first-contact quota with IM (DESIGN.md section 6).
		if err := s.recordPlatformContacts(ctx, tx, conn.WorkspaceID, conn.ID, invited, time.Unix(t, 0), false); err != nil {
			return err
		}
		products := make([]string, 0, len(c.Products))
		for _, p := range c.Products {
			products = append(products, fmt.Sprintf("%s at %d bp", p.ProductID, p.CommissionBP))
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: conn.WorkspaceID, Action: "collaboration.create", ObjectType: "collaboration",
			ObjectID: fmt.Sprint(id),
			Summary:  fmt.Sprintf("Target collaboration %q created on %q: %d creators, %d products", c.Name, conn.ShopName, len(c.Creators), len(c.Products)),
			After: map[string]any{"platform_id": c.PlatformID, "name": c.Name, "end_at": collabUnix(c.EndAt), "free_sample": c.FreeSample,
				"products": products, "creators": invited}})
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to record target collaboration %s: %w", c.PlatformID, err)
	}
	return id, nil
}

// CountInvites is how many creators connection invited to target collaborations from
// creatorops since a time: the outreach engine adds them to the IM first contacts of the
// weekly quota.
func (s *Store) CountInvites(ctx context.Context, connectionID int64, since time.Time) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM creator_events e JOIN collaborations c ON c.id = e.ref_id
		WHERE e.kind = 'invite' AND c.connection_id = $1 AND e.workspace_id = c.workspace_id AND e.at >= $2`, connectionID, since.Unix()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unable to count the invites of connection %d: %w", connectionID, err)
	}
	return n, nil
}
