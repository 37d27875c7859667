package ingest_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

type expectedCreator struct {
	GMV    int64 `json:"gmv_cents"`
	Orders int64 `json:"orders"`
	Lines  int64 `json:"lines"`
	Est    int64 `json:"est_commission_cents"`
	Paid   int64 `json:"paid_commission_cents"`
}

type expectedFigures struct {
	Lines    int64                      `json:"lines"`
	BadRows  int64                      `json:"bad_rows"`
	GMV      int64                      `json:"gmv_cents"`
	Creators map[string]expectedCreator `json:"creators"`
}

func sampleFiles() []string {
	return []string{
		filepath.Join("..", "..", "testdata", "tiktok-affiliate-orders-1.csv"),
		filepath.Join("..", "..", "testdata", "tiktok-affiliate-orders-2.csv"),
	}
}

func loadExpected(t *testing.T) expectedFigures {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "tiktok-affiliate-orders-expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var e expectedFigures
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

// newShop makes a workspace and a USD TikTok shop, as the CLI does on a first import.
func newShop(t *testing.T, s *store.Store) (*model.Workspace, *model.Shop) {
	return storetest.USDShop(t, s)
}

func importAll(t *testing.T, s *store.Store, ws *model.Workspace, shop *model.Shop, files ...string) []*ingest.Summary {
	t.Helper()
	var out []*ingest.Summary
	for _, f := range files {
		sum, err := ingest.ImportOrders(context.Background(), s, ws, shop, f, ingest.Options{})
		if err != nil {
			t.Fatalf("import %s: %v", f, err)
		}
		out = append(out, sum)
	}
	return out
}

func checkFigures(t *testing.T, s *store.Store, ws *model.Workspace, want expectedFigures) {
	t.Helper()
	ctx := context.Background()
	got, err := s.CreatorTotals(ctx, ws.ID, store.Window{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var gmv, lines int64
	seen := map[string]bool{}
	for _, f := range got {
		gmv += f.GMV
		lines += f.Lines
		seen[f.Username] = true
		w, ok := want.Creators[f.Username]
		if !ok {
			t.Errorf("unexpected creator %q in the report", f.Username)
			continue
		}
		g := expectedCreator{GMV: f.GMV, Orders: f.Orders, Lines: f.Lines, Est: f.EstCommission, Paid: f.PaidCommission}
		if g != w {
			t.Errorf("creator %s: got %+v, want %+v", f.Username, g, w)
		}
	}
	for name := range want.Creators {
		if !seen[name] {
			t.Errorf("creator %q missing from the report", name)
		}
	}
	if gmv != want.GMV || lines != want.Lines {
		t.Errorf("totals: gmv %d lines %d, want gmv %d lines %d", gmv, lines, want.GMV, want.Lines)
	}
	// The rollups must agree with a GROUP BY over the raw lines.
	raw, err := s.CreatorTotalsFromLines(ctx, ws.ID, store.Window{}, ws.Location())
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) != len(got) {
		t.Fatalf("raw lines give %d creators, rollups %d", len(raw), len(got))
	}
	for i := range raw {
		if raw[i] != got[i] {
			t.Errorf("rollup %+v differs from raw %+v", got[i], raw[i])
		}
	}
}

func TestImportSampleExports(t *testing.T) {
	want := loadExpected(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws, shop := newShop(t, s)
		first := importAll(t, s, ws, shop, sampleFiles()...)
		var rejected int64
		for _, sum := range first {
			rejected += sum.Rejected
		}
		if rejected != want.BadRows {
			t.Errorf("rejected %d rows, want %d", rejected, want.BadRows)
		}
		checkFigures(t, s, ws, want)

		// The change of a line between the exports is recorded, field by field.
		changes, err := s.LineChanges(context.Background(), shop.ID, "576684019603095934", "1729000000000174235")
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != 1 {
			t.Fatalf("%d recorded changes, want 1", len(changes))
		}
		c := changes[0].Changes
		if st := c["status"]; st[0] != "processing" || st[1] != "completed" {
			t.Errorf("status change %v", st)
		}
		if pc := c["actual_commission"]; pc[0] != nil || pc[1] != float64(572) {
			t.Errorf("actual commission change %v", pc)
		}

		// Importing both again changes nothing.
		again := importAll(t, s, ws, shop, sampleFiles()...)
		for _, sum := range again {
			if sum.Inserted != 0 || sum.Updated != 0 {
				t.Errorf("re-import of %s: %+v, want nothing inserted or updated", sum.File, sum)
			}
		}
		if again[0].Stale == 0 {
			t.Errorf("re-import of the older export found no stale line: %+v", again[0])
		}
		open, _, err := s.RejectedRows(context.Background(), ws.ID, store.RejectedFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(open)) != want.BadRows {
			t.Errorf("%d open rejected rows after importing twice, want %d", len(open), want.BadRows)
		}
		checkFigures(t, s, ws, want)
	})
}

// A small file whose few orders span the whole range of stored order ids takes the per-order
// lookup instead of the range scan (the range holds too many other lines): its lines must still
// be recognized as stored.
func TestSparseBatchFindsStoredLines(t *testing.T) {
	b, err := os.ReadFile(sampleFiles()[1])
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\r\n"), "\r\n")
	sparse := filepath.Join(t.TempDir(), "sparse.csv")
	if err := os.WriteFile(sparse, []byte(strings.Join([]string{lines[0], lines[1], lines[len(lines)-1]}, "\r\n")+"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws, shop := newShop(t, s)
		importAll(t, s, ws, shop, sampleFiles()...)
		sum := importAll(t, s, ws, shop, sparse)[0]
		if sum.Unchanged != 2 || sum.Inserted != 0 || sum.Updated != 0 {
			t.Errorf("sparse re-import: %+v, want 2 unchanged", sum)
		}
		checkFigures(t, s, ws, loadExpected(t))
	})
}
