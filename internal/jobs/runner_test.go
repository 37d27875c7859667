package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// deadline bounds every wait of these tests: generous, since a loaded CI machine is slow, and
// never an assertion about speed.
const deadline = 2 * time.Minute

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// clock is a test clock that moves only when told.
type clock struct{ at atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.at.Store(time.Now().Truncate(time.Second).Add(time.Second).UnixNano())
	return c
}

func (c *clock) Now() time.Time               { return time.Unix(0, c.at.Load()) }
func (c *clock) Advance(d time.Duration)      { c.at.Add(int64(d)) }
func (c *clock) At(d time.Duration) time.Time { return c.Now().Add(d) }

// start runs r until the test ends or stop is called, and returns stop, which waits for Run.
func start(t *testing.T, r *jobs.Runner) (stop func()) {
	t.Helper()
	if r.Logger == nil {
		r.Logger = quietLogger()
	}
	if r.Poll == 0 {
		r.Poll = 5 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(deadline):
				t.Errorf("Run did not return within %s of its stop", deadline)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// waitFor polls cond until it holds, and fails the test at the deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func job(t *testing.T, s *store.Store, id int64) *store.Job {
	t.Helper()
	j, err := s.Job(context.Background(), 0, id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func enqueue(t *testing.T, s *store.Store, spec store.JobSpec) int64 {
	t.Helper()
	id, _, err := s.EnqueueJob(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func statusIs(t *testing.T, s *store.Store, id int64, status string) func() bool {
	return func() bool { return job(t, s, id).Status == status }
}

func TestRunnerCompletes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clk := newClock()
		var mu sync.Mutex
		seen := map[string]bool{}
		r := &jobs.Runner{Store: s, Now: clk.Now, Handlers: map[string]jobs.Handler{
			"greet": func(ctx context.Context, j *store.Job) error {
				var p struct{ Name string }
				if err := j.DecodePayload(&p); err != nil {
					return jobs.Permanent(err)
				}
				mu.Lock()
				seen[p.Name] = true
				mu.Unlock()
				return nil
			},
		}}
		ids := []int64{
			enqueue(t, s, store.JobSpec{Kind: "greet", Payload: map[string]string{"Name": "ana"}, RunAt: clk.Now()}),
			enqueue(t, s, store.JobSpec{Kind: "greet", Payload: map[string]string{"Name": "bo"}, RunAt: clk.Now()}),
		}
		later := enqueue(t, s, store.JobSpec{Kind: "greet", Payload: map[string]string{"Name": "cy"}, RunAt: clk.At(time.Hour)})
		unknown := enqueue(t, s, store.JobSpec{Kind: "nobody-handles-this", RunAt: clk.Now()})
		start(t, r)
		for _, id := range ids {
			waitFor(t, fmt.Sprintf("job %d done", id), statusIs(t, s, id, store.JobDone))
		}
		if j := job(t, s, later); j.Status != store.JobQueued {
			t.Fatalf("a job due in an hour ran: %+v", j)
		}
		clk.Advance(time.Hour)
		waitFor(t, "the later job done", statusIs(t, s, later, store.JobDone))
		if j := job(t, s, unknown); j.Status != store.JobQueued || j.Attempts != 0 {
			t.Fatalf("a job of a kind without a handler was claimed: %+v", j)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(seen) != 3 {
			t.Fatalf("handled %v", seen)
		}
	})
}

func TestRunnerRetriesThenDead(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clk := newClock()
		var calls atomic.Int32
		var backoffs []int
		var mu sync.Mutex
		r := &jobs.Runner{Store: s, Now: clk.Now,
			Backoff: func(attempt int) time.Duration {
				mu.Lock()
				backoffs = append(backoffs, attempt)
				mu.Unlock()
				return time.Duration(attempt) * time.Minute
			},
			Handlers: map[string]jobs.Handler{
				"flaky": func(ctx context.Context, j *store.Job) error {
					calls.Add(1)
					return fmt.Errorf("platform answered 503 (attempt %d)", j.Attempts)
				},
				"gone": func(ctx context.Context, j *store.Job) error {
					return jobs.Permanent(errors.New("the shop was disconnected"))
				},
			}}
		flaky := enqueue(t, s, store.JobSpec{Kind: "flaky", MaxAttempts: 3, RunAt: clk.Now()})
		gone := enqueue(t, s, store.JobSpec{Kind: "gone", RunAt: clk.Now()})
		start(t, r)
		waitFor(t, "the permanent failure", statusIs(t, s, gone, store.JobDead))
		if j := job(t, s, gone); j.Attempts != 1 || j.LastError != "the shop was disconnected" {
			t.Fatalf("permanently failed job %+v", j)
		}
		for attempt := 1; attempt < 3; attempt++ {
			waitFor(t, fmt.Sprintf("attempt %d failed", attempt), func() bool {
				j := job(t, s, flaky)
				return j.Status == store.JobQueued && j.Attempts == attempt
			})
			j := job(t, s, flaky)
			if want := clk.At(time.Duration(attempt) * time.Minute); !j.RunAt.Equal(want) || !strings.Contains(j.LastError, fmt.Sprintf("attempt %d", attempt)) {
				t.Fatalf("after attempt %d: run at %s (want %s), last error %q", attempt, j.RunAt, want, j.LastError)
			}
			clk.Advance(time.Duration(attempt) * time.Minute)
		}
		waitFor(t, "the job dead", statusIs(t, s, flaky, store.JobDead))
		if j := job(t, s, flaky); j.Attempts != 3 || j.LastError != "platform answered 503 (attempt 3)" {
			t.Fatalf("dead job %+v", j)
		}
		if calls.Load() != 3 {
			t.Fatalf("handler called %d times, want 3", calls.Load())
		}
		mu.Lock()
		defer mu.Unlock()
		if fmt.Sprint(backoffs) != "[1 2]" {
			t.Fatalf("backoff asked for attempts %v, want [1 2]", backoffs)
		}
	})
}

func TestRunnerRecoversPanics(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clk := newClock()
		r := &jobs.Runner{Store: s, Now: clk.Now, Concurrency: 1, Handlers: map[string]jobs.Handler{
			"boom": func(ctx context.Context, j *store.Job) error {
				var m map[string]int
				m["x"] = 1 // a nil map: a real runtime panic
				return nil
			},
			"fine": func(ctx context.Context, j *store.Job) error { return nil },
		}}
		boom := enqueue(t, s, store.JobSpec{Kind: "boom", MaxAttempts: 1, RunAt: clk.At(-time.Minute)})
		fine := enqueue(t, s, store.JobSpec{Kind: "fine", RunAt: clk.Now()})
		start(t, r)
		waitFor(t, "the panicking job dead", statusIs(t, s, boom, store.JobDead))
		if j := job(t, s, boom); !strings.Contains(j.LastError, "panic: assignment to entry in nil map") {
			t.Fatalf("last error %q", j.LastError)
		}
		waitFor(t, "the next job done by the same runner", statusIs(t, s, fine, store.JobDone))
	})
}

