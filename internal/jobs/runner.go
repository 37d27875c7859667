package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// Runner claims jobs of the kinds it has handlers for and runs them, Concurrency at a time.
// Zero fields take the defaults noted; set them before Run.
type Runner struct {
	Store *store.Store
	// Worker names this runner in locked_by; it must differ between runners sharing a
	// database. Default: host-pid-random.
	Worker      string
	Handlers    map[string]Handler
	Poll        time.Duration // how often an idle runner looks for due jobs; default 1 s
	Concurrency int           // jobs run at once; default 4
	Lease       time.Duration // how long a claim holds without a heartbeat; default 1 min
	Heartbeat   time.Duration // how often a running job's lease is extended; default Lease/3
	// Backoff is the wait before retrying after the attempt-th failed attempt; default
	// DefaultBackoff.
	Backoff func(attempt int) time.Duration
	// Grace is how long Run, once its context is cancelled, lets running handlers finish
	// before it cancels them and hands their jobs back; default 10 s.
	Grace time.Duration
	// Retention is how long finished jobs are kept before they are deleted; default 7 days,
	// negative to keep them all.
	Retention time.Duration
	Logger    *slog.Logger
	Now       func() time.Time // the clock; default time.Now

	schedules []store.JobSpec
}

// Schedule makes a job of kind with uniqueKey run every period, starting when Run starts:
// for work of the whole installation, such as a token refresh sweep. Each run queues the next
// when it ends, in the database, so any server may run it and a restart does not start a
// second chain. A job queued this way keeps the period it was queued with; per-object
// schedules (a shop's sync) are queued with store.JobSpec.Every instead.
func (r *Runner) Schedule(kind, uniqueKey string, every time.Duration) {
	r.schedules = append(r.schedules, store.JobSpec{Kind: kind, UniqueKey: uniqueKey, Every: every})
}

// Handle makes h run the jobs of kind.
func (r *Runner) Handle(kind string, h Handler) {
	if r.Handlers == nil {
		r.Handlers = map[string]Handler{}
	}
	r.Handlers[kind] = h
}

// Every runs fn every period as one chain for the whole installation (its unique key is its
// kind), so several servers never run it at once: the sweeps and refreshes that take no job
// payload.
func (r *Runner) Every(kind string, every time.Duration, fn func(context.Context) error) {
	r.Handle(kind, func(ctx context.Context, _ *store.Job) error { return fn(ctx) })
	r.Schedule(kind, kind, every)
}

// errLeaseLost is the cause of a handler's context when its job was taken over.
var errLeaseLost = errors.New("jobs: the job's lease was lost")

// Run claims and runs jobs until ctx is cancelled, then stops gracefully: it claims no more,
// waits up to Grace for running handlers, cancels the rest and hands their jobs back to the
// queue. It returns nil after a graceful stop.
func (r *Runner) Run(ctx context.Context) error {
	if err := r.setDefaults(); err != nil {
		return err
	}
	kinds := make([]string, 0, len(r.Handlers))
	for k := range r.Handlers {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, spec := range r.schedules {
		spec.RunAt = r.Now()
		if _, _, err := r.Store.EnqueueJob(ctx, spec); err != nil {
			if ctx.Err() != nil {
				return nil // stopped while starting
			}
			return fmt.Errorf("jobs: unable to schedule %s every %s: %w", spec.Kind, spec.Every, err)
		}
	}
	r.Logger.Info("jobs: runner started", "worker", r.Worker, "kinds", kinds, "concurrency", r.Concurrency)

	// Handlers outlive ctx by up to Grace: stopping must not interrupt a job half-way.
	handlerCtx, cancelHandlers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelHandlers()
	finished := make(chan struct{}, r.Concurrency)
	var wg sync.WaitGroup
	running := 0
	var lastPrune time.Time
	for ctx.Err() == nil {
		if free := r.Concurrency - running; free > 0 {
			// Not cancelled with ctx: a claim committed but not returned would leave its jobs
			// waiting for their lease to run out.
			cctx, ccancel := context.WithTimeout(context.WithoutCancel(ctx), r.Lease)
			jobs, err := r.Store.ClaimJobs(cctx, r.Worker, kinds, free, r.Lease, r.Now())
			ccancel()
			if err != nil {
				r.Logger.Warn("jobs: unable to claim", "worker", r.Worker, "err", err)
			}
			for _, j := range jobs {
				running++
				wg.Go(func() {
					r.work(handlerCtx, j)
					finished <- struct{}{}
				})
			}
		}
		if time.Since(lastPrune) > time.Hour {
			lastPrune = time.Now()
			r.prune(ctx)
		}
		select {
		case <-ctx.Done():
		case <-finished:
			running--
		case <-time.After(r.Poll):
		}
	}

	r.Logger.Info("jobs: runner stopping", "worker", r.Worker, "running", running)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(r.Grace):
		cancelHandlers()
		<-done
	}
	return nil
}

