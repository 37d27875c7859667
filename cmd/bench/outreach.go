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
// On SQLite the sequence is active while the creators are enrolled (a member enrolling a saved
// view): the engine starts on the first thousand while the rest are written. On PostgreSQL
// the same run measures one server and then two servers (two processes, each its own pool)
// on fresh schemas; there the creators are enrolled first, in the sequence still a draft, and
// the engine's time runs from activating it to the last delivery recorded: enrolling is one
// request on one server, the same for one or two, and would hide the engine's scaling. Both
// times are printed, and end to end is their sum.

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
		ph, err := runOutreachPhase(bin, dsn, "SQLite", 1, *n, false, fake, fakeURL, *dir, *profile, *timeout)
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
			ph, err := runOutreachPhase(bin, dsn, "PostgreSQL", servers, *n, true, fake, fakeURL, *dir, prof, *timeout)
			drop()
			if err != nil {
				return err
			}
			phases = append(phases, ph)
		}
	}

	fmt.Printf("## Outreach engine — %d enrollments, one message each (%s, %d CPUs)\n\n", *n, cpuModel(), runtime.NumCPU())
	fmt.Println("| database | servers | enrolling | engine: activation → last delivery recorded | end to end | messages/s end to end | messages/s engine | server CPU | deliveries | duplicates | load before → after |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
	for _, p := range phases {
		engineTime, engineRate := "— (overlapped)", "—"
		if p.enrollFirst {
			engineTime = fmt.Sprintf("%.1f s", p.engineTime.Seconds())
			engineRate = fmt.Sprintf("**%.0f**", p.engineRate())
		}
		fmt.Printf("| %s | %d | %.1f s | %s | %.1f s | **%.0f** | %s | %.1f s | %d | %d | %s → %s |\n", p.engine, p.servers, p.enrolled.Seconds(),
			engineTime, p.total.Seconds(), p.rate(), engineRate, p.cpu.Seconds(), p.deliveries, p.duplicates, p.load0, p.load1)
	}
	fmt.Println()
	for _, p := range phases {
		fmt.Printf("- %s, %d server(s): the machine was busy %.1f s of CPU from activation to the last delivery (servers %.1f s, the rest PostgreSQL, the benchmark's fake channel and other tenants)",
			p.engine, p.servers, p.machine, p.cpu.Seconds())
		if p.writes != nil {
			fmt.Print(";")
			p.writes.print(p.messages)
		} else {
			fmt.Println()
		}
	}
	fmt.Println()
	verdict := func(ok bool) string {
		if ok {
			return "**PASS**"
		}
		return "**FAIL**"
	}
	if *pg == "" {
		rate := phases[0].rate()
		fmt.Printf("Target ≥ 2,000 messages/s on SQLite, end to end: %.0f — %s\n", rate, verdict(rate >= 2000 && phases[0].duplicates == 0))
	} else {
		one, two := phases[0].engineRate(), phases[1].engineRate()
		fmt.Printf("Target two servers ≥ 1.5× one server on PostgreSQL (engine time): %.0f / %.0f = %.2f× — %s\n", two, one, two/one,
			verdict(two >= 1.5*one && phases[0].duplicates == 0 && phases[1].duplicates == 0))
		fmt.Printf("End to end (enrolling + engine): %.0f / %.0f = %.2f×\n", phases[1].rate(), phases[0].rate(), phases[1].rate()/phases[0].rate())
	}
	return nil
}

// outreachPhase is what one measured run found.
type outreachPhase struct {
	engine            string
	servers, messages int
	enrollFirst       bool
	// enrolled is how long enrolling took, engineTime from activating the sequence to the last
	// delivery recorded (enrollFirst only), total from the start of enrolling to it.
	enrolled, engineTime, total time.Duration
	cpu                         time.Duration // the servers' user+system CPU during the phase
	deliveries                  int
	duplicates                  int
	load0, load1                string
	machine                     float64    // seconds of CPU the whole machine was busy from activation on
	writes                      *writeCost // PostgreSQL only
}

func (p *outreachPhase) rate() float64       { return float64(p.messages) / p.total.Seconds() }
func (p *outreachPhase) engineRate() float64 { return float64(p.messages) / p.engineTime.Seconds() }

