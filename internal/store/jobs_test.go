package store_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// jobClock starts at the present (EnqueueJob dates a job without RunAt by the real clock) and
// only moves when a test says.
func jobClock() time.Time { return time.Now().Truncate(time.Second).Add(time.Second) }

func enqueue(t *testing.T, s *store.Store, spec store.JobSpec) int64 {
	t.Helper()
	id, created, err := s.EnqueueJob(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if !created {
		t.Fatalf("EnqueueJob(%+v) found job %d instead of creating one", spec, id)
	}
	return id
}

func claim(t *testing.T, s *store.Store, worker string, n int, at time.Time, kinds ...string) []*store.Job {
	t.Helper()
	jobs, err := s.ClaimJobs(context.Background(), worker, kinds, n, 30*time.Second, at)
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

func jobIDs(jobs []*store.Job) []int64 {
	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	return ids
}

func TestJobEnqueueClaimComplete(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		at := jobClock()
		type payload struct {
			Shop int64 `json:"shop"`
		}
		a := enqueue(t, s, store.JobSpec{WorkspaceID: ws.ID, Kind: "sync", Payload: payload{Shop: 12}, RunAt: at.Add(-time.Minute)})
		b := enqueue(t, s, store.JobSpec{Kind: "sync", RunAt: at})
		later := enqueue(t, s, store.JobSpec{Kind: "sync", RunAt: at.Add(time.Hour)})
		other := enqueue(t, s, store.JobSpec{Kind: "mail", RunAt: at.Add(-time.Hour)})

		got := claim(t, s, "w1", 10, at, "sync")
		if ids := jobIDs(got); len(ids) != 2 || ids[0] != a || ids[1] != b {
			t.Fatalf("claimed %v, want [%d %d] (due sync jobs, oldest first)", ids, a, b)
		}
		j := got[0]
		if j.Status != store.JobRunning || j.Attempts != 1 || j.LockedBy != "w1" || j.WorkspaceID != ws.ID || j.MaxAttempts != store.DefaultMaxAttempts {
			t.Fatalf("claimed job %+v", j)
		}
		if want := at.Add(30 * time.Second); !j.LockedUntil.Equal(want) {
			t.Fatalf("locked until %s, want %s", j.LockedUntil, want)
		}
		var p payload
		if err := j.DecodePayload(&p); err != nil || p.Shop != 12 {
			t.Fatalf("payload %s → %+v, %v", j.Payload, p, err)
		}
		if again := claim(t, s, "w2", 10, at, "sync"); len(again) != 0 {
			t.Fatalf("claimed running jobs again: %v", jobIDs(again))
		}
		if err := s.CompleteJob(ctx, j, at.Add(5*time.Second)); err != nil {
			t.Fatal(err)
		}
		done, err := s.Job(ctx, ws.ID, a)
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != store.JobDone || done.FinishedAt == nil || !done.FinishedAt.Equal(at.Add(5*time.Second)) || !done.LockedUntil.IsZero() {
			t.Fatalf("completed job %+v", done)
		}
		if err := s.CompleteJob(ctx, j, at); !errors.Is(err, store.ErrLeaseLost) {
			t.Fatalf("completing twice: %v, want ErrLeaseLost", err)
		}
		// An hour later, b's lease has run out too: it is taken over.
		if all := claim(t, s, "w1", 10, at.Add(time.Hour)); len(all) != 3 || all[0].ID != other || all[1].ID != b || all[1].Attempts != 2 || all[2].ID != later {
			t.Fatalf("claim of every kind an hour later: %v, want [%d %d %d]", jobIDs(all), other, b, later)
		}
		if _, err := s.ClaimJobs(ctx, "", nil, 1, time.Minute, at); err == nil {
			t.Fatal("claimed without a worker name")
		}
		if _, _, err := s.EnqueueJob(ctx, store.JobSpec{}); err == nil {
			t.Fatal("enqueued a job without a kind")
		}
	})
}