func (r *Runner) setDefaults() error {
	if r.Store == nil || len(r.Handlers) == 0 {
		return errors.New("jobs: a runner needs a store and at least one handler")
	}
	if r.Worker == "" {
		host, _ := os.Hostname()
		b := make([]byte, 3)
		rand.Read(b)
		r.Worker = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
	}
	if r.Poll <= 0 {
		r.Poll = time.Second
	}
	if r.Concurrency <= 0 {
		r.Concurrency = 4
	}
	if r.Lease <= 0 {
		r.Lease = time.Minute
	}
	if r.Lease < time.Second {
		return fmt.Errorf("jobs: a lease of %s is shorter than the database's 1 s resolution", r.Lease)
	}
	if r.Heartbeat <= 0 || r.Heartbeat >= r.Lease {
		r.Heartbeat = r.Lease / 3
	}
	if r.Backoff == nil {
		r.Backoff = DefaultBackoff
	}
	if r.Grace <= 0 {
		r.Grace = 10 * time.Second
	}
	if r.Retention == 0 {
		r.Retention = 7 * 24 * time.Hour
	}
	if r.Logger == nil {
		r.Logger = slog.Default()
	}
	if r.Now == nil {
		r.Now = time.Now
	}
	return nil
}

// work runs one claimed job and records its outcome. handlerCtx is cancelled only when a
// stopping runner's grace is over.
func (r *Runner) work(handlerCtx context.Context, j *store.Job) {
	log := r.Logger.With("job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "worker", r.Worker)
	ctx, cancel := context.WithCancelCause(handlerCtx)
	defer cancel(nil)
	stopBeat, beatDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(beatDone)
		r.heartbeat(ctx, j, cancel, stopBeat, log)
	}()
	err := r.call(ctx, j, log)
	close(stopBeat)
	<-beatDone

	if errors.Is(context.Cause(ctx), errLeaseLost) {
		log.Warn("jobs: lease lost while running; another worker may run the job again", "err", err)
		return
	}
	// The outcome is written even while stopping: it is what the stop waited for.
	wctx, wcancel := context.WithTimeout(context.WithoutCancel(handlerCtx), r.Lease)
	defer wcancel()
	now := r.Now()
	switch {
	case err == nil:
		err = r.Store.CompleteJob(wctx, j, now)
	case handlerCtx.Err() != nil:
		log.Info("jobs: stopped before the job finished; handing it back", "err", err)
		err = r.Store.ReleaseJob(wctx, j, now)
	default:
		var retryAt time.Time // zero: dead at once
		switch {
		case IsPermanent(err):
		case j.Attempts >= j.MaxAttempts:
			retryAt = now // the store buries it: no backoff to compute
		default:
			retryAt = now.Add(r.Backoff(j.Attempts))
		}
		cause := err
		var dead bool
		if dead, err = r.Store.FailJob(wctx, j, cause, retryAt, now); err == nil {
			if dead {
				log.Error("jobs: job is dead", "err", cause, "permanent", IsPermanent(cause))
			} else {
				log.Warn("jobs: attempt failed; retrying", "err", cause, "retry_at", retryAt)
			}
		}
	}
	if err != nil {
		log.Error("jobs: unable to record the outcome; the job runs again when its lease ends", "err", err)
	}
}

// call runs the handler, turning a panic into an error so one bad job does not stop the runner.
func (r *Runner) call(ctx context.Context, j *store.Job, log *slog.Logger) (err error) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("jobs: handler panicked", "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return r.Handlers[j.Kind](ctx, j)
}

// heartbeat extends the job's lease every Heartbeat until stop is closed, and cancels the
// handler when the lease is lost: taken by another worker, or run out while the database did
// not answer.
func (r *Runner) heartbeat(ctx context.Context, j *store.Job, cancel context.CancelCauseFunc, stop <-chan struct{}, log *slog.Logger) {
	t := time.NewTicker(r.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		ectx, ecancel := context.WithTimeout(context.WithoutCancel(ctx), r.Heartbeat)
		err := r.Store.ExtendLease(ectx, j, r.Lease, r.Now())
		ecancel()
		switch {
		case errors.Is(err, store.ErrLeaseLost):
			cancel(errLeaseLost)
			return
		case err != nil && !r.Now().Before(j.LockedUntil):
			log.Error("jobs: unable to extend the lease before it ran out", "err", err)
			cancel(errLeaseLost)
			return
		case err != nil:
			log.Warn("jobs: unable to extend the lease; trying again", "err", err)
		}
	}
}

// prune deletes finished jobs older than Retention.
func (r *Runner) prune(ctx context.Context) {
	if r.Retention < 0 {
		return
	}
	n, err := r.Store.PruneJobs(ctx, r.Now().Add(-r.Retention))
	if err != nil {
		r.Logger.Warn("jobs: unable to prune finished jobs", "err", err)
	} else if n > 0 {
		r.Logger.Info("jobs: pruned finished jobs", "count", n, "older_than", r.Retention)
	}
}
