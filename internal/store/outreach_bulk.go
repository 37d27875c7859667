package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The outreach engine writes hundreds of rows per transaction with different values each (the
// next due time of every enrollment, the provider id of every message). One statement per row
// costs a round trip each on PostgreSQL, and a VALUES list of thousands of placeholders costs
// more to parse than to run on SQLite. On PostgreSQL these helpers pass a whole batch as ONE
// JSON parameter, an array of rows, read as a table: the statements are short, the same for
// every batch size, and each is one round trip. SQLite runs in the process, so a round trip
// costs nothing: there the helpers prepare a one-row statement once and run it for each row
// (bind and step), which costs a third of reading the rows back out of JSON (json_each's
// value->>N turns the row into text and parses it again for every column).

// jsonRows is a SELECT of the rows of the JSON array parameter $param, each row an array of
// values in cols order read as types (BIGINT or TEXT).
func (s *Store) jsonRows(param int, cols, types []string) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		if s.dialect == Postgres {
			fmt.Fprintf(&b, "(e->>%d)::%s AS %s", i, strings.ToLower(types[i]), c)
		} else {
			fmt.Fprintf(&b, "value->>%d AS %s", i, c)
		}
	}
	if s.dialect == Postgres {
		fmt.Fprintf(&b, " FROM jsonb_array_elements($%d::jsonb) AS e", param)
	} else {
		fmt.Fprintf(&b, " FROM json_each($%d)", param)
	}
	return b.String()
}

func jsonParam(rows [][]any) (string, error) {
	b, err := json.Marshal(rows)
	return string(b), err
}

// bulkUpdate runs, for rows of values (one per row, in cols order, cols[0] being the key
// matched against the table's key column), the statement
//
//	WITH v AS (rows) UPDATE table SET set FROM v WHERE table.key = v.key AND where
//
// and returns the keys of the rows updated (RETURNING), in no particular order. set and where
// may name v's columns as v.col and take extra arguments, written "$X1", "$X2"….
func (s *Store) bulkUpdate(ctx context.Context, tx *sql.Tx, table, key string, cols, types []string, rows [][]any,
	set, where string, extra ...any) ([]int64, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	if s.dialect == SQLite {
		return s.updateEachRow(ctx, tx, table, key, cols, rows, set, where, extra)
	}
	param, err := jsonParam(rows)
	if err != nil {
		return nil, err
	}
	fill := func(q string) string {
		for i := range extra {
			q = strings.ReplaceAll(q, "$X"+strconv.Itoa(i+1), "$"+strconv.Itoa(i+2))
		}
		return q
	}
	// MATERIALIZED: otherwise SQLite may drive the update from an index of table (say
	// outreach_outbox by status) and run json_each once per row it finds — n × m work. Read
	// once, v drives the update through table's primary key on both engines.
	q := `WITH v AS MATERIALIZED (` + s.jsonRows(1, cols, types) + `) UPDATE ` + table + ` SET ` + fill(set) + ` FROM v WHERE ` + table + `.` + key + ` = v.` + cols[0]
	if where != "" {
		// IS TRUE keeps PostgreSQL from reading where as an index condition: with stale
		// statistics it expects one outbox row "in sending under this lease", drives the join
		// from the status index and scans v for each of the 500 rows it finds (250,000
		// comparisons, 180 ms a batch). As a filter, v drives the update through the key.
		q += ` AND (` + fill(where) + `) IS TRUE`
	}
	q += ` RETURNING ` + table + `.` + key
	return queryIDs(ctx, tx, q, append([]any{param}, extra...)...)
}

