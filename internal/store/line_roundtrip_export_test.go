package store

import (
	"context"

	"github.com/creatorops/creatorops/internal/model"
)

// StoredOrderLines reads back the stored lines of an order, as the importer loads them, for
// tests of how lines are written.
func (s *Store) StoredOrderLines(ctx context.Context, shopID int64, orderID string) ([]model.OrderLine, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	m, err := s.linesOfOrders(ctx, tx, shopID, []string{orderID})
	if err != nil {
		return nil, err
	}
	var out []model.OrderLine
	for _, l := range m[orderID] {
		out = append(out, l.OrderLine)
	}
	return out, nil
}
