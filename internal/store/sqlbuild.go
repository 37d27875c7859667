package store

import (
	"strconv"
	"strings"
)

// valuesList returns "($k,$k+1,…),(…)" for rows tuples of cols placeholders numbered from first.
func valuesList(rows, cols, first int) string {
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

// inClause returns a condition "col IN ($k,…)" (SQLite) or "col = ANY($k)" (PostgreSQL) and the
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
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(first + i))
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
