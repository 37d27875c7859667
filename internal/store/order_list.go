package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// OrderQuery selects order lines of a workspace, newest first unless Asc. Every filter is
// optional.
type OrderQuery struct {
	Status    string // a normalized status (model.Status…)
	CreatorID int64
	// ProductID is the platform's product id; several shops may sell the same id.
	ProductID string
	ShopID    int64
	From, To  time.Time // creation time: From included, To excluded
	OrderID   string    // the platform order id, exactly
	Asc       bool
	After     *OrderKey // continue after this line, in the query's direction
	Limit     int
}

// OrderKey is an order line's place in the list: lines are ordered by creation time, then by
// their key, so every line has exactly one place and a page starts where the last one ended.
type OrderKey struct {
	CreatedAt int64 // Unix seconds
	ShopID    int64
	OrderID   string
	SKUID     string
}

// OrderLineRow is an order line as the lists show it: with its shop, product and creator named.
type OrderLineRow struct {
	ShopID           int64
	ShopSlug         string
	Currency         string
	OrderID          string
	SKUID            string
	SellerSKU        string
	ProductID        string // the platform's
	ProductName      string
	CreatorID        int64
	CreatorHandle    string
	Status           string
	Quantity         int64
	Price            int64
	Payment          int64
	CommissionRateBP int64
	EstCommission    int64  // payment × rate, or the export's estimate without a rate (see model)
	ActualCommission *int64 // nil until the platform reports it
	FullyRefunded    bool
	ContentType      string
	ContentID        string
	CreatedAt        time.Time
	PaidAt           *time.Time
	DeliveredAt      *time.Time
	CommissionPaidAt *time.Time
}

// Key is the row's place in the list, for the next page's cursor.
func (r *OrderLineRow) Key() OrderKey {
	return OrderKey{CreatedAt: r.CreatedAt.Unix(), ShopID: r.ShopID, OrderID: r.OrderID, SKUID: r.SKUID}
}

// OrderLines returns up to q.Limit lines and whether more follow. It never counts or skips
// rows: a page is a range scan of order_lines_created from the last page's key, however deep,
// so it stays fast on ten million lines. A creator's lines are read day by day, on the days
// the creator rollups say the creator has lines: a creator with a line a week would otherwise
// scan the whole workspace's index to fill a page.
func (s *Store) OrderLines(ctx context.Context, workspaceID int64, q OrderQuery) ([]OrderLineRow, bool, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	var out []OrderLineRow
	if q.CreatorID == 0 || q.OrderID != "" {
		rows, err := s.queryOrderLines(ctx, workspaceID, q, 0, 0, q.Limit+1)
		if err != nil {
			return nil, false, err
		}
		out = rows
	} else {
		loc, err := s.workspaceLocation(ctx, workspaceID)
		if err != nil {
			return nil, false, err
		}
		var lo, hi int64
		if !q.From.IsZero() {
			lo = q.From.Unix()
		}
		if !q.To.IsZero() {
			hi = q.To.Unix()
		}
		if k := q.After; k != nil && q.Asc && k.CreatedAt > lo {
			lo = k.CreatedAt
		}
		if k := q.After; k != nil && !q.Asc && (hi == 0 || k.CreatedAt+1 < hi) {
			hi = k.CreatedAt + 1
		}
		err = s.eachCreatorDay(ctx, workspaceID, q.CreatorID, loc, !q.Asc, lo, hi, func(_ int32, from, to int64) (bool, error) {
			rows, err := s.queryOrderLines(ctx, workspaceID, q, from, to, q.Limit+1-len(out))
			out = append(out, rows...)
			return len(out) <= q.Limit, err
		})
		if err != nil {
			return nil, false, err
		}
	}
	more := len(out) > q.Limit
	if more {
		out = out[:q.Limit]
	}
	return out, more, nil
}