func TestJobUniqueKey(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := jobClock()
		spec := store.JobSpec{Kind: "sync", UniqueKey: "shop:12", RunAt: at.Add(10 * time.Minute)}
		first := enqueue(t, s, spec)
		id, created, err := s.EnqueueJob(ctx, spec)
		if err != nil || created || id != first {
			t.Fatalf("second enqueue = %d, %v, %v; want %d, false", id, created, err, first)
		}
		// The same key under another kind is another job.
		enqueue(t, s, store.JobSpec{Kind: "refresh", UniqueKey: "shop:12"})
		// Asking for it sooner leaves it be, unless expedited; it never moves later.
		for _, c := range []struct {
			runAt    time.Time
			expedite bool
			want     time.Time
		}{
			{at, false, at.Add(10 * time.Minute)},
			{at.Add(time.Minute), true, at.Add(time.Minute)},
			{at.Add(time.Hour), true, at.Add(time.Minute)},
			{at, true, at},
		} {
			spec.RunAt, spec.Expedite = c.runAt, c.expedite
			if id, created, err := s.EnqueueJob(ctx, spec); err != nil || created || id != first {
				t.Fatalf("enqueue %+v = %d, %v, %v", c, id, created, err)
			}
			if j, _ := s.Job(ctx, 0, first); !j.RunAt.Equal(c.want) {
				t.Fatalf("after enqueue %+v: run at %s, want %s", c, j.RunAt, c.want)
			}
		}
		running := claim(t, s, "w1", 1, at, "sync")
		if len(running) != 1 {
			t.Fatalf("claimed %d", len(running))
		}
		if id, created, _ := s.EnqueueJob(ctx, spec); created || id != first {
			t.Fatalf("enqueue while running = %d, %v; want %d, false", id, created, first)
		}
		if err := s.CompleteJob(ctx, running[0], at); err != nil {
			t.Fatal(err)
		}
		if id, created, err := s.EnqueueJob(ctx, spec); err != nil || !created || id == first {
			t.Fatalf("enqueue after completion = %d, %v, %v; want a new job", id, created, err)
		}
	})
}

func TestJobRetryThenDead(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := jobClock()
		id := enqueue(t, s, store.JobSpec{Kind: "sync", MaxAttempts: 3, RunAt: at})
		for attempt := 1; attempt <= 3; attempt++ {
			got := claim(t, s, "w1", 5, at)
			if len(got) != 1 || got[0].ID != id || got[0].Attempts != attempt {
				t.Fatalf("attempt %d: claimed %+v", attempt, got)
			}
			retryAt := at.Add(time.Duration(attempt) * time.Minute)
			dead, err := s.FailJob(ctx, got[0], errors.New("platform said 503 on attempt "+string(rune('0'+attempt))), retryAt, at)
			if err != nil {
				t.Fatal(err)
			}
			if dead != (attempt == 3) {
				t.Fatalf("attempt %d: dead = %v", attempt, dead)
			}
			if attempt < 3 {
				if early := claim(t, s, "w1", 5, retryAt.Add(-time.Second)); len(early) != 0 {
					t.Fatalf("attempt %d: claimed before its backoff ended", attempt)
				}
				j, _ := s.Job(ctx, 0, id)
				if j.Status != store.JobQueued || j.LastError == "" {
					t.Fatalf("after failed attempt %d: %+v", attempt, j)
				}
			}
			at = retryAt
		}
		j, err := s.Job(ctx, 0, id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Status != store.JobDead || j.Attempts != 3 || j.LastError != "platform said 503 on attempt 3" || j.FinishedAt == nil {
			t.Fatalf("dead job %+v", j)
		}
		if again := claim(t, s, "w1", 5, at.Add(24*time.Hour)); len(again) != 0 {
			t.Fatalf("claimed a dead job: %v", jobIDs(again))
		}

		// A permanent error (zero retry time) is dead on its first attempt.
		perm := enqueue(t, s, store.JobSpec{Kind: "sync", RunAt: at})
		got := claim(t, s, "w1", 1, at)
		if dead, err := s.FailJob(ctx, got[0], errors.New("shop disconnected"), time.Time{}, at); err != nil || !dead {
			t.Fatalf("permanent failure: dead %v, %v", dead, err)
		}
		if j, _ := s.Job(ctx, 0, perm); j.Status != store.JobDead || j.Attempts != 1 {
			t.Fatalf("permanently failed job %+v", j)
		}

		// Long errors are kept short.
		enqueue(t, s, store.JobSpec{Kind: "sync", RunAt: at})
		got = claim(t, s, "w1", 1, at)
		s.FailJob(ctx, got[0], errors.New(strings.Repeat("é", 5000)), at, at)
		if j, _ := s.Job(ctx, 0, got[0].ID); len(j.LastError) > 4010 || !strings.HasSuffix(j.LastError, "…") {
			t.Fatalf("last error of %d bytes", len(j.LastError))
		}
	})
}

