package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/demo"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// The creator directory at a million creators (docs/crm.md, BENCHMARKS.md "Creator CRM —
// directory"): the typical filtered and sorted first page — a vertical, a region, a 30-day GMV
// range and one or two stages, largest 30-day GMV first — asked by 32 concurrent clients with
// varied values, three ways in one run:
//
//   - store: s.Directory called directly (the query and the capped count);
//   - page:  GET /w/bench/directory?… of a real `creatorops serve` process (the whole page);
//   - reference: the same filters, page and count without the directory's indexes (NOT
//     INDEXED) and without the precomputed sales columns: 30-day GMV summed per creator from a
//     table of daily sales (creator, day, GMV) — what a directory without precomputation reads.

const crmBenchToday = 20261115

// crmBenchVerticals and crmBenchRegions are what the clients filter on (the generator's).
var (
	crmBenchVerticals = []string{"Womenswear & Underwear", "Beauty & Personal Care", "Home Supplies", "Kitchenware",
		"Health", "Fashion Accessories", "Sports & Outdoor", "Food & Beverages", "Phones & Electronics", "Fashion"}
	crmBenchRegions = []string{"US", "GB", "ID", "PH", "TH", "VN", "MY", "SG"}
	crmBenchStages  = [][]model.Stage{{model.StageActive}, {model.StageActive, model.StageActivated},
		{model.StageAtRisk}, {model.StageActive, model.StageAtRisk}}
	crmBenchMins = []int64{10, 50, 100, 500} // dollars
)

// crmFilter is one client's question.
type crmFilter struct {
	vertical, region string
	stages           []model.Stage
	min, max         int64 // cents; max 0 for none
}

func drawCRMFilter(r *rand.Rand) crmFilter {
	f := crmFilter{vertical: crmBenchVerticals[r.IntN(len(crmBenchVerticals))],
		region: crmBenchRegions[r.IntN(len(crmBenchRegions))], stages: crmBenchStages[r.IntN(len(crmBenchStages))],
		min: crmBenchMins[r.IntN(len(crmBenchMins))] * 100}
	if r.IntN(2) == 0 {
		f.max = f.min * 20
	}
	return f
}

func (f crmFilter) query() store.DirectoryQuery {
	q := store.DirectoryQuery{Verticals: []string{f.vertical}, Region: f.region, Stages: f.stages, MinGMV30d: &f.min,
		Sort: store.DirSortGMV30d, Desc: true, Limit: 50}
	if f.max > 0 {
		q.MaxGMV30d = &f.max
	}
	return q
}

func (f crmFilter) path() string {
	v := url.Values{"vertical": {f.vertical}, "region": {f.region}, "currency": {"USD"},
		"gmv30_min": {strconv.FormatInt(f.min/100, 10)}}
	for _, s := range f.stages {
		v.Add("stage", string(s))
	}
	if f.max > 0 {
		v.Set("gmv30_max", strconv.FormatInt(f.max/100, 10))
	}
	return "/w/bench/directory?" + v.Encode()
}

