package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// OutreachProduct is what a sequence's templates say about its product: {{product.name}},
// {{product.price}} and {{product.link}}.
type OutreachProduct struct {
	Name string
	// Price is what buyers paid per unit in the latest month with sales (GMV / units), in
	// Currency; 0 when the product has not sold yet. A list price is not in any export.
	Price    int64
	Currency string
	// Link is the promotion link generated for the sequence's TikTok shop, "" when none.
	Link string
}

// sequenceProducts fills b.Products for the batch's sequences that name a product: one
// small read per such sequence and batch.
func (s *Store) sequenceProducts(ctx context.Context, tx *sql.Tx, b *DueBatch) error {
	for _, q := range b.Sequences {
		if q.ProductID == "" {
			continue
		}
		var p OutreachProduct
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id, name FROM products WHERE workspace_id = $1 AND platform_product_id = $2
			ORDER BY id LIMIT 1`, q.WorkspaceID, q.ProductID).Scan(&id, &p.Name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: unable to read product %s of sequence %d: %w", q.ProductID, q.ID, err)
		}
		if id != 0 {
			var gmv, units int64
			err = tx.QueryRowContext(ctx, `SELECT currency, gmv, units FROM rollup_product_month
				WHERE workspace_id = $1 AND product_id = $2 AND units > 0 ORDER BY month DESC LIMIT 1`,
				q.WorkspaceID, id).Scan(&p.Currency, &gmv, &units)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return fmt.Errorf("store: unable to read the price of product %s: %w", q.ProductID, err)
			case units > 0:
				p.Price = gmv / units
			}
		}
		if q.TikTokConnectionID != nil {
			err = tx.QueryRowContext(ctx, `SELECT url FROM product_promotion_links WHERE connection_id = $1 AND product_id = $2`,
				*q.TikTokConnectionID, q.ProductID).Scan(&p.Link)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: unable to read the promotion link of product %s: %w", q.ProductID, err)
			}
		}
		if b.Products == nil {
			b.Products = map[int64]*OutreachProduct{}
		}
		b.Products[q.ID] = &p
	}
	return nil
}