func TestJobLeaseExpiry(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := jobClock()
		id := enqueue(t, s, store.JobSpec{Kind: "sync", RunAt: at})
		crashed := claim(t, s, "crashed", 1, at)[0]
		if got := claim(t, s, "w2", 1, at.Add(30*time.Second)); len(got) != 0 {
			t.Fatalf("claimed a job whose lease has not run out: %v", jobIDs(got))
		}
		got := claim(t, s, "w2", 1, at.Add(31*time.Second))
		if len(got) != 1 || got[0].ID != id || got[0].Attempts != 2 || got[0].LockedBy != "w2" {
			t.Fatalf("takeover claimed %+v", got)
		}
		for name, err := range map[string]error{
			"extend":   s.ExtendLease(ctx, crashed, time.Minute, at),
			"complete": s.CompleteJob(ctx, crashed, at),
			"release":  s.ReleaseJob(ctx, crashed, at),
		} {
			if !errors.Is(err, store.ErrLeaseLost) {
				t.Errorf("%s by the old worker: %v, want ErrLeaseLost", name, err)
			}
		}
		if _, err := s.FailJob(ctx, crashed, errors.New("late"), at, at); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("fail by the old worker: %v, want ErrLeaseLost", err)
		}
		// A heartbeat keeps the job.
		w2 := got[0]
		if err := s.ExtendLease(ctx, w2, 30*time.Second, at.Add(50*time.Second)); err != nil {
			t.Fatal(err)
		}
		if got := claim(t, s, "w3", 1, at.Add(70*time.Second)); len(got) != 0 {
			t.Fatalf("claimed a job whose lease was extended: %v", jobIDs(got))
		}
		if err := s.CompleteJob(ctx, w2, at.Add(75*time.Second)); err != nil {
			t.Fatal(err)
		}

		// A job whose lease runs out on its last attempt is dead, not retried forever.
		last := enqueue(t, s, store.JobSpec{Kind: "sync", MaxAttempts: 1, RunAt: at})
		claim(t, s, "oom", 1, at)
		if got := claim(t, s, "w2", 1, at.Add(time.Hour)); len(got) != 0 {
			t.Fatalf("claimed an abandoned job on its last attempt: %v", jobIDs(got))
		}
		if j, _ := s.Job(ctx, 0, last); j.Status != store.JobDead || !strings.Contains(j.LastError, "oom") {
			t.Fatalf("abandoned job %+v", j)
		}
	})
}

func TestJobRelease(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := jobClock()
		id := enqueue(t, s, store.JobSpec{Kind: "sync", RunAt: at.Add(-time.Hour)})
		j := claim(t, s, "stopping", 1, at)[0]
		if err := s.ReleaseJob(ctx, j, at); err != nil {
			t.Fatal(err)
		}
		got := claim(t, s, "w2", 1, at)
		if len(got) != 1 || got[0].ID != id || got[0].Attempts != 1 {
			t.Fatalf("after release, claimed %+v; want job %d on attempt 1", got, id)
		}
	})
}

func TestJobRecurring(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		at := jobClock()
		spec := store.JobSpec{WorkspaceID: ws.ID, Kind: "sync", UniqueKey: "shop:1", Payload: map[string]int{"shop": 1}, RunAt: at, Every: 15 * time.Minute, MaxAttempts: 2}
		enqueue(t, s, spec)
		j := claim(t, s, "w1", 1, at)[0]
		if err := s.CompleteJob(ctx, j, at.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if got := claim(t, s, "w1", 1, at.Add(15*time.Minute)); len(got) != 0 {
			t.Fatal("the next run came before its period")
		}
		next := claim(t, s, "w1", 1, at.Add(16*time.Minute))
		if len(next) != 1 || next[0].ID == j.ID || next[0].UniqueKey != "shop:1" || string(next[0].Payload) != `{"shop":1}` ||
			next[0].Every != 15*time.Minute || next[0].WorkspaceID != ws.ID || next[0].MaxAttempts != 2 {
			t.Fatalf("next run %+v", next)
		}
		// A run that dies still leaves the schedule going.
		at = at.Add(16 * time.Minute)
		if dead, err := s.FailJob(ctx, next[0], errors.New("bad"), time.Time{}, at); err != nil || !dead {
			t.Fatal(dead, err)
		}
		third := claim(t, s, "w1", 1, at.Add(15*time.Minute))
		if len(third) != 1 {
			t.Fatal("no run after a dead one")
		}
		// Cancelling stops a running schedule after its current run.
		if n, err := s.CancelJobs(ctx, "sync", "shop:1", "shop disconnected", at); err != nil || n != 1 {
			t.Fatalf("cancel = %d, %v", n, err)
		}
		if err := s.CompleteJob(ctx, third[0], at.Add(15*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if got := claim(t, s, "w1", 5, at.Add(24*time.Hour)); len(got) != 0 {
			t.Fatalf("a cancelled schedule ran again: %v", jobIDs(got))
		}
		// Cancelling a queued job makes it dead at once.
		q := enqueue(t, s, store.JobSpec{Kind: "sync", UniqueKey: "shop:2", Every: time.Minute, RunAt: at})
		if n, err := s.CancelJobs(ctx, "sync", "shop:2", "shop disconnected", at); err != nil || n != 1 {
			t.Fatalf("cancel = %d, %v", n, err)
		}
		if j, _ := s.Job(ctx, 0, q); j.Status != store.JobDead || j.LastError != "cancelled: shop disconnected" {
			t.Fatalf("cancelled job %+v", j)
		}
		if _, _, err := s.EnqueueJob(ctx, store.JobSpec{Kind: "sync", Every: time.Millisecond}); err == nil {
			t.Fatal("enqueued a job repeating every millisecond")
		}
	})
}

func TestJobEnqueueInTransaction(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			testJobEnqueueInTransaction(t, engine)
		})
	}
}

