package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// The outreach engine writes hundreds of rows per transaction with different values each (the
// next due time of every enrollment, the provider id of every message). One statement per row
// costs a round trip each on PostgreSQL; these helpers write a whole batch in a few statements
// that both engines understand: a VALUES list in a CTE, joined in UPDATE … FROM.

// castValuesList returns rows tuples of CAST(placeholder AS type), numbered from first (see
// valuesList for why SQLite gets anonymous placeholders). PostgreSQL cannot infer the type of
// a parameter inside VALUES, hence the casts; SQLite reads them as affinities.
func (s *Store) castValuesList(rows int, types []string, first int) string {
	var b strings.Builder
	n := first
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c, t := range types {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteString("CAST(")
			if s.dialect == SQLite {
				b.WriteByte('?')
			} else {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(n))
			}
			n++
			b.WriteString(" AS ")
			b.WriteString(t)
			b.WriteByte(')')
		}
		b.WriteByte(')')
	}
	return b.String()
}

// bulkUpdate runs, for rows of values (one per row, in cols order, cols[0] being the key
// matched against the table's key column), the statement
//
//	WITH v(cols…) AS (VALUES …) UPDATE table SET set FROM v WHERE table.key = v.key AND where
//
// in chunks, and returns the keys of the rows updated (RETURNING), in no particular order.
// set and where may name v's columns as v.col and take extra arguments after the values:
// they are written as "$X" and replaced with the right placeholder numbers.
func (s *Store) bulkUpdate(ctx context.Context, tx *sql.Tx, table, key string, cols, types []string, rows [][]any,
	set, where string, extra ...any) ([]int64, error) {
	var out []int64
	const chunk = 400
	for len(rows) > 0 {
		n := min(len(rows), chunk)
		args := make([]any, 0, n*len(cols)+len(extra))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		next := len(args) + 1
		args = append(args, extra...)
		fill := func(q string) string {
			for i := range extra {
				q = strings.ReplaceAll(q, "$X"+strconv.Itoa(i+1), "$"+strconv.Itoa(next+i))
			}
			return q
		}
		q := `WITH v(` + strings.Join(cols, ", ") + `) AS (VALUES ` + s.castValuesList(n, types, 1) + `)
			UPDATE ` + table + ` SET ` + fill(set) + ` FROM v WHERE ` + table + `.` + key + ` = v.` + cols[0]
		if where != "" {
			q += ` AND ` + fill(where)
		}
		q += ` RETURNING ` + table + `.` + key
		got, err := queryIDs(ctx, tx, q, args...)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
		rows = rows[n:]
	}
	return out, nil
}

// queryIDs runs q and reads one integer column.
func queryIDs(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// forUpdate is the row-locking suffix of a SELECT inside a batch transaction: PostgreSQL locks
// the rows (skipping those another server holds, when skip); SQLite has one writer at a time
// and needs none.
func (s *Store) forUpdate(skip bool, of string) string {
	if s.dialect != Postgres {
		return ""
	}
	q := " FOR UPDATE"
	if of != "" {
		q += " OF " + of
	}
	if skip {
		q += " SKIP LOCKED"
	}
	return q
}

// boolInt stores a flag.
func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// chunkIDs cuts ids into slices of at most n.
func chunkIDs(ids []int64, n int) [][]int64 {
	var out [][]int64
	for len(ids) > 0 {
		k := min(n, len(ids))
		out = append(out, ids[:k])
		ids = ids[k:]
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// idsIn is "col = ANY($first)" on PostgreSQL and "col IN ($first, $first+1, …)" on SQLite,
// with its arguments. Unlike int64In it numbers SQLite's placeholders, so the list may come
// anywhere in a statement (an anonymous "?" after "$N" takes the wrong argument); outreach
// lists are at most 500 long, where naming costs nothing measurable.
func (s *Store) idsIn(col string, first int, ids []int64) (string, []any) {
	if s.dialect == Postgres {
		return col + " = ANY($" + strconv.Itoa(first) + ")", []any{ids}
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return col + " IN (" + numbered(first, len(ids)) + ")", args
}

// textIn is idsIn for strings.
func (s *Store) textIn(col string, first int, values []string) (string, []any) {
	if s.dialect == Postgres {
		return col + " = ANY($" + strconv.Itoa(first) + ")", []any{values}
	}
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return col + " IN (" + numbered(first, len(values)) + ")", args
}

func numbered(first, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(first + i))
	}
	return b.String()
}
