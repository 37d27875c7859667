package store

import (
	"context"
	"database/sql"
	"fmt"
)

// catalogIDs holds the ids a transaction learned or created; they join the writer's cache only
// once the transaction has committed.
type catalogIDs struct {
	creators map[string]int64
	products map[string]int64
	skus     map[string]bool
}

func (c *catalogIDs) mergeInto(w *LineWriter) {
	if c == nil {
		return
	}
	for k, v := range c.creators {
		w.creators[k] = v
	}
	for k, v := range c.products {
		w.products[k] = v
	}
	for k := range c.skus {
		w.skus[k] = true
	}
}

func (c *catalogIDs) creator(w *LineWriter, handle string) int64 {
	if id, ok := w.creators[handle]; ok {
		return id
	}
	return c.creators[handle]
}

func (c *catalogIDs) product(w *LineWriter, platformID string) int64 {
	if id, ok := w.products[platformID]; ok {
		return id
	}
	return c.products[platformID]
}

// resolveCatalog finds or creates the creators, products and SKUs the lines name.
func (w *LineWriter) resolveCatalog(ctx context.Context, tx *sql.Tx, lines []ParsedLine) (*catalogIDs, error) {
	c := &catalogIDs{creators: map[string]int64{}, products: map[string]int64{}, skus: map[string]bool{}}
	var handles, productIDs []string
	seenH, seenP := map[string]bool{}, map[string]bool{}
	for i := range lines {
		l := &lines[i]
		if _, ok := w.creators[l.CreatorUsername]; !ok && !seenH[l.CreatorUsername] {
			seenH[l.CreatorUsername] = true
			handles = append(handles, l.CreatorUsername)
		}
		if _, ok := w.products[l.ProductID]; !ok && !seenP[l.ProductID] {
			seenP[l.ProductID] = true
			productIDs = append(productIDs, l.ProductID)
		}
	}
	if len(handles) > 0 {
		found, err := w.s.creatorIDsByHandle(ctx, tx, w.ws.ID, w.accounts, handles)
		if err != nil {
			return nil, err
		}
		var missing []string
		for _, h := range handles {
			if id, ok := found[h]; ok {
				c.creators[h] = id
			} else {
				missing = append(missing, h)
			}
		}
		created, err := w.s.createCreatorsWithAccounts(ctx, tx, w.ws.ID, w.accounts, missing, "orders")
		if err != nil {
			return nil, err
		}
		for h, id := range created {
			c.creators[h] = id
		}
		if err := w.s.addToDirectory(ctx, tx, w.ws.ID, created); err != nil {
			return nil, err
		}
	}
	if len(productIDs) > 0 {
		names := map[string]string{}
		for i := range lines {
			if seenP[lines[i].ProductID] {
				names[lines[i].ProductID] = lines[i].ProductName
			}
		}
		found, err := w.s.productIDs(ctx, tx, w.shop.ID, productIDs)
		if err != nil {
			return nil, err
		}
		var missing [][]any
		for _, p := range productIDs {
			if id, ok := found[p]; ok {
				c.products[p] = id
			} else {
				missing = append(missing, []any{w.ws.ID, w.shop.ID, p, names[p], now()})
			}
		}
		if len(missing) > 0 {
			if err := w.s.insertRows(ctx, tx, `INSERT INTO products (workspace_id, shop_id, platform_product_id, name, created_at)`,
				``, 5, missing); err != nil {
				return nil, fmt.Errorf("store: unable to create products: %w", err)
			}
			created, err := w.s.productIDs(ctx, tx, w.shop.ID, productIDs)
			if err != nil {
				return nil, err
			}
			for p, id := range created {
				c.products[p] = id
			}
		}
	}
	var skus [][]any
	for i := range lines {
		l := &lines[i]
		if w.skus[l.SKUID] || c.skus[l.SKUID] {
			continue
		}
		skus = append(skus, []any{w.shop.ID, c.product(w, l.ProductID), l.SKUID, l.SellerSKU, now()})
		c.skus[l.SKUID] = true
	}
	if err := w.s.insertRows(ctx, tx, `INSERT INTO skus (shop_id, product_id, platform_sku_id, seller_sku, created_at)`,
		` ON CONFLICT (shop_id, platform_sku_id) DO NOTHING`, 5, skus); err != nil {
		return nil, fmt.Errorf("store: unable to record SKUs: %w", err)
	}
	return c, nil
}

// insertRows runs head VALUES (…),(…) tail for rows of cols values, a few hundred rows a statement.
func (s *Store) insertRows(ctx context.Context, tx *sql.Tx, head, tail string, cols int, rows [][]any) error {
	for start := 0; start < len(rows); start += 256 {
		part := rows[start:min(start+256, len(rows))]
		args := make([]any, 0, len(part)*cols)
		for _, r := range part {
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, head+` VALUES `+s.valuesList(len(part), cols, 1)+tail, args...); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) productIDs(ctx context.Context, tx *sql.Tx, shopID int64, platformIDs []string) (map[string]int64, error) {
	cond, args := s.inClause("platform_product_id", 2, platformIDs)
	rows, err := tx.QueryContext(ctx, `SELECT platform_product_id, id FROM products WHERE shop_id = $1 AND `+cond,
		append([]any{shopID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to look up products: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var p string
		var id int64
		if err := rows.Scan(&p, &id); err != nil {
			return nil, err
		}
		out[p] = id
	}
	return out, rows.Err()
}
