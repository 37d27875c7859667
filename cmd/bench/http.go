package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// The account the benchmark signs in with; the database is a throwaway under tmp/bench.
const (
	benchEmail    = "bench@example.com"
	benchPassword = "bench-password-not-secret"
	sessionCookie = "creatorops_session"
	targetP95     = 100 * time.Millisecond
)

// benchHTTP measures issue 3's target: page server time under concurrent clients on loopback,
// against the real server process, with /healthz as the reference in the same run.
func benchHTTP(args []string) error {
	fs := flag.NewFlagSet("http", flag.ExitOnError)
	lines := fs.Int("lines", 1_000_000, "lines in the workspace")
	clients := fs.Int("clients", 32, "concurrent clients, each on its own keep-alive connection")
	duration := fs.Duration("duration", 20*time.Second, "measured time of each phase")
	warmup := fs.Duration("warmup", 2*time.Second, "unmeasured load before each phase")
	dir := fs.String("dir", "tmp/bench", "folder for the export, the database and the server log")
	db := fs.String("db", "", "SQLite database (default DIR/http-LINES.db, built when missing)")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the server to this file")
	fs.Parse(args)
	if *clients < 1 || *duration <= 0 || *warmup < 0 {
		return fmt.Errorf("http: want --clients ≥ 1, --duration > 0 and --warmup ≥ 0")
	}
	workDir(*dir)
	if *db == "" {
		*db = filepath.Join(*dir, fmt.Sprintf("http-%d.db", *lines))
	}
	bin, err := buildBinary(*dir)
	if err != nil {
		return fmt.Errorf("building ./cmd/creatorops: %w", err)
	}
	if err := ensureWorkspaceDB(*dir, bin, *db, *lines, func(tmp string) error { return createBenchUser(bin, tmp) }); err != nil {
		return err
	}
	var total int64
	if err := rawCount(context.Background(), *db, &total); err != nil {
		return fmt.Errorf("counting the lines of %s: %w", *db, err)
	}

	srv, err := startServer(bin, *db, filepath.Join(*dir, "http-server.log"), *profile)
	if err != nil {
		return err
	}
	defer srv.stop()
	l := newLoader(srv.base, *clients)
	if err := l.signIn(benchEmail, benchPassword); err != nil {
		return fmt.Errorf("%w (server log: %s)", err, srv.log)
	}
	pages := []struct{ name, path string }{
		{"overview", "/w/bench/"},
		{"creators list, first page", "/w/bench/creators"},
		{"creators search + sort by GMV", "/w/bench/creators?sort=gmv&q=a"},
	}
	// One request each first, so a missing route fails at once with its status.
	for _, p := range pages {
		code, _, err := l.get(p.path)
		if err != nil {
			return fmt.Errorf("GET %s: %w (server log: %s)", p.path, err, srv.log)
		}
		if code != http.StatusOK {
			return fmt.Errorf("GET %s signed in as %s answered %d %s, want 200 (server log: %s)", p.path, benchEmail, code, http.StatusText(code), srv.log)
		}
	}

	fmt.Fprintf(os.Stderr, "load: %d clients, %s warm-up and %s measured per phase…\n", *clients, *warmup, *duration)
	var results []*phase
	for _, p := range append([]struct{ name, path string }{{"(reference)", "/healthz"}}, pages...) {
		l.load(p.path, *clients, *warmup)
		cpu, cpuErr := srv.cpuTime()
		r := l.load(p.path, *clients, *duration)
		r.name, r.path = p.name, p.path
		if after, err := srv.cpuTime(); err == nil && cpuErr == nil {
			r.serverCPU = after - cpu
		}
		fmt.Fprintf(os.Stderr, "  GET %s: %.0f req/s, p95 %.1f ms, %d not 200\n", p.path, r.perSecond(), ms(percentile(r.lat, 95)), r.errors())
		results = append(results, r)
	}
	rss, rssErr := srv.peakRSS()
	if err := srv.stop(); err != nil {
		fmt.Fprintf(os.Stderr, "bench: stopping the server: %v (log: %s)\n", err, srv.log)
	}

	fmt.Printf("Machine: %d cores (%s), %s %s/%s; server peak RSS (VmHWM) ", runtime.NumCPU(), cpuModel(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if rssErr != nil {
		fmt.Printf("unknown: %v\n\n", rssErr)
	} else {
		fmt.Printf("%d MiB\n\n", rss/1024)
	}
	fmt.Printf("| %d clients on loopback, %s a phase, %d-line SQLite workspace | requests | req/s | p50 | p95 | p99 | max | page | server CPU a request | non-200 | p95 < 100 ms |\n", *clients, *duration, total)
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	var failed []string
	for i, p := range results {
		verdict := "(reference)"
		if i > 0 {
			verdict = "**PASS**"
			if percentile(p.lat, 95) >= targetP95 || p.errors() > 0 {
				verdict = "**FAIL**"
			}
		}
		size := "—"
		switch {
		case p.ok > 0 && p.bytes < 1024*int64(p.ok):
			size = fmt.Sprintf("%d B", p.bytes/int64(p.ok))
		case p.ok > 0:
			size = fmt.Sprintf("%.1f KiB", float64(p.bytes)/float64(p.ok)/1024)
		}
		cpu := "—"
		if p.serverCPU > 0 {
			cpu = fmt.Sprintf("%.2f ms", ms(p.serverCPU)/float64(p.requests()))
		}
		fmt.Printf("| GET `%s` %s | %d | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %s | %s | %d | %s |\n",
			p.path, p.name, p.requests(), p.perSecond(), ms(percentile(p.lat, 50)), ms(percentile(p.lat, 95)),
			ms(percentile(p.lat, 99)), ms(slices.Max(p.lat)), size, cpu, p.errors(), verdict)
		if p.errors() > 0 {
			failed = append(failed, fmt.Sprintf("GET %s: %s", p.path, p.problems()))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("requests that did not answer 200 (server log: %s):\n  %s", srv.log, strings.Join(failed, "\n  "))
	}
	return nil
}

// createBenchUser adds the account the benchmark signs in with, owner of workspace bench.
func createBenchUser(bin, db string) error {
	_, err := timed(bin, []string{"--db", db, "user", "create", "--email", benchEmail, "--password-stdin",
		"--workspace", "bench", "--role", "owner"}, benchPassword+"\n")
	return err
}

// signIn posts the sign-in form and keeps the session cookie for every later request.
func (l *loader) signIn(email, password string) error {
	resp, err := l.client.PostForm(l.base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return fmt.Errorf("signing in: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie && c.Value != "" {
			l.cookie = &http.Cookie{Name: c.Name, Value: c.Value}
			return nil
		}
	}
	if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed {
		return fmt.Errorf("POST /login answered %s: this server has no sign-in page yet", resp.Status)
	}
	return fmt.Errorf("POST /login as %s answered %s with no %s cookie", email, resp.Status, sessionCookie)
}

// cpuModel names the processor, for the machine line of the report.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.Lines(string(b)) {
		if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown CPU"
}
