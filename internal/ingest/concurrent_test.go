package ingest_test

import (
	"context"
	"sync"
	"testing"

	"github.com/creatorops/creatorops/internal/demo"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// Two servers (two stores on one database) import the two exports at the same time, each of
// them twice: the figures are exactly those of one careful sequential import.
func TestConcurrentImportsFromTwoServers(t *testing.T) {
	want := loadExpected(t)
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			ctx := context.Background()
			stores := twoServers(t, dsn)
			ws, shop := newShop(t, stores[0])
			files := sampleFiles()
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for i, s := range stores {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// Each server imports both files, in opposite orders.
					order := []string{files[i], files[1-i]}
					for _, f := range order {
						if _, err := ingest.ImportOrders(ctx, s, ws, shop, f, ingest.Options{}); err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			checkFigures(t, stores[1], ws, want)
		})
	}
}

// Three overlapping demo exports, imported by two servers at once in opposite orders, end in the
// same figures as importing them once in order: an older export never undoes a newer one.
func TestExportOrderDoesNotMatter(t *testing.T) {
	files, err := demo.WriteOrderExports(t.TempDir(), demo.Options{Creators: 120, Orders: 6000, Seed: 11, Days: 100, Quirks: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			sequential := storetest.Open(t, engine)
			ws, shop := newShop(t, sequential)
			importAll(t, sequential, ws, shop, files...)
			want, err := sequential.CreatorTotals(ctx, ws.ID, store.Window{}, 0)
			if err != nil {
				t.Fatal(err)
			}

			dsn := storetest.DSN(t, engine)
			stores := twoServers(t, dsn)
			ws2, shop2 := newShop(t, stores[0])
			reversed := []string{files[2], files[1], files[0]}
			var wg sync.WaitGroup
			errs := make(chan error, 6)
			for i, order := range [][]string{reversed, files} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for _, f := range order {
						if _, err := ingest.ImportOrders(ctx, stores[i], ws2, shop2, f, ingest.Options{}); err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			got, err := stores[1].CreatorTotals(ctx, ws2.ID, store.Window{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d creators, want %d", len(got), len(want))
			}
			for i := range want {
				g, w := got[i], want[i]
				g.CreatorID, w.CreatorID = 0, 0
				if g != w {
					t.Errorf("creator %s: got %+v, want %+v", w.Username, g.Totals, w.Totals)
				}
			}
		})
	}
}

// twoServers opens two stores on one database, as two creatorops processes would.
func twoServers(t *testing.T, dsn string) []*store.Store {
	t.Helper()
	var stores []*store.Store
	for i := 0; i < 2; i++ {
		s, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if _, err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		stores = append(stores, s)
	}
	return stores
}
