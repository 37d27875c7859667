package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/outreach/outreachtest"
)

// The outreach engine's throughput (issue 6, BENCHMARKS.md "Outreach engine (issue 6)"):
// enrollments of a one-step sequence whose sender is the local fake channel (no quota, no
// quiet hours, every day a business day), measured end to end — from the first enrollment
// written to the moment the database records the last delivery as sent. The servers are real
// `creatorops serve` processes delivering over HTTP to the fake this process serves
// (CREATOROPS_OUTREACH_FAKE_URL), so what is measured is what a deployment does: scheduler,
// outbox, dispatcher, channel round trip, results.
//
// On PostgreSQL the same run measures one server and then two servers (two processes, each
// its own pool) on fresh schemas, so the scaling figure compares like with like.

func benchOutreach(args []string) error {
	fs := flag.NewFlagSet("outreach", flag.ExitOnError)
	n := fs.Int("enrollments", 100_000, "creators enrolled (one message each)")
	dir := fs.String("dir", "tmp/bench", "folder for the binary, the database and the server logs")
	db := fs.String("db", "", "SQLite database, emptied first (default DIR/outreach.db)")
	pg := fs.String("pg", "", "PostgreSQL DSN: measure one and two servers on fresh schemas there instead of SQLite")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the (first) server to this file")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up on a phase after this long")
	fs.Parse(args)
	if *n < 1 {
		return errors.New("outreach: want --enrollments ≥ 1")
	}
	workDir(*dir)
	bin, err := buildBinary(*dir)
	if err != nil {
		return fmt.Errorf("building ./cmd/creatorops: %w", err)
	}
	fake := outreachtest.NewFake()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fakeSrv := &http.Server{Handler: outreachtest.NewServer(fake), ReadHeaderTimeout: 10 * time.Second}
	go fakeSrv.Serve(ln)
	defer fakeSrv.Close()
	fakeURL := "http://" + ln.Addr().String()

	var phases []*outreachPhase
	if *pg == "" {
		dsn := *db
		if dsn == "" {
			dsn = filepath.Join(*dir, "outreach.db")
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(dsn + suffix)
		}
		ph, err := runOutreachPhase(bin, dsn, "SQLite", 1, *n, fake, fakeURL, *dir, *profile, *timeout)
		if err != nil {
			return err
		}
		phases = append(phases, ph)
	} else {
		for _, servers := range []int{1, 2} {
			dsn, drop, err := freshPGSchema(*pg)
			if err != nil {
				return fmt.Errorf("making a fresh PostgreSQL schema: %w", err)
			}
			prof := ""
			if servers == 1 {
				prof = *profile
			}
			ph, err := runOutreachPhase(bin, dsn, "PostgreSQL", servers, *n, fake, fakeURL, *dir, prof, *timeout)
			drop()
			if err != nil {
				return err
			}
			phases = append(phases, ph)
		}
	}

	fmt.Printf("## Outreach engine — %d enrollments, one message each (%s, %d CPUs)\n\n", *n, cpuModel(), runtime.NumCPU())
	fmt.Println("| database | servers | enrolled in | last delivery recorded after | messages/s end to end | server CPU | deliveries | duplicates | load before → after |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---|")
	for _, p := range phases {
		fmt.Printf("| %s | %d | %.1f s | %.1f s | **%.0f** | %.1f s | %d | %d | %s → %s |\n", p.engine, p.servers, p.enrolled.Seconds(),
			p.total.Seconds(), float64(p.messages)/p.total.Seconds(), p.cpu.Seconds(), p.deliveries, p.duplicates, p.load0, p.load1)
	}
	fmt.Println()
	verdict := func(ok bool) string {
		if ok {
			return "**PASS**"
		}
		return "**FAIL**"
	}
	if *pg == "" {
		rate := float64(phases[0].messages) / phases[0].total.Seconds()
		fmt.Printf("Target ≥ 2,000 messages/s on SQLite: %.0f — %s\n", rate, verdict(rate >= 2000 && phases[0].duplicates == 0))
	} else {
		one := float64(phases[0].messages) / phases[0].total.Seconds()
		two := float64(phases[1].messages) / phases[1].total.Seconds()
		fmt.Printf("Target two servers ≥ 1.5× one server on PostgreSQL: %.0f / %.0f = %.2f× — %s\n", two, one, two/one,
			verdict(two >= 1.5*one && phases[0].duplicates == 0 && phases[1].duplicates == 0))
	}
	return nil
}