func benchCRM(args []string) error {
	fs := flag.NewFlagSet("crm", flag.ExitOnError)
	creators := fs.Int("creators", 1_000_000, "creators in the workspace")
	clients := fs.Int("clients", 32, "concurrent clients")
	duration := fs.Duration("duration", 15*time.Second, "measured time of each phase")
	dir := fs.String("dir", "tmp/bench", "folder for the database and the server log")
	db := fs.String("db", "", "SQLite database (default DIR/crm-CREATORS.db, built when missing)")
	skipRef := fs.Bool("skip-reference", false, "leave the reference phase out")
	fs.Parse(args)
	workDir(*dir)
	if *db == "" {
		*db = filepath.Join(*dir, fmt.Sprintf("crm-%d.db", *creators))
	}
	ctx := context.Background()
	if err := ensureCRMDB(ctx, *db, *creators); err != nil {
		return err
	}
	s, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	ws, err := s.WorkspaceBySlug(ctx, "bench")
	if err != nil {
		return err
	}
	fmt.Printf("## Creator CRM — directory (%d creators, %d clients, %s per phase, %s, %d CPUs)\n\n",
		*creators, *clients, *duration, cpuModel(), runtime.NumCPU())

	load0 := loadAverage()
	// Phase 1: the store query, alone (its service time) and under the clients' load.
	storeQuery := func(r *rand.Rand) error {
		_, err := s.Directory(ctx, ws.ID, drawCRMFilter(r).query())
		return err
	}
	storeOne := runCRMPhase(1, *duration/3, storeQuery)
	storePhase := runCRMPhase(*clients, *duration, storeQuery)

	// Phase 2: the page of a real server.
	bin, err := buildBinary(*dir)
	if err != nil {
		return fmt.Errorf("building ./cmd/creatorops: %w", err)
	}
	srv, err := startServer(bin, *db, filepath.Join(*dir, "crm-server.log"), "")
	if err != nil {
		return err
	}
	l := newLoader(srv.base, *clients)
	if err := l.signIn(benchEmail, benchPassword); err != nil {
		srv.stop()
		return err
	}
	// One unmeasured request builds the filter suggestions (a pass over every creator, then
	// kept until the data changes).
	if code, _, err := l.get(drawCRMFilter(rand.New(rand.NewPCG(1, 1))).path()); err != nil || code != 200 {
		srv.stop()
		return fmt.Errorf("the directory page answered %d, %v (server log %s)", code, err, srv.log)
	}
	pageGet := func(r *rand.Rand) error {
		code, _, err := l.get(drawCRMFilter(r).path())
		if err == nil && code != 200 {
			err = fmt.Errorf("HTTP %d", code)
		}
		return err
	}
	pageOne := runCRMPhase(1, *duration/3, pageGet)
	pagePhase := runCRMPhase(*clients, *duration, pageGet)
	srv.stop()

	// Phase 3: the reference.
	var refPhase *crmPhase
	if !*skipRef {
		raw, err := sql.Open("sqlite", *db)
		if err != nil {
			return err
		}
		defer raw.Close()
		raw.SetMaxOpenConns(*clients)
		refPhase = runCRMPhase(*clients, *duration, func(r *rand.Rand) error {
			return referenceDirectory(ctx, raw, ws.ID, drawCRMFilter(r))
		})
	}

	fmt.Printf("Load average of the machine before and after the run: %s → %s\n\n", load0, loadAverage())
	fmt.Println("| what | clients | requests | per second | p50 ms | p95 ms | p99 ms | errors |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, p := range []struct {
		name string
		ph   *crmPhase
	}{{"store: Directory (first page + capped count)", storeOne}, {"store: Directory (first page + capped count)", storePhase},
		{"page: GET /w/bench/directory (real server)", pageOne}, {"page: GET /w/bench/directory (real server)", pagePhase},
		{"reference: no indexes, GMV summed from daily sales", refPhase}} {
		if p.ph == nil {
			continue
		}
		fmt.Printf("| %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %d |\n", p.name, p.ph.clients, len(p.ph.lat), float64(len(p.ph.lat))/p.ph.elapsed.Seconds(),
			ms(percentile(p.ph.lat, 50)), ms(percentile(p.ph.lat, 95)), ms(percentile(p.ph.lat, 99)), p.ph.errors)
		if p.ph.firstErr != nil {
			fmt.Fprintf(os.Stderr, "%s: first error: %v\n", p.name, p.ph.firstErr)
		}
	}
	return nil
}

// crmPhase is what one phase measured.
type crmPhase struct {
	clients  int
	lat      []time.Duration
	elapsed  time.Duration
	errors   int
	firstErr error
}

// runCRMPhase calls fn from clients goroutines for d, each with its own random stream.
func runCRMPhase(clients int, d time.Duration, fn func(r *rand.Rand) error) *crmPhase {
	var mu sync.Mutex
	out := &crmPhase{clients: clients}
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for i := range clients {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 7))
			var lat []time.Duration
			var errs int
			var first error
			for ok := true; ok || time.Now().Before(deadline); ok = false {
				t := time.Now()
				err := fn(r)
				lat = append(lat, time.Since(t))
				if err != nil {
					errs++
					if first == nil {
						first = err
					}
				}
			}
			mu.Lock()
			out.lat = append(out.lat, lat...)
			out.errors += errs
			if out.firstErr == nil {
				out.firstErr = first
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	out.elapsed = time.Since(start)
	return out
}

// referenceSQL is the directory's first page without its indexes and precomputed columns: the
// same filters and order, 30-day GMV summed from daily sales.
const referenceSQL = `WITH s AS (SELECT creator_id, SUM(gmv) AS gmv30 FROM bench_daily_sales WHERE day > $1 GROUP BY creator_id)
	SELECT c.id, c.username, c.display_name, c.stage, c.region, c.verticals, c.followers, s.gmv30
	FROM creators c NOT INDEXED JOIN s ON s.creator_id = c.id
	WHERE c.workspace_id = $2 AND c.merged_into IS NULL AND instr(c.verticals, $3) > 0 AND c.region = $4
	AND c.stage IN ($5, $6) AND s.gmv30 >= $7 AND s.gmv30 <= $8
	ORDER BY s.gmv30 DESC, c.id DESC LIMIT 51`

const referenceCountSQL = `WITH s AS (SELECT creator_id, SUM(gmv) AS gmv30 FROM bench_daily_sales WHERE day > $1 GROUP BY creator_id)
	SELECT COUNT(*) FROM (SELECT 1 FROM creators c NOT INDEXED JOIN s ON s.creator_id = c.id
	WHERE c.workspace_id = $2 AND c.merged_into IS NULL AND instr(c.verticals, $3) > 0 AND c.region = $4
	AND c.stage IN ($5, $6) AND s.gmv30 >= $7 AND s.gmv30 <= $8 LIMIT 10001)`

