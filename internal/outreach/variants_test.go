package outreach

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

func TestPickVariantLanguage(t *testing.T) {
	vs := []Variant{
		{ID: 1, Language: "", Label: "A", Weight: 1},
		{ID: 2, Language: "vi", Label: "A", Weight: 1},
		{ID: 3, Language: "vi-VN", Label: "A", Weight: 1},
		{ID: 4, Language: "id-ID", Label: "A", Weight: 1},
		{ID: 5, Language: "th-TH", Label: "A", Weight: 0}, // paused
		{ID: 6, Language: "en-US", Label: "A", Weight: 1},
		{ID: 7, Language: "en-GB", Label: "A", Weight: 1},
	}
	tests := []struct {
		language string
		want     int64
	}{
		{"vi-VN", 3},
		{"vi_vn", 3}, // '_' and case do not matter
		{"vi-US", 2}, // base language
		{"vi", 2},    // exact
		{"id", 4},    // another region of the language
		{"en", 7},    // the smallest tag of the language, so the choice is stable
		{"en-AU", 7}, // region unknown: same base, smallest tag
		{"th-TH", 1}, // only a paused variant: the default
		{"fr-FR", 1}, // nothing: the default
		{"", 1},      // no language: the default
	}
	for _, tt := range tests {
		if got := PickVariant(vs, tt.language, 42); got.ID != tt.want {
			t.Errorf("PickVariant(%q) = variant %d, want %d", tt.language, got.ID, tt.want)
		}
	}
	if got := PickVariant(nil, "vi", 1); got != (Variant{}) {
		t.Errorf("PickVariant(nil) = %+v, want the zero Variant", got)
	}
	if got := PickVariant([]Variant{{ID: 9, Weight: 0}}, "", 1); got != (Variant{}) {
		t.Errorf("PickVariant(all paused) = %+v, want the zero Variant", got)
	}
}

// TestPickVariantABProperties: the pick depends only on the enrollment id (and not on the
// order of the variants), paused variants are never picked, and over many ids each label gets
// its share of the weights.
func TestPickVariantABProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "variants")
		var vs []Variant
		total := 0
		for i := range n {
			w := rapid.IntRange(0, 100).Draw(t, "weight")
			total += w
			vs = append(vs, Variant{ID: int64(i + 1), Label: string(rune('A' + i)), Weight: w})
		}
		start := rapid.Int64Range(0, math.MaxInt64-20_000).Draw(t, "first id")
		shuffled := append([]Variant(nil), vs...)
		rapid.Permutation(shuffled).Draw(t, "order")
		if total == 0 {
			if got := PickVariant(vs, "", start); got.ID != 0 {
				t.Fatalf("all paused, picked %+v", got)
			}
			return
		}
		const ids = 4_000
		counts := map[int64]int{}
		for id := start; id < start+ids; id++ {
			got := PickVariant(vs, "", id)
			if got.Weight <= 0 {
				t.Fatalf("id %d got the paused variant %+v", id, got)
			}
			if again := PickVariant(shuffled, "", id); again.ID != got.ID {
				t.Fatalf("id %d: %s, but %s when the variants come in another order", id, got.Label, again.Label)
			}
			counts[got.ID]++
		}
		for _, v := range vs {
			want := float64(ids) * float64(v.Weight) / float64(total)
			// 5 standard deviations of a binomial, plus a little for tiny shares.
			p := float64(v.Weight) / float64(total)
			tol := 5*math.Sqrt(float64(ids)*p*(1-p)) + 5
			if math.Abs(float64(counts[v.ID])-want) > tol {
				t.Fatalf("%s (weight %d of %d) got %d of %d ids, want %.0f ± %.0f", v.Label, v.Weight, total, counts[v.ID], ids, want, tol)
			}
		}
	})
}

// TestPickVariantStable pins the hash: changing it would reshuffle running A/B tests.
func TestPickVariantStable(t *testing.T) {
	vs := []Variant{{ID: 1, Label: "A", Weight: 50}, {ID: 2, Label: "B", Weight: 50}}
	got := ""
	for id := int64(1); id <= 16; id++ {
		got += PickVariant(vs, "", id).Label
	}
	if want := "BABBABBAABAABAAB"; got != want {
		t.Errorf("labels of enrollments 1..16 = %s, want %s", got, want)
	}
}
