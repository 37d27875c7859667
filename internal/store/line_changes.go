package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// lineField is a field whose change an import records.
type lineField struct {
	name string
	get  func(*storedLine) any
}

func optTimeValue(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func optIntValue(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

var recordedFields = []lineField{
	{"status", func(l *storedLine) any { return l.Status }},
	{"fully_refunded", func(l *storedLine) any { return l.FullyRefunded }},
	{"quantity", func(l *storedLine) any { return l.Quantity }},
	{"price", func(l *storedLine) any { return l.Price }},
	{"payment", func(l *storedLine) any { return l.Payment }},
	{"creator_id", func(l *storedLine) any { return l.creatorID }},
	{"product_id", func(l *storedLine) any { return l.productID }},
	{"payment_method", func(l *storedLine) any { return l.PaymentMethod }},
	{"content_type", func(l *storedLine) any { return l.ContentType }},
	{"content_id", func(l *storedLine) any { return l.ContentID }},
	{"commission_model", func(l *storedLine) any { return l.CommissionModel }},
	{"commission_rate_bp", func(l *storedLine) any { return l.CommissionRateBP }},
	{"est_base", func(l *storedLine) any { return l.EstBase }},
	{"est_commission", func(l *storedLine) any { return l.EstCommission }},
	{"actual_base", func(l *storedLine) any { return optIntValue(l.ActualBase) }},
	{"actual_commission", func(l *storedLine) any { return optIntValue(l.ActualCommission) }},
	{"shop_ads_rate_bp", func(l *storedLine) any { return l.ShopAdsRateBP }},
	{"est_shop_ads", func(l *storedLine) any { return l.EstShopAds }},
	{"actual_shop_ads", func(l *storedLine) any { return optIntValue(l.ActualShopAds) }},
	{"est_cofunded", func(l *storedLine) any { return l.EstCofunded }},
	{"actual_cofunded", func(l *storedLine) any { return optIntValue(l.ActualCofunded) }},
	{"created_at", func(l *storedLine) any { return optTimeValue(&l.CreatedAt) }},
	{"paid_at", func(l *storedLine) any { return optTimeValue(l.PaidAt) }},
	{"delivered_at", func(l *storedLine) any { return optTimeValue(l.DeliveredAt) }},
	{"commission_paid_at", func(l *storedLine) any { return optTimeValue(l.CommissionPaidAt) }},
	{"platform", func(l *storedLine) any { return l.Platform }},
}

// diffLines returns field → [before, after] for every recorded field that differs.
func diffLines(before, after *storedLine) map[string][2]any {
	out := map[string][2]any{}
	for _, f := range recordedFields {
		b, a := f.get(before), f.get(after)
		if b != a {
			out[f.name] = [2]any{b, a}
		}
	}
	return out
}

// insertLineChanges records what each update changed. old holds the stored versions.
func (s *Store) insertLineChanges(ctx context.Context, tx *sql.Tx, runID, shopID int64, updates []lineUpdate, old map[string][]*storedLine) error {
	if len(updates) == 0 {
		return nil
	}
	t := now()
	const cols = 6
	args := make([]any, 0, len(updates)*cols)
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO order_line_changes (shop_id, order_id, sku_id, import_run_id, changed_at, changes) VALUES `+
			s.valuesList(n, cols, 1), args...)
		args, n = args[:0], 0
		if err != nil {
			return fmt.Errorf("store: unable to record line changes: %w", err)
		}
		return nil
	}
	for _, u := range updates {
		var before *storedLine
		for _, l := range old[u.key.order] {
			if l.SKUID == u.key.sku {
				before = l
				break
			}
		}
		if before == nil {
			continue // cannot happen: the line's hash was read in this transaction
		}
		changes, err := json.Marshal(diffLines(before, u.after))
		if err != nil {
			return err
		}
		args = append(args, shopID, u.key.order, u.key.sku, runID, t, string(changes))
		if n++; n == 1000 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// LineChange is one recorded change of an order line.
type LineChange struct {
	OrderID, SKUID string
	RunID          int64
	ChangedAt      time.Time
	Changes        map[string][2]any
}

// LineChanges returns the recorded changes of a line, oldest first.
func (s *Store) LineChanges(ctx context.Context, shopID int64, orderID, skuID string) ([]LineChange, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT import_run_id, changed_at, changes FROM order_line_changes
		WHERE shop_id = $1 AND order_id = $2 AND sku_id = $3 ORDER BY id`, shopID, orderID, skuID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read line changes: %w", err)
	}
	defer rows.Close()
	var out []LineChange
	for rows.Next() {
		c := LineChange{OrderID: orderID, SKUID: skuID}
		var at int64
		var js string
		if err := rows.Scan(&c.RunID, &at, &js); err != nil {
			return nil, err
		}
		c.ChangedAt = time.Unix(at, 0).UTC()
		if err := json.Unmarshal([]byte(js), &c.Changes); err != nil {
			return nil, fmt.Errorf("store: line change of %s/%s is not JSON: %w", orderID, skuID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
