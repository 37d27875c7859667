package cli

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/demo"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
	"github.com/creatorops/creatorops/internal/testbin"
)

// binary is the creatorops binary the crash tests start and kill.
func binary(t *testing.T) string { return testbin.Creatorops(t) }

func writeExport(t *testing.T, orders int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if _, err := demo.WriteOrderExport(w, demo.Options{Creators: 500, Orders: orders, Seed: 3, Days: 60, Quirks: true}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	f.Close()
	return path
}

func figures(t *testing.T, dsn string) ([]store.CreatorFigures, []store.CreatorFigures) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ws, err := s.WorkspaceBySlug(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	rolled, err := s.CreatorTotals(ctx, ws.ID, store.Window{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := s.CreatorTotalsFromLines(ctx, ws.ID, store.Window{}, ws.Location())
	if err != nil {
		t.Fatal(err)
	}
	return rolled, raw
}

// committedRows reads how far the running import has committed, 0 while nothing is.
func committedRows(dsn string) int64 {
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return 0
	}
	defer s.Close()
	ws, err := s.WorkspaceBySlug(ctx, "acme")
	if err != nil {
		return 0
	}
	runs, err := s.ImportRuns(ctx, ws.ID, 1)
	if err != nil || len(runs) == 0 {
		return 0
	}
	return runs[0].RowsRead
}

// TestKillDuringImport kills the importer (SIGKILL) twice while it writes a large export, runs
// the same import to the end, and expects exactly the figures of an uninterrupted import.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports a large file three times")
	}
	bin := binary(t)
	export := writeExport(t, 60000)
	args := []string{"import", "tiktok-orders", "--workspace", "acme", "--shop", "us", "--quiet", export}
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			killed := storetest.DSN(t, engine)
			for attempt := 1; attempt <= 2; attempt++ {
				before := committedRows(killed)
				cmd := exec.Command(bin, append([]string{"--db", killed}, args...)...)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				deadline := time.Now().Add(60 * time.Second)
				for committedRows(killed) <= before && time.Now().Before(deadline) {
					time.Sleep(10 * time.Millisecond)
				}
				cmd.Process.Kill()
				err := cmd.Wait()
				if cmd.ProcessState.Success() {
					t.Fatalf("attempt %d: the import finished before it could be killed; use a larger file", attempt)
				}
				t.Logf("attempt %d: killed (%v) after %d rows were committed", attempt, err, committedRows(killed))
			}
			if out, err := exec.Command(bin, append([]string{"--db", killed}, args...)...).CombinedOutput(); err != nil {
				t.Fatalf("the import after the kills failed: %v\n%s", err, out)
			}
			clean := storetest.DSN(t, engine)
			if out, err := exec.Command(bin, append([]string{"--db", clean}, args...)...).CombinedOutput(); err != nil {
				t.Fatalf("the uninterrupted import failed: %v\n%s", err, out)
			}
			gotRolled, gotRaw := figures(t, killed)
			wantRolled, wantRaw := figures(t, clean)
			if len(gotRolled) != len(wantRolled) || len(gotRaw) != len(wantRaw) || len(wantRolled) == 0 {
				t.Fatalf("%d creators after kills, %d uninterrupted", len(gotRolled), len(wantRolled))
			}
			for i := range wantRolled {
				g, w := gotRolled[i], wantRolled[i]
				g.CreatorID, w.CreatorID = 0, 0 // ids may differ between databases
				if g != w {
					t.Errorf("rollup after kills %+v, uninterrupted %+v", g, w)
				}
				r := gotRaw[i]
				r.CreatorID = 0
				if r != g {
					t.Errorf("rollups %+v disagree with the lines %+v after kills", g, r)
				}
			}
		})
	}
}
