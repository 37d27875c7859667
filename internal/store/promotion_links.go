package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Promotion link renewal: a link is generated again after PromotionLinkMaxAge; a product the
// platform refused is tried again after PromotionLinkRetryAfter.
const (
	PromotionLinkMaxAge     = 30 * 24 * time.Hour
	PromotionLinkRetryAfter = 24 * time.Hour
)

// PromotionLink is a product's affiliate promotion link through one connection.
type PromotionLink struct {
	ID, WorkspaceID, ConnectionID int64
	ProductID                     string // the platform's
	ProductName                   string // from the catalog
	ShopName                      string // the connection's shop
	URL                           string // "" while the platform refuses (Error says why)
	GeneratedAt                   *time.Time
	Error                         string
	AttemptedAt                   time.Time
}

// PromotionLinkResult is the outcome of one generation: a URL, or the platform's refusal.
type PromotionLinkResult struct {
	ProductID string
	URL       string
	Error     string
}

// DuePromotionLinks lists up to limit product ids of conn's shop that need a promotion link at
// now: none yet, one older than PromotionLinkMaxAge, or a refusal older than
// PromotionLinkRetryAfter. Products without a link come first.
func (s *Store) DuePromotionLinks(ctx context.Context, conn *Connection, now time.Time, limit int) ([]string, error) {
	if conn.ShopID == nil {
		return nil, nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT p.platform_product_id FROM products p
		LEFT JOIN product_promotion_links l ON l.connection_id = $3 AND l.product_id = p.platform_product_id
		WHERE p.workspace_id = $1 AND p.shop_id = $2
		AND (l.id IS NULL OR (l.url <> '' AND l.generated_at < $4) OR (l.url = '' AND l.attempted_at < $5))
		ORDER BY CASE WHEN l.id IS NULL THEN 0 ELSE 1 END, l.attempted_at, p.platform_product_id LIMIT `+strconv.Itoa(limit),
		conn.WorkspaceID, *conn.ShopID, conn.ID, now.Add(-PromotionLinkMaxAge).Unix(), now.Add(-PromotionLinkRetryAfter).Unix())
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the products due a promotion link: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: unable to list the products due a promotion link: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SavePromotionLinks stores generation outcomes for conn at at, in one transaction with a
// summary audit entry. A refusal never erases a link that works: it is noted beside it.
func (s *Store) SavePromotionLinks(ctx context.Context, a Actor, conn *Connection, results []PromotionLinkResult, at time.Time) error {
	if len(results) == 0 {
		return nil
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var made, refused int
		for _, r := range results {
			var err error
			if r.URL != "" {
				made++
				_, err = tx.ExecContext(ctx, `INSERT INTO product_promotion_links (workspace_id, connection_id, product_id, url, generated_at, error, attempted_at)
					VALUES ($1, $2, $3, $4, $5, '', $5)
					ON CONFLICT (connection_id, product_id) DO UPDATE SET url = excluded.url, generated_at = excluded.generated_at,
					error = '', attempted_at = excluded.attempted_at`, conn.WorkspaceID, conn.ID, r.ProductID, r.URL, at.Unix())
			} else {
				refused++
				_, err = tx.ExecContext(ctx, `INSERT INTO product_promotion_links (workspace_id, connection_id, product_id, url, error, attempted_at)
					VALUES ($1, $2, $3, '', $4, $5)
					ON CONFLICT (connection_id, product_id) DO UPDATE SET error = excluded.error, attempted_at = excluded.attempted_at`,
					conn.WorkspaceID, conn.ID, r.ProductID, r.Error, at.Unix())
			}
			if err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: conn.WorkspaceID,
			Action: "promotion_link.generate", ObjectType: "connection", ObjectID: fmt.Sprint(conn.ID),
			Summary: fmt.Sprintf("Promotion links of %q: %d generated, %d refused by the platform", conn.ShopName, made, refused),
			After:   map[string]any{"generated": made, "refused": refused}})
	})
	if err != nil {
		return fmt.Errorf("store: unable to save the promotion links of connection %d: %w", conn.ID, err)
	}
	return nil
}

// PromotionLinkFilter selects promotion links for a list, by product name or id; Offset is
// where the page starts (links are ordered by product name).
type PromotionLinkFilter struct {
	Query   string
	Missing bool // only products the platform refused
	Offset  int
	Limit   int // 1…500; 0 for 50
}

// PromotionLinks lists the workspace's promotion links matching f, by product name, and
// whether more follow.
func (s *Store) PromotionLinks(ctx context.Context, workspaceID int64, f PromotionLinkFilter) ([]PromotionLink, bool, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > 500 || f.Offset < 0 {
		return nil, false, fmt.Errorf("store: unable to list promotion links: limit %d, offset %d", limit, f.Offset)
	}
	args := []any{workspaceID}
	where := ""
	if f.Query != "" {
		args = append(args, "%"+likeEscape(strings.ToLower(f.Query))+"%")
		where += ` AND (lower(x.name) LIKE $2 ESCAPE '\' OR lower(x.product_id) LIKE $2 ESCAPE '\')`
	}
	if f.Missing {
		where += ` AND x.url = ''`
	}
	q := `SELECT x.id, x.workspace_id, x.connection_id, x.product_id, x.name, x.shop_name, x.url, x.generated_at, x.error, x.attempted_at FROM (
		SELECT l.id, l.workspace_id, l.connection_id, l.product_id, l.url, l.generated_at, l.error, l.attempted_at,
			COALESCE((SELECT p.name FROM products p WHERE p.workspace_id = l.workspace_id AND p.platform_product_id = l.product_id ORDER BY p.id LIMIT 1), '') AS name,
			COALESCE(cn.shop_name, '') AS shop_name
		FROM product_promotion_links l LEFT JOIN connections cn ON cn.id = l.connection_id WHERE l.workspace_id = $1) x
		WHERE 1 = 1` + where + ` ORDER BY lower(x.name), x.product_id, x.id LIMIT ` + strconv.Itoa(limit+1) + ` OFFSET ` + strconv.Itoa(f.Offset)
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to list promotion links: %w", err)
	}
	defer rows.Close()
	var out []PromotionLink
	for rows.Next() {
		var l PromotionLink
		var gen sql.NullInt64
		var attempted int64
		if err := rows.Scan(&l.ID, &l.WorkspaceID, &l.ConnectionID, &l.ProductID, &l.ProductName, &l.ShopName, &l.URL, &gen, &l.Error, &attempted); err != nil {
			return nil, false, fmt.Errorf("store: unable to list promotion links: %w", err)
		}
		l.GeneratedAt, l.AttemptedAt = unixPtr(gen), time.Unix(attempted, 0).UTC()
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: unable to list promotion links: %w", err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}