func TestRunnerLeaseLostCancelsHandler(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clk := newClock()
		started := make(chan struct{})
		cause := make(chan error, 1)
		r := &jobs.Runner{Store: s, Now: clk.Now, Lease: 30 * time.Second, Heartbeat: 10 * time.Millisecond, Handlers: map[string]jobs.Handler{
			"slow": func(ctx context.Context, j *store.Job) error {
				close(started)
				<-ctx.Done()
				cause <- ctx.Err()
				return ctx.Err()
			},
		}}
		id := enqueue(t, s, store.JobSpec{Kind: "slow", RunAt: clk.Now()})
		start(t, r)
		<-started
		// The runner's clock stands still, so its heartbeats hold the lease to now+30 s; a
		// worker whose clock is past that takes the job over, as after a long pause.
		taken, err := s.ClaimJobs(context.Background(), "thief", []string{"slow"}, 1, time.Minute, clk.At(31*time.Second))
		if err != nil || len(taken) != 1 || taken[0].ID != id {
			t.Fatalf("takeover = %v, %v", taken, err)
		}
		select {
		case err := <-cause:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("handler context ended with %v", err)
			}
		case <-time.After(deadline):
			t.Fatal("the handler was not cancelled after its lease was lost")
		}
		// The runner leaves the job to its new holder.
		waitFor(t, "the runner to let go", func() bool {
			j := job(t, s, id)
			return j.Status == store.JobRunning && j.LockedBy == "thief"
		})
		if err := s.CompleteJob(context.Background(), taken[0], clk.Now()); err != nil {
			t.Fatalf("the new holder cannot complete: %v", err)
		}
	})
}