func referenceDirectory(ctx context.Context, db *sql.DB, wsID int64, f crmFilter) error {
	max := f.max
	if max == 0 {
		max = 1 << 62
	}
	st2 := f.stages[len(f.stages)-1]
	from := dayAgo(30)
	args := []any{from, wsID, "|" + f.vertical + "|", f.region, string(f.stages[0]), string(st2), f.min, max}
	rows, err := db.QueryContext(ctx, referenceSQL, args...)
	if err != nil {
		return err
	}
	n := 0
	for rows.Next() {
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var count int
	return db.QueryRowContext(ctx, referenceCountSQL, args...).Scan(&count)
}

// ensureCRMDB builds the benchmark database once: workspace bench with a USD shop, its owner
// (the benchmark signs in as them), n creators from the demo's distribution, and the
// reference's daily sales table.
func ensureCRMDB(ctx context.Context, path string, n int) error {
	return buildSeededDB(ctx, path, func(s *store.Store, ws *model.Workspace, tmp string, start time.Time) error {
		return seedDirectoryDB(ctx, s, ws, tmp, start, n)
	})
}

// buildSeededDB builds a benchmark database at path unless it exists: a migrated SQLite file
// with workspace bench and its USD shop, filled by fill, then moved into place so a run
// stopped half-way never leaves a half-seeded database behind.
func buildSeededDB(ctx context.Context, path string, fill func(s *store.Store, ws *model.Workspace, tmp string, start time.Time) error) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	tmp := path + ".building"
	os.Remove(tmp)
	start := time.Now()
	s, err := store.Open(ctx, tmp)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "bench", Name: "Bench"})
	if err != nil {
		return err
	}
	if _, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: ws.ID, Slug: "us", Name: "US", Platform: model.PlatformTikTokShop,
		Currency: "USD", Locale: "en-US", Timezone: "UTC"}); err != nil {
		return err
	}
	if err := fill(s, ws, tmp, start); err != nil {
		return err
	}
	s.Close()
	return os.Rename(tmp, path)
}

// seedDirectoryDB adds the benchmark's owner (it signs in as them), n creators from the demo's
// distribution, and the reference's daily sales table.
func seedDirectoryDB(ctx context.Context, s *store.Store, ws *model.Workspace, tmp string, start time.Time, n int) error {
	hash, err := auth.HashPassword(benchPassword)
	if err != nil {
		return err
	}
	uid, err := s.CreateUser(ctx, benchEmail, "Bench", hash)
	if err != nil {
		return err
	}
	if err := s.AddMember(ctx, uid, ws.ID, "owner"); err != nil {
		return err
	}
	raw, err := sql.Open("sqlite", tmp)
	if err != nil {
		return err
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, `CREATE TABLE bench_daily_sales (creator_id INTEGER NOT NULL, day INTEGER NOT NULL,
		gmv INTEGER NOT NULL, PRIMARY KEY (creator_id, day)) WITHOUT ROWID`); err != nil {
		return err
	}
	const chunk = 100_000
	for k := 0; k*chunk < n; k++ {
		m := min(chunk, n-k*chunk)
		seed := demo.SeedCreators(m, demo.CRMSeedOptions{Seed: uint64(42 + k), Today: crmBenchToday, Owners: []int64{uid},
			Prefix: "c" + strconv.Itoa(k)})
		ids, err := s.SeedCreators(ctx, ws.ID, seed)
		if err != nil {
			return err
		}
		if err := writeDailySales(ctx, raw, ids, seed, uint64(k)); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "seeded %d creators in %s\n", k*chunk+m, time.Since(start).Round(time.Second))
	}
	return raw.Close()
}

// writeDailySales spreads each seller's precomputed figures over sale days, so the
// reference's sums give the same 30-day GMV as the precomputed column.
func writeDailySales(ctx context.Context, db *sql.DB, ids []int64, cs []store.SeedCreator, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 99))
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO bench_daily_sales (creator_id, day, gmv) VALUES ($1, $2, $3)`)
	if err != nil {
		return err
	}
	for i, c := range cs {
		if c.Sales.GMVAll == 0 {
			continue
		}
		spread := func(total int64, fromAgo, toAgo int) error {
			if total <= 0 || toAgo <= fromAgo {
				return nil
			}
			days := map[int]bool{}
			k := 1 + r.IntN(min(8, toAgo-fromAgo))
			for len(days) < k {
				days[fromAgo+r.IntN(toAgo-fromAgo)] = true
			}
			left, j := total, 0
			for ago := range days {
				v := total / int64(k)
				if j == k-1 {
					v = left
				}
				left -= v
				j++
				if _, err := st.ExecContext(ctx, ids[i], dayAgo(ago), v); err != nil {
					return err
				}
			}
			return nil
		}
		if err := spread(c.Sales.GMV30d, 0, 29); err != nil {
			return err
		}
		if err := spread(c.Sales.GMV90d-c.Sales.GMV30d, 31, 89); err != nil {
			return err
		}
		if err := spread(c.Sales.GMVAll-c.Sales.GMV90d, 91, 364); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// dayAgo is the YYYYMMDD of ago days before the benchmark's today.
func dayAgo(ago int) int32 {
	t := time.Date(crmBenchToday/10000, time.Month(crmBenchToday/100%100), crmBenchToday%100, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -ago)
	return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
}

// loadAverage is the machine's one-minute load: figures on a shared machine read with it.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "unknown"
	}
	return f[0]
}
