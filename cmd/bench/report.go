package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

func benchReport(args []string) error {
	fs := flag.NewFlagSet("report", flag.ExitOnError)
	lines := fs.Int("lines", 10_000_000, "lines in the workspace")
	dir := fs.String("dir", "tmp/bench", "folder for the export and the database")
	iterations := fs.Int("n", 30, "runs of the rollup query")
	fs.Parse(args)
	workDir(*dir)
	ctx := context.Background()
	db := filepath.Join(*dir, fmt.Sprintf("report-%d.db", *lines))
	bin, err := buildBinary(*dir)
	if err != nil {
		return err
	}
	if err := ensureWorkspaceDB(*dir, bin, db, *lines, nil); err != nil {
		return err
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	ws, err := s.WorkspaceBySlug(ctx, "bench")
	if err != nil {
		return err
	}
	last, err := s.LastOrderDay(ctx, ws.ID)
	if err != nil {
		return err
	}
	var total int64
	if err := rawCount(ctx, db, &total); err != nil {
		return err
	}
	fmt.Printf("| report creators on a %d-line SQLite workspace | p50 | p95 | creators |\n|---|---|---|---|\n", total)
	for _, c := range []struct {
		name    string
		w       store.Window
		rawRuns int // the raw GROUP BY of a year takes minutes: once is enough for a reference
	}{
		{"30-day window", store.WindowEnding(last, 30), 3},
		{"365-day window", store.WindowEnding(last, 365), 1},
	} {
		var times []time.Duration
		var n int
		for i := 0; i < *iterations; i++ {
			start := time.Now()
			rows, err := s.CreatorTotals(ctx, ws.ID, c.w, 0)
			if err != nil {
				return err
			}
			times = append(times, time.Since(start))
			n = len(rows)
		}
		p50, p95 := percentile(times, 50), percentile(times, 95)
		fmt.Printf("| from the rollups, %s | %.1f ms | %.1f ms | %d |\n", c.name, ms(p50), ms(p95), n)
		var raw []time.Duration
		for i := 0; i < c.rawRuns; i++ {
			start := time.Now()
			rows, err := s.CreatorTotalsFromLines(ctx, ws.ID, c.w, ws.Location())
			if err != nil {
				return err
			}
			raw = append(raw, time.Since(start))
			n = len(rows)
		}
		fmt.Printf("| GROUP BY over the raw lines (reference), %s | %.1f ms | %.1f ms | %d |\n", c.name, ms(percentile(raw, 50)), ms(percentile(raw, 95)), n)
	}
	// The whole command, as a user runs it: process start, migration check, query, JSON out.
	w := store.WindowEnding(last, 30)
	from, to := fmt.Sprintf("%d-%02d-%02d", w.From/10000, w.From/100%100, w.From%100), fmt.Sprintf("%d-%02d-%02d", w.To/10000, w.To/100%100, w.To%100)
	var cli []time.Duration
	for i := 0; i < 10; i++ {
		r, err := timed(bin, []string{"--db", db, "report", "creators", "--workspace", "bench", "--from", from, "--to", to, "--format", "json"}, "")
		if err != nil {
			return err
		}
		cli = append(cli, r.wall)
	}
	fmt.Printf("| `creatorops report creators --from %s --to %s --format json`, whole process | %.1f ms | %.1f ms | |\n", from, to, ms(percentile(cli, 50)), ms(percentile(cli, 95)))
	return nil
}

func rawCount(ctx context.Context, db string, n *int64) error {
	s, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	figs, err := s.CreatorTotals(ctx, 1, store.Window{}, 0)
	for _, f := range figs {
		*n += f.Lines
	}
	return err
}

func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
