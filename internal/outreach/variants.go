package outreach

import (
	"sort"
	"strings"
)

// Variant is one version of a template: a language ("" is the default, used when no variant
// speaks the creator's language) and an A/B label with a weight.
type Variant struct {
	ID       int64
	Language string // BCP 47 tag ("vi-VN", "vi") or "" for the default
	Label    string // A/B label: "A", "B", …
	Weight   int    // share of the A/B split; 0 or less pauses the variant (never picked)
	Subject  string // template source (email only)
	Body     string // template source
}

// PickVariant chooses the variant an enrollment gets. The language is chosen first: an exact
// match of the creator's tag ("vi-VN"), else its base language ("vi"), else another region of
// that language ("vi-VN" variant for a "vi" creator: the smallest tag, so the choice is stable),
// else the default language "". A language whose variants are all paused does not count.
// Among that language's variants the A/B pick is weighted and depends only on enrollmentID
// (a fixed hash, the same on every server and after restarts), so every step of a sequence and
// every retry gives one creator the same label. No pickable variant: the zero Variant.
func PickVariant(variants []Variant, language string, enrollmentID int64) Variant {
	lang := normalizeTag(language)
	base := baseLanguage(lang)
	var exact, baseOnly, sameBase, def []Variant
	sameBaseTag := ""
	for _, v := range variants {
		if v.Weight <= 0 {
			continue
		}
		vt := normalizeTag(v.Language)
		switch {
		case vt == "":
			def = append(def, v)
		case lang != "" && vt == lang:
			exact = append(exact, v)
		case base != "" && vt == base:
			baseOnly = append(baseOnly, v)
		case base != "" && baseLanguage(vt) == base:
			if sameBaseTag == "" || vt < sameBaseTag {
				sameBaseTag, sameBase = vt, sameBase[:0]
			}
			if vt == sameBaseTag {
				sameBase = append(sameBase, v)
			}
		}
	}
	for _, group := range [][]Variant{exact, baseOnly, sameBase, def} {
		if len(group) > 0 {
			return weightedPick(group, enrollmentID)
		}
	}
	return Variant{}
}

// weightedPick chooses among variants of one language by weight. The variants are ordered by
// label then id first, so the result does not depend on the order the caller loaded them in.
func weightedPick(group []Variant, enrollmentID int64) Variant {
	vs := append([]Variant(nil), group...)
	sort.Slice(vs, func(i, j int) bool {
		if vs[i].Label != vs[j].Label {
			return vs[i].Label < vs[j].Label
		}
		return vs[i].ID < vs[j].ID
	})
	var total uint64
	for _, v := range vs {
		total += uint64(v.Weight)
	}
	x := mix64(uint64(enrollmentID)) % total
	for _, v := range vs {
		if x < uint64(v.Weight) {
			return v
		}
		x -= uint64(v.Weight)
	}
	return vs[len(vs)-1] // unreachable: x < total
}

// mix64 is SplitMix64's finaliser: consecutive enrollment ids land all over the range, so a
// 50/50 split of ids 1..1000 is close to 500/500. Never change it: it would reshuffle the
// labels of running tests.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// normalizeTag lower-cases a BCP 47 tag and reads '_' as '-': "vi_VN" and "VI-vn" are "vi-vn".
func normalizeTag(tag string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(tag)), "_", "-")
}
