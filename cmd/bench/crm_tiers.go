package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/demo"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// The CRM engine at a million creators (docs/crm.md "Stages, tiers and scores", BENCHMARKS.md
// "Creator CRM — tiers"): a workspace seeded with the demo's creators and precomputed sales
// (store.SeedCreators) and the creator rollups their sales would have left (about 30% sold,
// on a few days each), then, on a fresh copy of it each run:
//
//   - tier re-evaluation of every creator against four rules (crm.RefreshTiers), first when
//     most tiers change, then again when none does;
//   - the full refresh imports and the hourly job run (crm.Refresh: sales from the rollups,
//     stage moves, tiers, fit scores), first on the seeded state, then again at rest.

const crmTiersToday = 20261115

// crmTierRules are the program's tiers, best first.
var crmTierRules = []store.TierRule{
	{Tier: "Gold", WindowDays: 30, MinGMV: 1_000_000, MinOrders: 20, Currency: "USD"},
	{Tier: "Silver", WindowDays: 30, MinGMV: 200_000, Currency: "USD"},
	{Tier: "Bronze", WindowDays: 90, MinGMV: 30_000, Currency: "USD"},
	{Tier: "Member", WindowDays: 0, MinGMV: 1, Currency: "USD"},
}

func benchCRMTiers(args []string) error {
	fs := flag.NewFlagSet("crm-tiers", flag.ExitOnError)
	creators := fs.Int("creators", 1_000_000, "creators in the workspace")
	dir := fs.String("dir", "tmp/bench", "folder for the databases")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the measured runs to this file")
	fs.Parse(args)
	workDir(*dir)
	ctx := context.Background()
	pristine := filepath.Join(*dir, fmt.Sprintf("crm-tiers-%d.db", *creators))
	if err := ensureCRMTiersDB(ctx, pristine, *creators); err != nil {
		return err
	}
	db := filepath.Join(*dir, fmt.Sprintf("crm-tiers-%d.run.db", *creators))
	if err := copyFile(pristine, db); err != nil {
		return err
	}
	defer func() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db + suffix)
		}
	}()
	s, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	ws, err := s.WorkspaceBySlug(ctx, "bench")
	if err != nil {
		return err
	}
	for _, r := range crmTierRules {
		if _, err := s.CreateTierRule(ctx, store.CLIActor, ws.ID, r); err != nil {
			return err
		}
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	now := time.Date(crmTiersToday/10000, time.Month(crmTiersToday/100%100), crmTiersToday%100, 12, 0, 0, 0, time.UTC)
	fmt.Printf("## Creator CRM — tiers (%d creators, SQLite, %s, %d CPUs)\n\n", *creators, cpuModel(), runtime.NumCPU())
	fmt.Println("| run | time | CPU time | creators | sales changed | stage moves | tier changes | scores changed | sales & score UPDATEs |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, p := range []struct {
		name string
		fn   func(context.Context, *store.Store, int64, time.Time) (crm.Result, error)
	}{
		{"tier re-evaluation, most tiers change", crm.RefreshTiers},
		{"tier re-evaluation, nothing changes", crm.RefreshTiers},
		{"full refresh on the seeded state", crm.Refresh},
		{"full refresh at rest", crm.Refresh},
		{"sales refresh alone, at rest", func(ctx context.Context, s *store.Store, wsID int64, now time.Time) (crm.Result, error) {
			res, err := s.RefreshCreatorSales(ctx, wsID, crmTiersToday)
			return crm.Result{Sales: res}, err
		}},
		// The first hourly run of a new day: every seller's stats day changes, and the windows
		// move by a day.
		{"full refresh, next day", func(ctx context.Context, s *store.Store, wsID int64, now time.Time) (crm.Result, error) {
			return crm.Refresh(ctx, s, wsID, now.Add(24*time.Hour))
		}},
	} {
		runtime.GC()
		start, cpu0 := time.Now(), cpuTime()
		res, err := p.fn(ctx, s, ws.ID, now)
		if err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		took, cpu := time.Since(start), cpuTime()-cpu0
		read := res.Sales.Creators
		if read == 0 {
			read = *creators
		}
		fmt.Printf("| %s | %.2f s | %.2f s | %d | %d | %d | %d | %d | %d |\n", p.name, took.Seconds(), cpu.Seconds(), read, res.Sales.Changed, res.Moved(),
			res.TierChanges, res.Scores, res.RowsWritten)
	}
	fmt.Println()
	return nil
}

// ensureCRMTiersDB builds the seeded database at path unless it exists.
func ensureCRMTiersDB(ctx context.Context, path string, n int) error {
	return buildSeededDB(ctx, path, func(s *store.Store, ws *model.Workspace, _ string, start time.Time) error {
		return seedTiersDB(ctx, s, ws, start, n)
	})
}

// seedTiersDB adds n creators from the demo's distribution and the day rollups their sales
// come from, so a refresh reads what an import would have written.
func seedTiersDB(ctx context.Context, s *store.Store, ws *model.Workspace, start time.Time, n int) error {
	days := map[int32]map[int64]model.Totals{}
	r := rand.New(rand.NewPCG(7, 7))
	const chunk = 100_000
	for k := 0; k*chunk < n; k++ {
		m := min(chunk, n-k*chunk)
		seed := demo.SeedCreators(m, demo.CRMSeedOptions{Seed: uint64(42 + k), Today: crmTiersToday, Prefix: "t" + strconv.Itoa(k)})
		ids, err := s.SeedCreators(ctx, ws.ID, seed)
		if err != nil {
			return err
		}
		for i, c := range seed {
			if c.Sales.FirstSaleDay != 0 {
				addSaleDays(r, days, ids[i], c.Sales)
			}
		}
		fmt.Fprintf(os.Stderr, "seeded %d creators in %s\n", k*chunk+m, time.Since(start).Round(time.Second))
	}
	if err := s.SeedSalesRollups(ctx, ws.ID, "USD", days); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %d days of creator rollups in %s\n", len(days), time.Since(start).Round(time.Second))
	return nil
}

// addSaleDays spreads a seeded seller's lifetime GMV over its first and last sale days and up
// to three days between, about $28 an order.
func addSaleDays(r *rand.Rand, days map[int32]map[int64]model.Totals, id int64, sales store.CreatorSales) {
	first, last := dayTime(sales.FirstSaleDay), dayTime(sales.LastSale)
	span := int(last.Sub(first).Hours() / 24)
	on := []time.Time{first}
	if span > 0 {
		on = append(on, last)
		for range r.IntN(4) {
			on = append(on, first.AddDate(0, 0, r.IntN(span+1)))
		}
	}
	left := sales.GMVAll
	for i, d := range on {
		gmv := left / int64(len(on)-i)
		left -= gmv
		key := int32(d.Year()*10000 + int(d.Month())*100 + d.Day())
		m := days[key]
		if m == nil {
			m = map[int64]model.Totals{}
			days[key] = m
		}
		t := m[id]
		orders := max(1, gmv/2800)
		t.Add(model.Totals{GMV: gmv, Orders: orders, Units: orders + orders/3, Lines: orders})
		m[id] = t
	}
}

// cpuTime is the CPU time (user and system) the process has used: on a shared machine the
// wall time of a run also counts the other processes' turns.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func dayTime(day int32) time.Time {
	return time.Date(int(day/10000), time.Month(day/100%100), int(day%100), 0, 0, 0, 0, time.UTC)
}

// copyFile copies a closed SQLite database (no -wal left) to dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(dst + suffix)
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