// testJobEnqueueInTransaction opens the caller's transaction on a connection of its own, as the
// store keeps its pools to itself.
func testJobEnqueueInTransaction(t *testing.T, engine string) {
	ctx := context.Background()
	dsn := storetest.DSN(t, engine)
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	driver := map[string]string{"sqlite": "sqlite", "postgres": "pgx"}[engine]
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := jobClock()
	for _, commit := range []bool{false, true} {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.EnqueueJobTx(ctx, tx, store.JobSpec{Kind: "webhook", UniqueKey: "event:1", RunAt: at}); err != nil {
			t.Fatal(err)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback() // the caller's own write failed
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := claim(t, s, "w1", 5, at); len(got) != map[bool]int{false: 0, true: 1}[commit] {
			t.Fatalf("commit %v: claimed %d jobs", commit, len(got))
		}
	}
}

func TestJobsListAndPrune(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		at := jobClock()
		mine := []int64{
			enqueue(t, s, store.JobSpec{WorkspaceID: ws.ID, Kind: "sync", RunAt: at}),
			enqueue(t, s, store.JobSpec{WorkspaceID: ws.ID, Kind: "mail", RunAt: at.Add(time.Hour)}),
			enqueue(t, s, store.JobSpec{WorkspaceID: ws.ID, Kind: "sync", RunAt: at.Add(time.Hour)}),
		}
		theirs := enqueue(t, s, store.JobSpec{WorkspaceID: other.ID, Kind: "sync", RunAt: at.Add(time.Hour)})
		system := enqueue(t, s, store.JobSpec{Kind: "prune", RunAt: at.Add(time.Hour)})
		j := claim(t, s, "w1", 1, at)[0]
		s.CompleteJob(ctx, j, at)

		tests := []struct {
			name string
			f    store.JobFilter
			want []int64
		}{
			{"workspace", store.JobFilter{WorkspaceID: ws.ID}, []int64{mine[2], mine[1], mine[0]}},
			{"kind", store.JobFilter{WorkspaceID: ws.ID, Kind: "sync"}, []int64{mine[2], mine[0]}},
			{"status", store.JobFilter{WorkspaceID: ws.ID, Status: store.JobDone}, []int64{mine[0]}},
			{"page", store.JobFilter{WorkspaceID: ws.ID, BeforeID: mine[2], Limit: 1}, []int64{mine[1]}},
			{"installation", store.JobFilter{}, []int64{system, theirs, mine[2], mine[1], mine[0]}},
		}
		for _, tt := range tests {
			got, err := s.Jobs(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if ids := jobIDs(got); len(ids) != len(tt.want) || (len(ids) > 0 && ids[0] != tt.want[0]) || (len(ids) > 1 && ids[len(ids)-1] != tt.want[len(tt.want)-1]) {
				t.Errorf("%s: %v, want %v", tt.name, ids, tt.want)
			}
		}
		if _, err := s.Jobs(ctx, store.JobFilter{Limit: 501}); err == nil {
			t.Error("listed 501 jobs")
		}
		for _, c := range []struct {
			ws, id int64
			ok     bool
		}{{ws.ID, mine[0], true}, {other.ID, mine[0], false}, {ws.ID, theirs, false}, {0, system, true}, {ws.ID, system, false}, {0, mine[0], false}} {
			_, err := s.Job(ctx, c.ws, c.id)
			if c.ok != (err == nil) || (!c.ok && !errors.Is(err, store.ErrNotFound)) {
				t.Errorf("Job(%d, %d) = %v", c.ws, c.id, err)
			}
		}
		n, err := s.PruneJobs(ctx, at.Add(time.Second))
		if err != nil || n != 1 {
			t.Fatalf("pruned %d, %v; want the one done job", n, err)
		}
		if _, err := s.Job(ctx, ws.ID, mine[0]); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("pruned job still there: %v", err)
		}
	})
}
