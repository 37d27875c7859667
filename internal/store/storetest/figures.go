package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// Figures is what a workspace's reports and order list show, without the ids that differ
// between workspaces: what two ways of loading the same orders (an export, the API, a killed
// and resumed run) must agree on.
type Figures struct {
	Creators []store.CreatorFigures
	Products []store.ProductFigures
	Days     []store.DayFigures
	Lines    []store.OrderLineRow
}

// TakeFigures reads the workspace's all-time figures and every stored line, oldest first.
func TakeFigures(t testing.TB, s *store.Store, ws *model.Workspace) Figures {
	t.Helper()
	ctx := context.Background()
	var f Figures
	var err error
	if f.Creators, err = s.CreatorTotals(ctx, ws.ID, store.Window{}, 0); err != nil {
		t.Fatal(err)
	}
	for i := range f.Creators {
		f.Creators[i].CreatorID = 0
	}
	if f.Products, err = s.ProductTotals(ctx, ws.ID, store.Window{}, 0); err != nil {
		t.Fatal(err)
	}
	for i := range f.Products {
		f.Products[i].ProductID = 0
	}
	if f.Days, err = s.DailyTotals(ctx, ws.ID, store.Window{From: 20000101, To: 21001231}); err != nil {
		t.Fatal(err)
	}
	q := store.OrderQuery{Asc: true, Limit: 200}
	for {
		page, more, err := s.OrderLines(ctx, ws.ID, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range page {
			key := l.Key()
			l.ShopID, l.CreatorID = 0, 0
			f.Lines = append(f.Lines, l)
			q.After = &key
		}
		if !more {
			break
		}
	}
	return f
}

// SameFigures fails t when got differs from want, naming the first differing line and each
// differing report; a line stored twice in got is an error too.
func SameFigures(t testing.TB, what string, got, want Figures) {
	t.Helper()
	seen := map[string]bool{}
	for _, l := range got.Lines {
		k := l.OrderID + "/" + l.SKUID
		if seen[k] {
			t.Errorf("%s: line %s stored twice", what, k)
		}
		seen[k] = true
	}
	if len(got.Lines) != len(want.Lines) {
		t.Errorf("%s: %d stored lines, want %d", what, len(got.Lines), len(want.Lines))
	}
	for i := range min(len(got.Lines), len(want.Lines)) {
		if !reflect.DeepEqual(got.Lines[i], want.Lines[i]) {
			t.Errorf("%s: line %d\n got %+v\nwant %+v", what, i, got.Lines[i], want.Lines[i])
			break
		}
	}
	if !reflect.DeepEqual(got.Creators, want.Creators) {
		t.Errorf("%s: creator totals differ\n got %+v\nwant %+v", what, got.Creators, want.Creators)
	}
	if !reflect.DeepEqual(got.Products, want.Products) {
		t.Errorf("%s: product totals differ\n got %+v\nwant %+v", what, got.Products, want.Products)
	}
	if !reflect.DeepEqual(got.Days, want.Days) {
		t.Errorf("%s: daily totals differ\n got %+v\nwant %+v", what, got.Days, want.Days)
	}
}