// queryOrderLines reads up to limit lines of q, created in [from, to) when those are set.
func (s *Store) queryOrderLines(ctx context.Context, workspaceID int64, q OrderQuery, from, to int64, limit int) ([]OrderLineRow, error) {
	args := []any{workspaceID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var where strings.Builder
	if q.OrderID != "" {
		// An order is one primary-key seek per shop: named through the workspace's shops rather
		// than by workspace_id, which would lead SQLite to scan the workspace's lines by time.
		where.WriteString(`l.shop_id IN (SELECT id FROM shops WHERE workspace_id = $1) AND l.order_id = ` + arg(q.OrderID))
	} else {
		where.WriteString(`l.workspace_id = $1`)
	}
	if q.Status != "" {
		where.WriteString(` AND l.status = ` + arg(q.Status))
	}
	if q.CreatorID != 0 {
		where.WriteString(` AND l.creator_id = ` + arg(q.CreatorID))
	}
	if q.ProductID != "" {
		where.WriteString(` AND l.product_id IN (SELECT p.id FROM products p WHERE p.shop_id IN (SELECT id FROM shops WHERE workspace_id = $1)
			AND p.platform_product_id = ` + arg(q.ProductID) + `)`)
	}
	if q.ShopID != 0 {
		where.WriteString(` AND l.shop_id = ` + arg(q.ShopID))
	}
	if !q.From.IsZero() {
		where.WriteString(` AND l.created_at >= ` + arg(q.From.Unix()))
	}
	if !q.To.IsZero() {
		where.WriteString(` AND l.created_at < ` + arg(q.To.Unix()))
	}
	if from != 0 || to != 0 {
		where.WriteString(` AND l.created_at >= ` + arg(from) + ` AND l.created_at < ` + arg(to))
	}
	dir, op := "DESC", "<"
	if q.Asc {
		dir, op = "ASC", ">"
	}
	if k := q.After; k != nil {
		where.WriteString(` AND (l.created_at, l.shop_id, l.order_id, l.sku_id) ` + op + ` (` + arg(k.CreatedAt) + `, ` +
			arg(k.ShopID) + `, ` + arg(k.OrderID) + `, ` + arg(k.SKUID) + `)`)
	}
	order := `l.created_at ` + dir + `, l.shop_id ` + dir + `, l.order_id ` + dir + `, l.sku_id ` + dir
	// The page's keys come from the index alone in a subquery (a LIMIT keeps SQLite from
	// flattening it into the join); the joins then name 50 lines, not the whole workspace.
	query := `SELECT l.created_at, l.shop_id, l.order_id, l.sku_id, sh.slug, sh.currency, p.platform_product_id, p.name,
		COALESCE(k.seller_sku, ''), l.creator_id, c.username, l.status, l.quantity, l.price, l.payment, l.commission_rate_bp,
		l.est_commission, l.actual_commission, l.fully_refunded, l.content_type, l.content_id, l.paid_at, l.delivered_at,
		l.commission_paid_at
		FROM (SELECT l.shop_id, l.order_id, l.sku_id FROM order_lines l WHERE ` + where.String() + `
			ORDER BY ` + order + ` LIMIT ` + arg(limit) + `) page
		JOIN order_lines l ON l.shop_id = page.shop_id AND l.order_id = page.order_id AND l.sku_id = page.sku_id
		JOIN shops sh ON sh.id = l.shop_id
		JOIN products p ON p.id = l.product_id
		JOIN creators c ON c.id = l.creator_id
		LEFT JOIN skus k ON k.shop_id = l.shop_id AND k.platform_sku_id = l.sku_id
		ORDER BY ` + order
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list order lines: %w", err)
	}
	defer rows.Close()
	var out []OrderLineRow
	for rows.Next() {
		r, err := scanOrderLineRow(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list order lines: %w", err)
		}
		out = append(out, *r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list order lines: %w", err)
	}
	return out, nil
}

func scanOrderLineRow(row interface{ Scan(...any) error }) (*OrderLineRow, error) {
	var r OrderLineRow
	var created, refunded int64
	var actual, paid, delivered, commissionPaid sql.NullInt64
	err := row.Scan(&created, &r.ShopID, &r.OrderID, &r.SKUID, &r.ShopSlug, &r.Currency, &r.ProductID, &r.ProductName,
		&r.SellerSKU, &r.CreatorID, &r.CreatorHandle, &r.Status, &r.Quantity, &r.Price, &r.Payment, &r.CommissionRateBP,
		&r.EstCommission, &actual, &refunded, &r.ContentType, &r.ContentID, &paid, &delivered, &commissionPaid)
	if err != nil {
		return nil, err
	}
	r.CreatedAt = time.Unix(created, 0).UTC()
	r.ActualCommission, r.FullyRefunded = optInt(actual), refunded != 0
	r.PaidAt, r.DeliveredAt, r.CommissionPaidAt = optTime(paid), optTime(delivered), optTime(commissionPaid)
	// The list shows the estimate the totals add up, not the export's own column.
	if r.CommissionRateBP > 0 {
		r.EstCommission = model.CommissionOn(r.Payment, r.CommissionRateBP)
	}
	return &r, nil
}

// OrderStatuses are the statuses a line can have, in the order of a line's life.
var OrderStatuses = []string{model.StatusPending, model.StatusProcessing, model.StatusShipped, model.StatusDelivered,
	model.StatusCompleted, model.StatusCancelled, model.StatusRefunded}

// ValidOrderStatus reports whether s is a normalized status.
func ValidOrderStatus(s string) bool { return slices.Contains(OrderStatuses, s) }
