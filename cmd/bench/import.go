package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/creatorops/creatorops/internal/demo"
)

// linesPerOrder is the generator's mean, used to aim at a line count.
const linesPerOrder = 1.25

// run is one timed process.
type run struct {
	wall   time.Duration
	maxRSS int64 // KiB
}

func timed(name string, args []string, stdin string) (run, error) {
	cmd := exec.Command(name, args...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	cmd.Stderr = os.Stderr
	out := &strings.Builder{}
	cmd.Stdout = out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return run{}, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out.String())
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return run{wall: wall, maxRSS: ru.Maxrss}, nil
}

func median(rs []run) run {
	slices.SortFunc(rs, func(a, b run) int { return int(a.wall - b.wall) })
	return rs[len(rs)/2]
}

// ensureExport writes a generated export of about lines lines, unless it is there already.
func ensureExport(path string, lines int) (int, error) {
	countPath := path + ".lines"
	if b, err := os.ReadFile(countPath); err == nil {
		var n int
		fmt.Sscan(string(b), &n)
		if n > 0 {
			return n, nil
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	creators := max(200, lines/200)
	n, err := demo.WriteOrderExport(w, demo.Options{Creators: creators, Orders: int(float64(lines) / linesPerOrder), Seed: 42, Days: 365, Quirks: true})
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return n, os.WriteFile(countPath, []byte(fmt.Sprint(n)), 0o644)
}

func buildBinary(dir string) (string, error) {
	bin := filepath.Join(dir, "creatorops")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/creatorops")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return bin, cmd.Run()
}

func benchImport(args []string) error {
	fs := flag.NewFlagSet("import", flag.ExitOnError)
	lines := fs.Int("lines", 1_000_000, "lines in the generated export")
	dir := fs.String("dir", "tmp/bench", "folder for the export and the databases")
	rounds := fs.Int("rounds", 3, "runs of each side (the median is reported)")
	pg := fs.String("pg", os.Getenv("CREATOROPS_TEST_POSTGRES"), "PostgreSQL DSN for the PostgreSQL figure (empty: skipped)")
	fs.Parse(args)
	workDir(*dir)
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return fmt.Errorf("the reference needs the sqlite3 shell: apt-get install sqlite3")
	}
	export := filepath.Join(*dir, fmt.Sprintf("export-%d.csv", *lines))
	fmt.Fprintf(os.Stderr, "writing %s…\n", export)
	n, err := ensureExport(export, *lines)
	if err != nil {
		return err
	}
	bin, err := buildBinary(*dir)
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(export)
	var ref, fresh, again []run
	for i := 0; i < *rounds; i++ {
		refDB := filepath.Join(*dir, "ref.db")
		os.Remove(refDB)
		r, err := timed("sqlite3", []string{refDB}, ".mode csv\n.import "+abs+" lines\n")
		if err != nil {
			return err
		}
		ref = append(ref, r)
		db := filepath.Join(*dir, "creatorops.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db + suffix)
		}
		imp := []string{"--db", db, "import", "tiktok-orders", "--workspace", "bench", "--shop", "us", "--quiet", export}
		r, err = timed(bin, imp, "")
		if err != nil {
			return err
		}
		fresh = append(fresh, r)
		r, err = timed(bin, imp, "")
		if err != nil {
			return err
		}
		again = append(again, r)
		fmt.Fprintf(os.Stderr, "round %d: sqlite3 .import %.2fs, creatorops %.2fs (%d MiB), re-import %.2fs\n",
			i+1, ref[i].wall.Seconds(), fresh[i].wall.Seconds(), fresh[i].maxRSS/1024, again[i].wall.Seconds())
	}
	mr, mf, ma := median(ref), median(fresh), median(again)
	fmt.Printf("| import of a %d-line export (median of %d) | time | lines/s | × reference | peak RSS |\n|---|---|---|---|---|\n", n, *rounds)
	fmt.Printf("| sqlite3 shell `.import` into a plain table (reference) | %.2f s | %.0f | 1.00 | %d MiB |\n", mr.wall.Seconds(), float64(n)/mr.wall.Seconds(), mr.maxRSS/1024)
	fmt.Printf("| creatorops import, fresh SQLite database | %.2f s | %.0f | %.2f | %d MiB |\n", mf.wall.Seconds(), float64(n)/mf.wall.Seconds(), mf.wall.Seconds()/mr.wall.Seconds(), mf.maxRSS/1024)
	fmt.Printf("| creatorops re-import, all lines unchanged | %.2f s | %.0f | %.2f | %d MiB |\n", ma.wall.Seconds(), float64(n)/ma.wall.Seconds(), ma.wall.Seconds()/mr.wall.Seconds(), ma.maxRSS/1024)
	if *pg == "" {
		fmt.Println("| creatorops import, PostgreSQL | not measured: no --pg DSN | | | |")
		return nil
	}
	var pgRuns, copyRuns []run
	psql, _ := exec.LookPath("psql")
	for i := 0; i < *rounds; i++ {
		if psql != "" {
			// Reference: psql's \copy of the same file into a plain table of text columns.
			dsn, drop, err := freshPGSchema(*pg)
			if err != nil {
				return err
			}
			cols := make([]string, 31)
			for j := range cols {
				cols[j] = fmt.Sprintf("c%d text", j)
			}
			script := "CREATE TABLE lines (" + strings.Join(cols, ", ") + ");\n\\copy lines FROM '" + abs + "' WITH (FORMAT csv, HEADER true)\n"
			r, err := timed(psql, []string{"-q", "-v", "ON_ERROR_STOP=1", strings.Replace(dsn, "search_path=", "options=-csearch_path%3D", 1)}, script)
			drop()
			if err != nil {
				return err
			}
			copyRuns = append(copyRuns, r)
			fmt.Fprintf(os.Stderr, "round %d: psql \\copy %.2fs\n", i+1, r.wall.Seconds())
		}
		dsn, drop, err := freshPGSchema(*pg)
		if err != nil {
			return err
		}
		r, err := timed(bin, []string{"--db", dsn, "import", "tiktok-orders", "--workspace", "bench", "--shop", "us", "--quiet", export}, "")
		drop()
		if err != nil {
			return err
		}
		pgRuns = append(pgRuns, r)
		fmt.Fprintf(os.Stderr, "round %d: PostgreSQL import %.2fs\n", i+1, r.wall.Seconds())
	}
	mp := median(pgRuns)
	if len(copyRuns) > 0 {
		mc := median(copyRuns)
		fmt.Printf("| psql `\\copy` into a plain PostgreSQL table (reference) | %.2f s | %.0f | %.2f | %d MiB |\n", mc.wall.Seconds(), float64(n)/mc.wall.Seconds(), mc.wall.Seconds()/mr.wall.Seconds(), mc.maxRSS/1024)
	}
	fmt.Printf("| creatorops import, fresh PostgreSQL schema | %.2f s | %.0f | %.2f | %d MiB |\n", mp.wall.Seconds(), float64(n)/mp.wall.Seconds(), mp.wall.Seconds()/mr.wall.Seconds(), mp.maxRSS/1024)
	return nil
}

// freshPGSchema makes an empty schema and returns a DSN that uses it and a func that drops it.
func freshPGSchema(base string) (string, func(), error) {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 4)
	rand.Read(b)
	schema := "bench_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		return "", nil, err
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema, func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	}, nil
}
