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
		for _, p := range productIDs {
			id, ok := found[p]
			if !ok {
				err := tx.QueryRowContext(ctx, `INSERT INTO products (workspace_id, shop_id, platform_product_id, name, created_at)
					VALUES ($1, $2, $3, $4, $5) RETURNING id`, w.ws.ID, w.shop.ID, p, names[p], now()).Scan(&id)
				if err != nil {
					return nil, fmt.Errorf("store: unable to create product %q: %w", p, err)
				}
			}
			c.products[p] = id
		}
	}
	for i := range lines {
		l := &lines[i]
		if w.skus[l.SKUID] || c.skus[l.SKUID] {
			continue
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO skus (shop_id, product_id, platform_sku_id, seller_sku, created_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (shop_id, platform_sku_id) DO NOTHING`,
			w.shop.ID, c.product(w, l.ProductID), l.SKUID, l.SellerSKU, now())
		if err != nil {
			return nil, fmt.Errorf("store: unable to record SKU %q: %w", l.SKUID, err)
		}
		c.skus[l.SKUID] = true
	}
	return c, nil
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
