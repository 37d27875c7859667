package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/model"
)

// The ways the product list sorts.
const (
	ProductSortGMV    = "gmv"
	ProductSortOrders = "orders"
	ProductSortUnits  = "units"
	ProductSortName   = "name"
)

// ProductSorts are the product list's sort keys, the default first.
var ProductSorts = []string{ProductSortGMV, ProductSortOrders, ProductSortUnits, ProductSortName}

// ProductQuery selects, orders and cuts a page of a workspace's products.
type ProductQuery struct {
	Window     Window // the span the figures cover (Window{} for all time)
	Search     string // in the name or the platform product id, case-insensitively
	PlatformID string // exactly this platform product id
	Sort       string // one of ProductSorts; "" for GMV
	Desc       bool
	After      *ProductKey // continue after this row (API cursors); else skip Offset rows
	Offset     int
	Limit      int
}

// ProductKey is a row's place in a sorted product list: sort value, name and id.
type ProductKey struct {
	Value int64 // unused when sorting by name
	Name  string
	ID    int64
}

// ProductListRow is a product with its catalog facts and its figures in the window.
type ProductListRow struct {
	ID                int64
	PlatformProductID string
	Name              string
	ShopSlug          string
	Currency          string
	SKUs              int64
	model.Totals
}

// ProductPage is a page of the product list.
type ProductPage struct {
	Rows  []ProductListRow
	Total int         // products matching the filters (0 on a page past the end)
	Next  *ProductKey // the last row's key when more rows follow
}

// sortColumn is the column of the product list's inner query a sort uses.
var productSortColumn = map[string]string{ProductSortGMV: "x.gmv", ProductSortOrders: "x.orders", ProductSortUnits: "x.units"}

// ProductList returns a page of the workspace's products, every product of the catalog
// whether it sold in the window or not. A catalog holds hundreds to a few thousand products,
// so SQL filters, sorts and counts them in one statement.
func (s *Store) ProductList(ctx context.Context, workspaceID int64, q ProductQuery) (*ProductPage, error) {
	if q.Sort == "" {
		q.Sort = ProductSortGMV
	}
	col, ok := productSortColumn[q.Sort]
	if !ok && q.Sort != ProductSortName {
		return nil, fmt.Errorf("store: unknown product sort %q", q.Sort)
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	args := windowArgs(workspaceID, q.Window)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	filter := ""
	if q.Search != "" {
		p := arg("%" + likeEscape(strings.ToLower(strings.TrimSpace(q.Search))) + "%")
		filter += ` AND (lower(p.name) LIKE ` + p + ` ESCAPE '\' OR lower(p.platform_product_id) LIKE ` + p + ` ESCAPE '\')`
	}
	if q.PlatformID != "" {
		filter += ` AND p.platform_product_id = ` + arg(q.PlatformID)
	}
	dir, op := "ASC", ">"
	if q.Desc {
		dir, op = "DESC", "<"
	}
	order := col + ` ` + dir + `, x.name, x.id`
	keyset := ""
	if k := q.After; k != nil {
		name, id := arg(k.Name), arg(k.ID)
		if q.Sort == ProductSortName {
			order = `x.name ` + dir + `, x.id`
			keyset = `WHERE (x.name ` + op + ` ` + name + ` OR (x.name = ` + name + ` AND x.id > ` + id + `))`
		} else {
			v := arg(k.Value)
			keyset = `WHERE (` + col + ` ` + op + ` ` + v + ` OR (` + col + ` = ` + v + ` AND (x.name > ` + name +
				` OR (x.name = ` + name + ` AND x.id > ` + id + `))))`
		}
	} else if q.Sort == ProductSortName {
		order = `x.name ` + dir + `, x.id`
	}
	limit := arg(q.Limit + 1)
	offset := "0"
	if q.After == nil && q.Offset > 0 {
		offset = arg(q.Offset)
	}
	query := `SELECT x.id, x.platform_product_id, x.name, x.slug, x.currency, x.skus, x.gmv, x.orders, x.units, x.lines,
		x.est_commission, x.paid_commission, x.refunds, x.total FROM (
		SELECT p.id, p.platform_product_id, p.name, sh.slug, sh.currency, COALESCE(k.n, 0) AS skus,
			COALESCE(t.gmv, 0) AS gmv, COALESCE(t.orders, 0) AS orders, COALESCE(t.units, 0) AS units,
			COALESCE(t.lines, 0) AS lines, COALESCE(t.est_commission, 0) AS est_commission,
			COALESCE(t.paid_commission, 0) AS paid_commission, COALESCE(t.refunds, 0) AS refunds,
			COUNT(*) OVER () AS total
		FROM products p JOIN shops sh ON sh.id = p.shop_id
		LEFT JOIN (SELECT product_id, COUNT(*) AS n FROM skus WHERE shop_id IN (SELECT id FROM shops WHERE workspace_id = $1)
			GROUP BY product_id) k ON k.product_id = p.id
		LEFT JOIN (SELECT product_id, SUM(gmv) AS gmv, SUM(orders) AS orders, SUM(units) AS units, SUM(lines) AS lines,
			SUM(est_commission) AS est_commission, SUM(paid_commission) AS paid_commission, SUM(refunds) AS refunds
			FROM (` + rollupUnion(productRollups) + `) r
			GROUP BY product_id) t ON t.product_id = p.id
		WHERE p.workspace_id = $1` + filter + `) x ` + keyset + `
		ORDER BY ` + order + ` LIMIT ` + limit + ` OFFSET ` + offset
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list products: %w", err)
	}
	defer rows.Close()
	page := &ProductPage{}
	for rows.Next() {
		var r ProductListRow
		var total int
		if err := rows.Scan(&r.ID, &r.PlatformProductID, &r.Name, &r.ShopSlug, &r.Currency, &r.SKUs, &r.GMV, &r.Orders,
			&r.Units, &r.Lines, &r.EstCommission, &r.PaidCommission, &r.Refunds, &total); err != nil {
			return nil, fmt.Errorf("store: unable to list products: %w", err)
		}
		page.Total = total
		page.Rows = append(page.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list products: %w", err)
	}
	if len(page.Rows) > q.Limit {
		page.Rows = page.Rows[:q.Limit]
		last := page.Rows[q.Limit-1]
		k := ProductKey{Name: last.Name, ID: last.ID}
		switch q.Sort {
		case ProductSortGMV:
			k.Value = last.GMV
		case ProductSortOrders:
			k.Value = last.Orders
		case ProductSortUnits:
			k.Value = last.Units
		}
		page.Next = &k
	}
	return page, nil
}

// likeEscape makes s match itself in a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ProductSKU is one SKU of a product.
type ProductSKU struct {
	SKUID     string // the platform's
	SellerSKU string // the seller's own code, "" when the export had none
}

// ProductSKUs lists a workspace product's SKUs by id; none for another workspace's product.
func (s *Store) ProductSKUs(ctx context.Context, workspaceID, productID int64) ([]ProductSKU, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT k.platform_sku_id, k.seller_sku FROM skus k JOIN products p ON p.id = k.product_id
		WHERE p.workspace_id = $1 AND p.id = $2 ORDER BY k.platform_sku_id`, workspaceID, productID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the SKUs of product %d: %w", productID, err)
	}
	defer rows.Close()
	var out []ProductSKU
	for rows.Next() {
		var k ProductSKU
		if err := rows.Scan(&k.SKUID, &k.SellerSKU); err != nil {
			return nil, fmt.Errorf("store: unable to list the SKUs of product %d: %w", productID, err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
