package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CollaborationFilter selects collaborations for a list, newest first; empty fields do not
// filter.
type CollaborationFilter struct {
	Kind     string // CollaborationOpen or CollaborationTarget
	Status   string // as the platform says it
	Query    string // in the name or the platform id
	BeforeID int64  // the cursor: only collaborations with a smaller id; 0 to start
	Limit    int    // 1…500; 0 for 50
}

// collaborationListColumns are a collaboration's columns and counts, as lists read them.
const collaborationListColumns = `c.id, c.workspace_id, c.connection_id, c.platform_id, c.kind, c.name, c.message, c.status,
	c.commission_bp, c.free_sample, c.require_approval, c.start_at, c.end_at, c.raw, c.created_by, c.created_at, c.updated_at,
	COALESCE(cn.shop_name, ''),
	(SELECT COUNT(*) FROM collaboration_products p WHERE p.collaboration_id = c.id),
	(SELECT COUNT(*) FROM collaboration_creators x WHERE x.collaboration_id = c.id),
	COALESCE((SELECT pr.name FROM collaboration_products p JOIN products pr ON pr.workspace_id = c.workspace_id
		AND pr.platform_product_id = p.product_id WHERE p.collaboration_id = c.id ORDER BY p.product_id, pr.id LIMIT 1), '')`

func scanCollaboration(row interface{ Scan(...any) error }) (*Collaboration, error) {
	var c Collaboration
	var free, approval int64
	var start, end sql.NullInt64
	var created, updated int64
	if err := row.Scan(&c.ID, &c.WorkspaceID, &c.ConnectionID, &c.PlatformID, &c.Kind, &c.Name, &c.Message, &c.Status,
		&c.CommissionBP, &free, &approval, &start, &end, &c.Raw, &c.CreatedBy, &created, &updated,
		&c.ShopName, &c.ProductCount, &c.CreatorCount, &c.ProductName); err != nil {
		return nil, err
	}
	c.FreeSample, c.RequireApproval = free != 0, approval != 0
	c.StartAt, c.EndAt = unixPtr(start), unixPtr(end)
	c.CreatedAt, c.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	return &c, nil
}

// Collaborations lists the workspace's collaborations matching f, newest first, and whether
// more follow.
func (s *Store) Collaborations(ctx context.Context, workspaceID int64, f CollaborationFilter) ([]*Collaboration, bool, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > 500 {
		return nil, false, fmt.Errorf("store: unable to list collaborations: limit %d is over 500", limit)
	}
	q := `SELECT ` + collaborationListColumns + ` FROM collaborations c LEFT JOIN connections cn ON cn.id = c.connection_id
		WHERE c.workspace_id = $1`
	args := []any{workspaceID}
	arg := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args)))
	}
	if f.Kind != "" {
		arg("c.kind = ?", f.Kind)
	}
	if f.Status != "" {
		arg("c.status = ?", f.Status)
	}
	if f.Query != "" {
		args = append(args, "%"+likeEscape(strings.ToLower(f.Query))+"%", f.Query)
		n := len(args)
		q += fmt.Sprintf(` AND (lower(c.name) LIKE $%d ESCAPE '\' OR c.platform_id = $%d)`, n-1, n)
	}
	if f.BeforeID > 0 {
		arg("c.id < ?", f.BeforeID)
	}
	q += ` ORDER BY c.id DESC LIMIT ` + strconv.Itoa(limit+1)
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to list collaborations: %w", err)
	}
	defer rows.Close()
	var out []*Collaboration
	for rows.Next() {
		c, err := scanCollaboration(rows)
		if err != nil {
			return nil, false, fmt.Errorf("store: unable to list collaborations: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: unable to list collaborations: %w", err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}

// CollaborationStatuses lists the statuses the workspace's collaborations have, for filters.
func (s *Store) CollaborationStatuses(ctx context.Context, workspaceID int64) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT DISTINCT status FROM collaborations WHERE workspace_id = $1 AND status <> '' ORDER BY status`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list collaboration statuses: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var st string
		if err := rows.Scan(&st); err != nil {
			return nil, fmt.Errorf("store: unable to list collaboration statuses: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// Collaboration returns the workspace's collaboration id with its products (named from the
// catalog) and creators (with their handles), or ErrNotFound — also for another workspace's.
func (s *Store) Collaboration(ctx context.Context, workspaceID, id int64) (*Collaboration, error) {
	c, err := scanCollaboration(s.read.QueryRowContext(ctx, `SELECT `+collaborationListColumns+` FROM collaborations c
		LEFT JOIN connections cn ON cn.id = c.connection_id WHERE c.workspace_id = $1 AND c.id = $2`, workspaceID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch collaboration %d: %w", id, err)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT p.product_id, p.commission_bp,
		COALESCE((SELECT pr.name FROM products pr WHERE pr.workspace_id = $1 AND pr.platform_product_id = p.product_id ORDER BY pr.id LIMIT 1), '')
		FROM collaboration_products p WHERE p.collaboration_id = $2 ORDER BY p.product_id`, workspaceID, id)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch the products of collaboration %d: %w", id, err)
	}
	for rows.Next() {
		var p CollaborationProduct
		if err := rows.Scan(&p.ProductID, &p.CommissionBP, &p.Name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: unable to fetch the products of collaboration %d: %w", id, err)
		}
		c.Products = append(c.Products, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to fetch the products of collaboration %d: %w", id, err)
	}
	rows, err = s.read.QueryContext(ctx, `SELECT x.creator_user_id, k.id, COALESCE(k.username, '')
		FROM collaboration_creators x
		LEFT JOIN creators m ON m.id = x.creator_id
		LEFT JOIN creators k ON k.id = COALESCE(m.merged_into, m.id)
		WHERE x.collaboration_id = $1 ORDER BY k.username, x.creator_user_id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch the creators of collaboration %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var cr CollaborationCreator
		var cid sql.NullInt64
		if err := rows.Scan(&cr.UserID, &cid, &cr.Handle); err != nil {
			return nil, fmt.Errorf("store: unable to fetch the creators of collaboration %d: %w", id, err)
		}
		if cid.Valid {
			v := cid.Int64
			cr.CreatorID = &v
		}
		c.Creators = append(c.Creators, cr)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to fetch the creators of collaboration %d: %w", id, err)
	}
	return c, nil
}
