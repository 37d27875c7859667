package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestQuotaTierEdges pins the quota table's edges on both engines: a quota of 1 is saved, a
// quota of 0 (or less) is refused with a message naming the row and the value, nothing is
// written when refused, and the settings page's check (outreach.ValidateTiers) agrees with the
// store on every table: the page must never accept what the store refuses, nor the reverse.
func TestQuotaTierEdges(t *testing.T) {
	tests := []struct {
		name  string
		tiers []store.QuotaTier
		want  string // "" when the table is saved; else a part of the refusal
	}{
		{"one row, quota 1", []store.QuotaTier{{0, 1}}, ""},
		{"TikTok's ladder", store.DefaultQuotaTiers, ""},
		{"quota 0", []store.QuotaTier{{0, 0}}, "row 1 has a quota of 0; a quota must be at least 1"},
		{"quota 0 in a later row", []store.QuotaTier{{0, 50}, {100_000, 0}}, "row 2 has a quota of 0"},
		{"negative quota", []store.QuotaTier{{0, -5}}, "row 1 has a quota of -5"},
		{"no rows", nil, "add at least one row"},
		{"first row above 0", []store.QuotaTier{{100, 50}}, "row 1 starts at a minimum GMV of $1.00"},
		// Saved as entered, not re-sorted: the page refuses the same table.
		{"unsorted", []store.QuotaTier{{0, 50}, {500, 200}, {300, 300}}, "row 3's minimum GMV $3.00 is not above row 2's $5.00"},
		{"equal minimums", []store.QuotaTier{{0, 50}, {0, 60}}, "row 2's minimum GMV $0.00 is not above row 1's $0.00"},
	}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before, err := s.OutreachSettings(ctx, ws.ID)
				if err != nil {
					t.Fatal(err)
				}
				o, err := s.OutreachSettings(ctx, ws.ID)
				if err != nil {
					t.Fatal(err)
				}
				o.QuotaTiers = append([]store.QuotaTier(nil), tt.tiers...)
				o.TikTokDailyCap++ // a change besides the tiers, to see that a refusal writes nothing
				err = s.SaveOutreachSettings(ctx, store.CLIActor, o)
				after, rerr := s.OutreachSettings(ctx, ws.ID)
				if rerr != nil {
					t.Fatal(rerr)
				}

				page := outreach.ValidateTiers(pageTiers(tt.tiers), "USD")
				if (err == nil) != (page == nil) {
					t.Errorf("store says %v, the settings page says %v", err, page)
				}
				if tt.want == "" {
					if err != nil {
						t.Fatalf("SaveOutreachSettings(%v) = %v", tt.tiers, err)
					}
					if !reflect.DeepEqual(after.QuotaTiers, tt.tiers) || after.TikTokDailyCap != o.TikTokDailyCap {
						t.Errorf("saved %+v, read back %+v", o, after)
					}
					return
				}
				fe, ok := store.AsFieldError(err)
				if !ok || fe.Field != "quota_tiers" || !strings.Contains(fe.Reason, tt.want) {
					t.Fatalf("SaveOutreachSettings(%v) = %v, want a quota_tiers field error with %q", tt.tiers, err, tt.want)
				}
				if page == nil || !strings.Contains(page.Error(), tt.want) {
					t.Errorf("ValidateTiers(%v) = %v, want %q", tt.tiers, page, tt.want)
				}
				if !reflect.DeepEqual(after, before) {
					t.Errorf("a refused save changed the settings:\nbefore %+v\nafter  %+v", before, after)
				}
			})
		}
	})
}

// pageTiers is a table as the settings page hands it to outreach.ValidateTiers.
func pageTiers(tiers []store.QuotaTier) []outreach.QuotaTier {
	out := make([]outreach.QuotaTier, len(tiers))
	for i, t := range tiers {
		out[i] = outreach.QuotaTier{MinGMV: t.MinGMV, Quota: t.Quota}
	}
	return out
}
