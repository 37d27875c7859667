// Package jobs runs the durable job queue kept in the database (store.Job): syncs, token
// refreshes, webhook processing, outreach sends. Any number of Runners, in one process or in
// several servers sharing a PostgreSQL database, claim jobs with a lease, so a job runs on one
// worker at a time and is taken over when its worker dies. Delivery is at least once: a job
// whose worker died after its effect but before it was marked done runs again, so handlers
// must be idempotent (docs/jobs.md).
package jobs

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// Handler runs one attempt of a job. Its context is cancelled when the worker loses the job's
// lease (another worker may be running it now) or stops; a handler should then return soon.
// A nil error completes the job; an error is retried after a backoff, unless it is Permanent.
type Handler func(ctx context.Context, job *store.Job) error

// Permanent marks err as not worth retrying (a disconnected shop, a malformed payload): the
// job is dead at once, with err as its last error.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

// IsPermanent reports whether err, or an error it wraps, was marked by Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

type permanentError struct{ err error }

// Error is the wrapped error's message: last_error shows the cause, not the classification.
func (p *permanentError) Error() string { return p.err.Error() }

// Unwrap gives the wrapped error to errors.Is and errors.As.
func (p *permanentError) Unwrap() error { return p.err }

// DefaultBackoff waits 10 s after the first failed attempt and doubles each time up to an hour,
// give or take a tenth so that jobs failing together (a platform outage) do not retry together.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Hour
	if attempt >= 1 && attempt <= 9 {
		d = min(time.Hour, 10*time.Second<<(attempt-1))
	}
	jitter := time.Duration(rand.Int64N(int64(d/5))) - d/10
	return d + jitter
}
