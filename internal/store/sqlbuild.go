package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// valuesList returns "(?,?,…),(…)" on SQLite and "($k,$k+1,…),(…)" on PostgreSQL, for rows
// tuples of cols placeholders numbered from first. SQLite gets anonymous placeholders because it
// looks "$N" names up in a list, which makes a statement of many thousand parameters quadratic
// to prepare and to bind; "?" takes the next number, so it must follow "$1"…"$first-1" in order.
func (s *Store) valuesList(rows, cols, first int) string {
	if s.dialect == SQLite {
		var b strings.Builder
		b.Grow(rows * (cols*2 + 2))
		for r := 0; r < rows; r++ {
			if r > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for c := 0; c < cols; c++ {
				if c > 0 {
					b.WriteByte(',')
				}
				b.WriteByte('?')
			}
			b.WriteByte(')')
		}
		return b.String()
	}
	var b strings.Builder
	b.Grow(rows * cols * 6)
	n := first
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := 0; c < cols; c++ {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			n++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// inClause (which must come after $1…$first-1 in its statement) returns a condition "col IN ($k,…)" (SQLite) or "col = ANY($k)" (PostgreSQL) and the
// arguments that go with it, so a statement can test membership in a list of strings.
func (s *Store) inClause(col string, first int, values []string) (string, []any) {
	if s.dialect == Postgres {
		return col + " = ANY($" + strconv.Itoa(first) + ")", []any{values}
	}
	var b strings.Builder
	b.WriteString(col)
	b.WriteString(" IN (")
	args := make([]any, len(values))
	for i, v := range values {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('?') // see valuesList
		args[i] = v
	}
	b.WriteByte(')')
	return b.String(), args
}

// nullInt turns an optional value into a driver argument.
func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// prepare returns the statement q prepared once on the write pool. Statements with thousands of
// parameters cost more to prepare than to run. Call it outside a transaction: on SQLite the
// transaction holds the only write connection.
func (s *Store) prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	return s.prepareOnce(ctx, s.write, &s.stmts, q)
}

// readStmt returns q prepared on the read pool, preparing it on first use: for small queries
// asked on every request, where parsing costs more than running.
func (s *Store) readStmt(ctx context.Context, q string) (*sql.Stmt, error) {
	return s.prepareOnce(ctx, s.read, &s.readStmts, q)
}

// prepareOnce prepares q on db the first time it is asked and keeps it in cache.
func (s *Store) prepareOnce(ctx context.Context, db *sql.DB, cache *map[string]*sql.Stmt, q string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if st, ok := (*cache)[q]; ok {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if *cache == nil {
		*cache = map[string]*sql.Stmt{}
	}
	(*cache)[q] = st
	return st, nil
}

// cachedStmt returns the statement prepared for q by prepare, or nil.
func (s *Store) cachedStmt(q string) *sql.Stmt {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	return s.stmts[q]
}

// execIn runs q in tx through its prepared statement when there is one.
func (s *Store) execIn(ctx context.Context, tx *sql.Tx, q string, args ...any) error {
	var err error
	if st := s.cachedStmt(q); st != nil {
		_, err = tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	} else {
		_, err = tx.ExecContext(ctx, q, args...)
	}
	return err
}

// queryIn is execIn for queries.
func (s *Store) queryIn(ctx context.Context, tx *sql.Tx, q string, args ...any) (*sql.Rows, error) {
	if st := s.cachedStmt(q); st != nil {
		return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, q, args...)
}

// chunkSizes are the row counts multi-row statements are cut into, so that a handful of
// statement shapes serve every batch and each is prepared once.
var chunkSizes = []int{256, 32, 4, 1}

// nextChunk returns how many of n remaining rows the next statement takes.
func nextChunk(n int) int {
	for _, c := range chunkSizes {
		if n >= c {
			return c
		}
	}
	return 0
}

// inListSizes are the lengths IN lists are padded to on SQLite (repeating a value changes
// nothing), for the same reason.
var inListSizes = []int{8, 64, 512, 2048}

// padInList cuts values into lists of the sizes above, padding the last one.
func padInList(values []string) [][]string {
	var out [][]string
	for len(values) > 0 {
		size := inListSizes[len(inListSizes)-1]
		for _, sz := range inListSizes {
			if len(values) <= sz {
				size = sz
				break
			}
		}
		n := min(size, len(values))
		part := make([]string, size)
		copy(part, values[:n])
		for i := n; i < size; i++ {
			part[i] = values[0]
		}
		out = append(out, part)
		values = values[n:]
	}
	return out
}
