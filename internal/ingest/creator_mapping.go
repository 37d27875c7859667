package ingest

import (
	"fmt"
	"strings"
)

// fieldKeyAliases are other names people give a field in --map ("Niche=category").
var fieldKeyAliases = map[string]string{
	"category": "verticals", "categories": "verticals", "vertical": "verticals", "niche": "verticals",
	"nickname": "display_name", "name": "display_name", "owner": "owner_email", "shopee": "shopee_id",
	"timezone": "time_zone", "tz": "time_zone", "gmv": "gmv_30d", "units": "units_30d", "views": "avg_views",
	"handle": "username", "tag": "tags",
}

// ignoreKey is the mapping value of a column read as nothing.
const ignoreKey = "ignore"

// CreatorFieldKey returns the field key s names ("Display name", "display-name", "category"
// all work), "ignore" for a column to skip, and whether s names anything.
func CreatorFieldKey(s string) (string, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.NewReplacer(" ", "_", "-", "_").Replace(k)
	switch k {
	case "", ignoreKey, "none", "skip":
		return ignoreKey, true
	}
	if a, ok := fieldKeyAliases[k]; ok {
		k = a
	}
	_, ok := creatorFieldByKey[k]
	return k, ok
}

// ParseMapFlags reads --map values ("Contact Email=email") into header → field key.
func ParseMapFlags(vals []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range vals {
		h, f, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(h) == "" {
			return nil, fmt.Errorf(`--map %q: write it as "Header=field", e.g. "Contact Email=email"`, v)
		}
		out[strings.TrimSpace(h)] = strings.TrimSpace(f)
	}
	return out, nil
}

// MapCreatorColumns maps a creator list's header: each column by its header's known names,
// then overrides (header → field key, or "ignore") on top. A column holds one field and a field
// comes from one column: mapping a column to a field takes the field from the column that had
// it. An override naming a header the file lacks or a field creatorops lacks is an error that
// names it.
func MapCreatorColumns(header []string, overrides map[string]string) (ColumnMap, error) {
	m := MapColumns(header, creatorAliases, int(creatorFieldCount))
	for h, f := range overrides {
		col := findHeader(header, h)
		if col < 0 {
			return m, fmt.Errorf("the file has no column %q (its columns: %s)", h, strings.Join(header, ", "))
		}
		key, ok := CreatorFieldKey(f)
		if !ok {
			return m, fmt.Errorf("column %q: %q is not a creator field (use one of %s, or ignore)", h, f,
				strings.Join(CreatorFieldKeys, ", "))
		}
		for i, c := range m.index {
			if c == col {
				m.index[i] = -1
			}
		}
		if key != ignoreKey {
			m.index[creatorFieldByKey[key]] = col
		}
	}
	return m, nil
}

// findHeader returns the column whose header is h (exactly, else once normalized), or -1.
func findHeader(header []string, h string) int {
	for i, x := range header {
		if strings.TrimSpace(x) == strings.TrimSpace(h) {
			return i
		}
	}
	for i, x := range header {
		if NormalizeHeader(x) == NormalizeHeader(h) {
			return i
		}
	}
	return -1
}

// Mapping returns, for every column of the header, the field key it is read as ("ignore" for
// none): what a run records and a preview shows.
func (m ColumnMap) Mapping() map[string]string {
	out := make(map[string]string, len(m.header))
	keys := m.ColumnKeys()
	for i, h := range m.header {
		if _, seen := out[h]; !seen || keys[i] != ignoreKey {
			out[h] = keys[i]
		}
	}
	return out
}

// ColumnKeys returns the field key of each column, in the header's order ("ignore" for none).
func (m ColumnMap) ColumnKeys() []string {
	keys := make([]string, len(m.header))
	for i := range keys {
		keys[i] = ignoreKey
	}
	for f, c := range m.index {
		if c >= 0 {
			keys[c] = creatorKeyOf(Field(f))
		}
	}
	return keys
}