// runOutreachPhase seeds dsn, starts servers serve processes delivering to the fake, enrolls
// every creator (with enrollFirst, in the draft sequence, then activates it) and waits until
// the outbox holds n sent messages.
func runOutreachPhase(bin, dsn, engine string, servers, n int, enrollFirst bool, fake *outreachtest.Fake, fakeURL, dir, profile string,
	timeout time.Duration) (*outreachPhase, error) {
	ctx := context.Background()
	fake.Reset()
	fmt.Fprintf(os.Stderr, "%s, %d server(s): seeding %d creators…\n", engine, servers, n)
	seed, err := seedOutreach(ctx, dsn, n, !enrollFirst)
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
	// A server starts with its periodic jobs (the CRM refresh scores every creator): let them
	// finish, so the figure is the engine's, not the start-up's.
	settle := time.Now()
	for prev := serversCPU(srvs); time.Since(settle) < time.Minute; {
		time.Sleep(time.Second)
		cur := serversCPU(srvs)
		if cur-prev < 50*time.Millisecond*time.Duration(servers) {
			break
		}
		prev = cur
	}
	fmt.Fprintf(os.Stderr, "servers idle after %s\n", time.Since(settle).Round(time.Second))
	cpu0 := serversCPU(srvs)
	ph := &outreachPhase{engine: engine, servers: servers, messages: n, enrollFirst: enrollFirst, load0: loadAverage()}
	fmt.Fprintf(os.Stderr, "enrolling %d creators and waiting for %d deliveries…\n", n, n)
	start := time.Now()
	busy0 := machineBusy()
	if err := seed.enroll(ctx); err != nil {
		return nil, err
	}
	ph.enrolled = time.Since(start)
	activated := start
	if enrollFirst {
		busy0 = machineBusy()
	}
	var wal0 int64
	if engine == "PostgreSQL" {
		if wal0, err = seed.walPosition(ctx); err != nil {
			return nil, err
		}
	}
	if enrollFirst {
		activated = time.Now()
		if err := seed.activate(ctx); err != nil {
			return nil, err
		}
	}
	deadline := start.Add(timeout)
	lastLog := start
	for {
		for _, s := range srvs {
			select {
			case <-s.done:
				return nil, fmt.Errorf("a server exited: %v (log %s)", s.waitErr, s.log)
			default:
			}
		}
		// The fake's count is free to read; the database is asked (a COUNT over the outbox,
		// which competes with the servers) only once the fake has everything.
		if fake.Total() < n && time.Now().Before(deadline) {
			if time.Since(lastLog) > 5*time.Second {
				fmt.Fprintf(os.Stderr, "  %d delivered after %s\n", fake.Total(), time.Since(start).Round(time.Second))
				lastLog = time.Now()
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		sent, err := seed.sentCount(ctx)
		if err != nil {
			return nil, err
		}
		if sent >= n {
			ph.total, ph.engineTime = time.Since(start), time.Since(activated)
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%d of %d messages sent after %s (server logs in %s)", sent, n, timeout, dir)
		}
		if time.Since(lastLog) > 5*time.Second {
			fmt.Fprintf(os.Stderr, "  %d sent after %s\n", sent, time.Since(start).Round(time.Second))
			lastLog = time.Now()
		}
		time.Sleep(20 * time.Millisecond)
	}
	ph.cpu = serversCPU(srvs) - cpu0
	ph.machine = machineBusy() - busy0
	if engine == "PostgreSQL" {
		wal1, err := seed.walPosition(ctx)
		if err != nil {
			return nil, err
		}
		ph.writes = &writeCost{walBytes: wal1 - wal0}
	}
	ph.load1 = loadAverage()
	ph.deliveries = fake.Total()
	ph.duplicates = len(fake.Duplicates())
	for _, s := range srvs {
		if err := s.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "bench: stopping a server: %v (log %s)\n", err, s.log)
		}
	}
	if ph.writes != nil {
		// Read after the servers stopped: their backends flush their counters when they exit.
		time.Sleep(600 * time.Millisecond)
		if ph.writes.tables, err = seed.tableWrites(ctx); err != nil {
			return nil, err
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