// bulkInsert inserts rows (values in cols order, read as types) in one statement; conflict
// is the ON CONFLICT clause, or "". With returning (a column), it returns that column of the
// rows inserted.
func (s *Store) bulkInsert(ctx context.Context, tx *sql.Tx, table string, cols, types []string, rows [][]any, conflict, returning string) ([]int64, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	if s.dialect == SQLite {
		keyIdx := -1
		if returning != "" {
			if keyIdx = slices.Index(cols, returning); keyIdx < 0 {
				return nil, fmt.Errorf("bulk insert into %s: returning %s, which is not one of %v", table, returning, cols)
			}
		}
		q := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES ` + s.valuesList(1, len(cols), 1) + ` ` + conflict
		return execEachRow(ctx, tx, q, rows, nil, keyIdx)
	}
	param, err := jsonParam(rows)
	if err != nil {
		return nil, err
	}
	// "WHERE true": SQLite needs it to tell an upsert's ON CONFLICT from a join's ON.
	q := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) ` + s.jsonRows(1, cols, types) + ` WHERE true ` + conflict
	if returning == "" {
		_, err := tx.ExecContext(ctx, q, param)
		return nil, err
	}
	return queryIDs(ctx, tx, q+` RETURNING `+returning, param)
}

// vColumn is a reference to a column of bulkUpdate's v in its set and where clauses.
var vColumn = regexp.MustCompile(`(^|[^A-Za-z0-9_.])v\.([A-Za-z_][A-Za-z0-9_]*)`)

// updateEachRow is bulkUpdate on SQLite: UPDATE … WHERE key = $1 prepared once and run for
// each row, with v.col written as the row's placeholder. Like UPDATE … FROM, a key given
// twice is updated with its first row only. The keys are int64s.
func (s *Store) updateEachRow(ctx context.Context, tx *sql.Tx, table, key string, cols []string, rows [][]any,
	set, where string, extra []any) ([]int64, error) {
	pos := make(map[string]int, len(cols))
	for i, c := range cols {
		pos[c] = i + 1
	}
	var bad error
	fill := func(q string) string {
		for i := range extra {
			q = strings.ReplaceAll(q, "$X"+strconv.Itoa(i+1), "$"+strconv.Itoa(len(cols)+i+1))
		}
		return vColumn.ReplaceAllStringFunc(q, func(m string) string {
			sub := vColumn.FindStringSubmatch(m)
			n, ok := pos[sub[2]]
			if !ok {
				bad = fmt.Errorf("bulk update of %s: v.%s is not one of %v", table, sub[2], cols)
			}
			return sub[1] + "$" + strconv.Itoa(n)
		})
	}
	q := `UPDATE ` + table + ` SET ` + fill(set) + ` WHERE ` + table + `.` + key + ` = $1`
	if where != "" {
		q += ` AND (` + fill(where) + `)`
	}
	if bad != nil {
		return nil, bad
	}
	seen := make(map[any]bool, len(rows))
	unique := rows[:0:0]
	for _, r := range rows {
		if !seen[r[0]] {
			seen[r[0]] = true
			unique = append(unique, r)
		}
	}
	return execEachRow(ctx, tx, q, unique, extra, 0)
}

// execEachRow prepares q once and runs it with each row's values followed by extra. With
// keyIdx ≥ 0 it returns rows[i][keyIdx] (an int64) of each row the statement changed:
// Exec and RowsAffected, not RETURNING, as a result set per row costs more than the write.
func execEachRow(ctx context.Context, tx *sql.Tx, q string, rows [][]any, extra []any, keyIdx int) ([]int64, error) {
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var out []int64
	args := make([]any, 0, len(rows[0])+len(extra))
	for _, r := range rows {
		args = append(append(args[:0], r...), extra...)
		res, err := st.ExecContext(ctx, args...)
		if err != nil {
			return nil, err
		}
		if keyIdx < 0 {
			continue
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if n > 0 {
			id, ok := r[keyIdx].(int64)
			if !ok {
				return nil, fmt.Errorf("bulk write: key %v (%T) is not an int64", r[keyIdx], r[keyIdx])
			}
			out = append(out, id)
		}
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

// idsIn is "col = ANY($first)" on PostgreSQL and "col IN (SELECT value FROM json_each($first))"
// on SQLite, with its one argument: a list of any length in one short statement, which may
// come anywhere in a statement (an anonymous "?" after "$N" would take the wrong argument).
func (s *Store) idsIn(col string, first int, ids []int64) (string, []any) {
	if s.dialect == Postgres {
		return col + " = ANY($" + strconv.Itoa(first) + ")", []any{ids}
	}
	b, _ := json.Marshal(ids)
	return col + " IN (SELECT value FROM json_each($" + strconv.Itoa(first) + "))", []any{string(b)}
}

// textIn is idsIn for strings.
func (s *Store) textIn(col string, first int, values []string) (string, []any) {
	if s.dialect == Postgres {
		return col + " = ANY($" + strconv.Itoa(first) + ")", []any{values}
	}
	b, _ := json.Marshal(values)
	return col + " IN (SELECT value FROM json_each($" + strconv.Itoa(first) + "))", []any{string(b)}
}

// lockRows locks (PostgreSQL) the rows of table with these ids in id order before a bulk
// update changes them: UPDATE … FROM locks in the order of its join, which differs between
// two servers' batches touching the same creators or enrollments, and two orders deadlock.
func (s *Store) lockRows(ctx context.Context, tx *sql.Tx, table string, ids []int64) error {
	if s.dialect != Postgres || len(ids) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT id FROM `+table+` WHERE id = ANY($1) ORDER BY id FOR UPDATE`, ids)
	return err
}
