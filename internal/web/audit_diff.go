package web

import (
	"encoding/json"
	"sort"
)

// auditChange is one field an audited change touched: its value before and after ("" for none).
type auditChange struct {
	Field    string
	Old, New string
	Added    bool // no value before
	Removed  bool // no value after
}

// auditDiff turns an entry's before and after JSON into the fields that changed, by name. A
// field with the same value on both sides is left out; a creation lists every field as added,
// a removal every field as removed. JSON that is not an object shows as one unnamed field.
func auditDiff(before, after string) []auditChange {
	b, bok := jsonObject(before)
	a, aok := jsonObject(after)
	if (before != "" && !bok) || (after != "" && !aok) {
		if before == after {
			return nil
		}
		return []auditChange{{Old: before, New: after, Added: before == "", Removed: after == ""}}
	}
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []auditChange
	for _, k := range names {
		old, hadOld := b[k]
		cur, hasNew := a[k]
		if hadOld && hasNew && string(old) == string(cur) {
			continue
		}
		out = append(out, auditChange{Field: k, Old: jsonText(old), New: jsonText(cur), Added: !hadOld, Removed: !hasNew})
	}
	return out
}

// jsonObject reads s as a JSON object; false when s is empty or not an object.
func jsonObject(s string) (map[string]json.RawMessage, bool) {
	if s == "" {
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, false
	}
	return m, true
}

// jsonText shows a JSON value to people: strings without their quotes, anything else as JSON.
func jsonText(v json.RawMessage) string {
	if len(v) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}