// outreachPhase is what one measured run found.
type outreachPhase struct {
	engine            string
	servers, messages int
	enrolled, total   time.Duration
	cpu               time.Duration // the servers' user+system CPU during the phase
	deliveries        int
	duplicates        int
	load0, load1      string
}

// runOutreachPhase seeds dsn, starts servers serve processes delivering to the fake, enrolls
// every creator and waits until the outbox holds n sent messages.
func runOutreachPhase(bin, dsn, engine string, servers, n int, fake *outreachtest.Fake, fakeURL, dir, profile string, timeout time.Duration) (*outreachPhase, error) {
	ctx := context.Background()
	fake.Reset()
	fmt.Fprintf(os.Stderr, "%s, %d server(s): seeding %d creators…\n", engine, servers, n)
	seed, err := seedOutreach(ctx, dsn, n)
	if err != nil {
		return nil, err
	}
	defer seed.Close()
	os.Setenv(fakeURLEnv, fakeURL)
	var srvs []*server
	defer func() {
		for _, s := range srvs {
			s.stop()
		}
	}()
	for i := range servers {
		prof := ""
		if i == 0 {
			prof = profile
		}
		name := fmt.Sprintf("outreach-%s-%d-of-%d.log", strings.ToLower(engine), i+1, servers)
		s, err := startServer(bin, dsn, filepath.Join(dir, name), prof)
		if err != nil {
			return nil, err
		}
		srvs = append(srvs, s)
	}
	cpu0 := serversCPU(srvs)
	ph := &outreachPhase{engine: engine, servers: servers, messages: n, load0: loadAverage()}
	fmt.Fprintf(os.Stderr, "enrolling %d creators and waiting for %d deliveries…\n", n, n)
	start := time.Now()
	if err := seed.enroll(ctx); err != nil {
		return nil, err
	}
	ph.enrolled = time.Since(start)
	deadline := start.Add(timeout)
	lastLog := start
	for {
		sent, err := seed.sentCount(ctx)
		if err != nil {
			return nil, err
		}
		if sent >= n {
			ph.total = time.Since(start)
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%d of %d messages sent after %s (server logs in %s)", sent, n, timeout, dir)
		}
		if time.Since(lastLog) > 5*time.Second {
			fmt.Fprintf(os.Stderr, "  %d sent after %s\n", sent, time.Since(start).Round(time.Second))
			lastLog = time.Now()
		}
		for _, s := range srvs {
			select {
			case <-s.done:
				return nil, fmt.Errorf("a server exited: %v (log %s)", s.waitErr, s.log)
			default:
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	ph.cpu = serversCPU(srvs) - cpu0
	ph.load1 = loadAverage()
	ph.deliveries = fake.Total()
	ph.duplicates = len(fake.Duplicates())
	for _, s := range srvs {
		if err := s.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "bench: stopping a server: %v (log %s)\n", err, s.log)
		}
	}
	fmt.Fprintf(os.Stderr, "%s, %d server(s): %d messages in %s (%.0f/s)\n", engine, servers, n, ph.total.Round(10*time.Millisecond),
		float64(n)/ph.total.Seconds())
	return ph, nil
}

func serversCPU(srvs []*server) time.Duration {
	var total time.Duration
	for _, s := range srvs {
		if c, err := s.cpuTime(); err == nil {
			total += c
		}
	}
	return total
}
