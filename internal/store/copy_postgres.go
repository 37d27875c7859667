package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"
)

var lineColumnNames = func() []string {
	var out []string
	for _, c := range strings.Split(lineColumns, ",") {
		out = append(out, strings.TrimSpace(c))
	}
	return out
}()

// copyLines writes lines on PostgreSQL with COPY: a multi-row INSERT with thousands of
// parameters spends more time being planned than run. Lines new to the table (fresh) are copied
// straight in: the workspace lock of the transaction keeps anyone else from adding them. The
// others go through a temporary stage and one INSERT … ON CONFLICT.
func (s *Store) copyLines(ctx context.Context, conn *sql.Conn, tx *sql.Tx, keys []lineKey, lines map[lineKey]*storedLine, fresh map[lineKey]bool) error {
	var inserts, updates []lineKey
	for _, k := range keys {
		if fresh[k] {
			inserts = append(inserts, k)
		} else {
			updates = append(updates, k)
		}
	}
	if err := copyInto(ctx, conn, "order_lines", inserts, lines); err != nil {
		return err
	}
	return s.copyUpsertLines(ctx, conn, tx, updates, lines)
}

func copyInto(ctx context.Context, conn *sql.Conn, table string, keys []lineKey, lines map[lineKey]*storedLine) error {
	if len(keys) == 0 {
		return nil
	}
	rows := make([]*storedLine, len(keys))
	for i, k := range keys {
		rows[i] = lines[k]
	}
	err := conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn().PgConn()
		_, err := pc.CopyFrom(ctx, newLineCopyReader(rows), copyLinesSQL[table])
		return err
	})
	if err != nil {
		return fmt.Errorf("store: unable to copy order lines into %s: %w", table, err)
	}
	return nil
}

// copyLinesSQL is the COPY statement of each table lines are copied into.
var copyLinesSQL = map[string]string{
	"order_lines":       "COPY order_lines (" + strings.Join(lineColumnNames, ", ") + ") FROM STDIN (FORMAT binary)",
	"stage_order_lines": "COPY stage_order_lines (" + strings.Join(lineColumnNames, ", ") + ") FROM STDIN (FORMAT binary)",
}

func (s *Store) copyUpsertLines(ctx context.Context, conn *sql.Conn, tx *sql.Tx, keys []lineKey, lines map[lineKey]*storedLine) error {
	if len(keys) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS stage_order_lines
		(LIKE order_lines INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`); err != nil {
		return fmt.Errorf("store: unable to create the order line stage: %w", err)
	}
	if err := copyInto(ctx, conn, "stage_order_lines", keys, lines); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO order_lines (`+lineColumns+`) SELECT `+lineColumns+
		` FROM stage_order_lines ON CONFLICT (shop_id, order_id, sku_id) DO UPDATE SET `+lineUpdateSet)
	if err != nil {
		return fmt.Errorf("store: unable to write order lines: %w", err)
	}
	_, err = tx.ExecContext(ctx, `TRUNCATE stage_order_lines`)
	return err
}