func TestRunnerGracefulStop(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		t.Run("finishes running jobs", func(t *testing.T) {
			clk := newClock()
			started, release := make(chan struct{}), make(chan struct{})
			var finished atomic.Bool
			r := &jobs.Runner{Store: s, Now: clk.Now, Grace: deadline, Handlers: map[string]jobs.Handler{
				"finish": func(ctx context.Context, j *store.Job) error {
					close(started)
					<-release
					finished.Store(true)
					return ctx.Err() // nil: stopping does not cancel a handler within the grace
				},
			}}
			id := enqueue(t, s, store.JobSpec{Kind: "finish", RunAt: clk.Now()})
			stop := start(t, r)
			<-started
			stopped := make(chan struct{})
			go func() { stop(); close(stopped) }()
			select {
			case <-stopped:
				t.Fatal("Run returned while a handler was running")
			case <-time.After(20 * time.Millisecond):
			}
			close(release)
			<-stopped
			if !finished.Load() {
				t.Fatal("Run returned before its handler finished")
			}
			if j := job(t, s, id); j.Status != store.JobDone {
				t.Fatalf("after a graceful stop: %+v", j)
			}
		})
		t.Run("hands back what outlives the grace", func(t *testing.T) {
			clk := newClock()
			started := make(chan struct{})
			r := &jobs.Runner{Store: s, Now: clk.Now, Grace: time.Millisecond, Handlers: map[string]jobs.Handler{
				"endless": func(ctx context.Context, j *store.Job) error {
					close(started)
					<-ctx.Done()
					return ctx.Err()
				},
			}}
			id := enqueue(t, s, store.JobSpec{Kind: "endless", RunAt: clk.Now()})
			stop := start(t, r)
			<-started
			stop()
			if j := job(t, s, id); j.Status != store.JobQueued || j.Attempts != 0 || j.LastError != "" {
				t.Fatalf("after the grace ran out: %+v; want it queued again, the attempt not counted", j)
			}
		})
	})
}

func TestRunnerSchedule(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clk := newClock()
		var runs atomic.Int32
		r := &jobs.Runner{Store: s, Now: clk.Now, Handlers: map[string]jobs.Handler{
			"sweep": func(ctx context.Context, j *store.Job) error { runs.Add(1); return nil },
		}}
		r.Schedule("sweep", "tokens", 10*time.Minute)
		start(t, r)
		waitFor(t, "the first run", func() bool { return runs.Load() == 1 })
		queued := func() []*store.Job {
			js, err := s.Jobs(context.Background(), store.JobFilter{Kind: "sweep", Status: store.JobQueued})
			if err != nil {
				t.Fatal(err)
			}
			return js
		}
		waitFor(t, "the next run queued", func() bool { return len(queued()) == 1 })
		if next := queued()[0]; next.UniqueKey != "tokens" || next.Every != 10*time.Minute || next.RunAt.Before(clk.At(10*time.Minute)) {
			t.Fatalf("next run %+v", next)
		}
		clk.Advance(10*time.Minute + time.Second)
		waitFor(t, "the second run", func() bool { return runs.Load() == 2 })

		// A second runner starting (another server, a restart) does not start a second chain.
		logs := &syncBuffer{}
		r2 := &jobs.Runner{Store: s, Now: clk.Now, Handlers: r.Handlers, Logger: slog.New(slog.NewTextHandler(logs, nil))}
		r2.Schedule("sweep", "tokens", 10*time.Minute)
		start(t, r2)
		waitFor(t, "the second runner started", func() bool { return strings.Contains(logs.String(), "runner started") })
		waitFor(t, "the third run queued", func() bool { return len(queued()) == 1 })
		if n := len(queued()); n != 1 {
			t.Fatalf("%d queued runs of one schedule", n)
		}
	})
}

// syncBuffer collects a runner's log lines for a test to read while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestRunnersNeverOverlap runs 500 jobs on two runners of four workers each, each runner on
// its own connection pools to one database, as two servers would be, and checks no job runs
// twice at once and each runs exactly once.
func TestRunnersNeverOverlap(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, engine)
			servers := make([]*store.Store, 2)
			for i := range servers {
				s, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				if _, err := s.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				servers[i] = s
			}
			const n = 500
			ids := make([]int64, n)
			for i := range ids {
				ids[i] = enqueue(t, servers[i%2], store.JobSpec{Kind: "work", Payload: map[string]int{"i": i}})
			}
			var active sync.Map
			var mu sync.Mutex
			ran := map[int64]int{}
			byWorker := map[string]int{}
			handler := func(worker string) jobs.Handler {
				return func(ctx context.Context, j *store.Job) error {
					if _, twice := active.LoadOrStore(j.ID, worker); twice {
						t.Errorf("job %d runs on two workers at once", j.ID)
					}
					time.Sleep(time.Duration(rand.IntN(500)) * time.Microsecond)
					active.Delete(j.ID)
					mu.Lock()
					ran[j.ID]++
					byWorker[worker]++
					mu.Unlock()
					return nil
				}
			}
			for i, s := range servers {
				w := fmt.Sprintf("server-%d", i)
				start(t, &jobs.Runner{Store: s, Worker: w, Concurrency: 4, Poll: 2 * time.Millisecond,
					Handlers: map[string]jobs.Handler{"work": handler(w)}})
			}
			waitFor(t, "every job done", func() bool {
				js, err := servers[0].Jobs(ctx, store.JobFilter{Status: store.JobDone, Limit: 500})
				if err != nil {
					t.Fatal(err)
				}
				return len(js) == n
			})
			mu.Lock()
			defer mu.Unlock()
			for _, id := range ids {
				if ran[id] != 1 {
					t.Errorf("job %d ran %d times", id, ran[id])
				}
			}
			t.Logf("jobs per runner: %v", byWorker)
		})
	}
}
