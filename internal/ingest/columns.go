package ingest

import (
	"strings"
	"unicode"
)

// Field is a column an importer understands, whatever the file calls it.
type Field int

// NormalizeHeader folds a header cell to the form the alias tables use: lowercase letters and
// digits separated by single spaces (BOM, dots, slashes and case do not matter).
func NormalizeHeader(h string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimPrefix(h, "\uFEFF") {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			space = true
		}
	}
	return b.String()
}

// ColumnMap tells, for each field, which column of the file holds it (-1 when none does).
type ColumnMap struct {
	index  []int
	header []string
}

// MapColumns finds each field's column through aliases (field → every name seen for it, in any
// language). A header no alias knows is ignored (exports in some markets add tax columns).
func MapColumns(header []string, aliases map[Field][]string, fieldCount int) ColumnMap {
	byName := map[string]Field{}
	for f, names := range aliases {
		for _, n := range names {
			byName[NormalizeHeader(n)] = f
		}
	}
	m := ColumnMap{index: make([]int, fieldCount), header: header}
	for i := range m.index {
		m.index[i] = -1
	}
	for i, h := range header {
		if f, ok := byName[NormalizeHeader(h)]; ok && m.index[f] < 0 {
			m.index[f] = i
		}
	}
	return m
}

// Has reports whether the file has a column for f.
func (m ColumnMap) Has(f Field) bool { return m.index[f] >= 0 }

// Name is the file's own header for f, for messages.
func (m ColumnMap) Name(f Field) string {
	if i := m.index[f]; i >= 0 {
		return m.header[i]
	}
	return ""
}

// Cell returns row's value for f, trimmed; "" when the file has no such column or the row is short.
func (m ColumnMap) Cell(row []string, f Field) string {
	i := m.index[f]
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// Missing lists the required fields the file has no column for, by their English names.
func (m ColumnMap) Missing(required []Field, names map[Field][]string) []string {
	var out []string
	for _, f := range required {
		if !m.Has(f) {
			out = append(out, names[f][0])
		}
	}
	return out
}

// RowError is why a row, or one field of it, could not be read.
type RowError struct {
	Column string // the file's header of the field at fault; "" for the whole row
	Value  string
	Reason string
}

func (e *RowError) Error() string {
	if e.Column == "" {
		return e.Reason
	}
	return "column " + quote(e.Column) + ": " + e.Reason
}

func quote(s string) string { return "\"" + s + "\"" }
