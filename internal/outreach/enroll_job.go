package outreach

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/store"
)

// EnrollJobChunk is how many creators a background enrollment enrolls per transaction: each
// chunk commits its progress, so a job taken over after a crash redoes at most one chunk's
// reading, never its writes.
const EnrollJobChunk = 1000

// EnrollJobs runs the outreach.enroll jobs: "Enroll all matching" from the Directory, in
// the background (store.StartEnrollJob queues them).
type EnrollJobs struct {
	Store  *store.Store
	Logger *slog.Logger
	Chunk  int // creators per transaction; EnrollJobChunk when 0

	// afterChunk, when set (tests), runs after each committed chunk: a test cancels the
	// context there to interrupt the job between chunks.
	afterChunk func()
}

// RegisterEnroll makes r run the background enrollments.
func RegisterEnroll(r *jobs.Runner, s *store.Store, log *slog.Logger) {
	e := &EnrollJobs{Store: s, Logger: log}
	r.Handle(store.EnrollJobKind, e.Run)
}

// Run does one attempt of a background enrollment: it resumes after the last committed
// chunk, so an attempt after a crash or a stop goes on where the last one stopped. An
// archived sequence, a sequence left without steps or a payload it cannot read ends the job
// (failed, with the reason on its page); other errors are retried, and the job is marked
// failed when its last attempt fails.
func (e *EnrollJobs) Run(ctx context.Context, job *store.Job) error {
	var p store.EnrollJobPayload
	if err := job.DecodePayload(&p); err != nil || p.EnrollJob == 0 {
		return jobs.Permanent(fmt.Errorf("outreach.enroll: unreadable payload %s", job.Payload))
	}
	j, err := e.Store.EnrollJob(ctx, job.WorkspaceID, p.EnrollJob)
	if errors.Is(err, store.ErrNotFound) {
		return jobs.Permanent(fmt.Errorf("outreach.enroll: enrollment job %d of workspace %d is gone", p.EnrollJob, job.WorkspaceID))
	}
	if err != nil {
		return err
	}
	chunk := e.Chunk
	if chunk <= 0 {
		chunk = EnrollJobChunk
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		finished, err := e.Store.EnrollJobStep(ctx, j, chunk)
		if err != nil {
			return e.fail(ctx, job, j, err)
		}
		if finished {
			if e.Logger != nil && j.Status == store.EnrollJobDone {
				e.Logger.Info("outreach: background enrollment done", "enroll_job", j.ID, "sequence", j.SequenceID, "result", j.Result.Summary())
			}
			return nil
		}
		if e.afterChunk != nil {
			e.afterChunk()
		}
	}
}

// fail decides what a failed chunk does to the job: a reason the user must act on ends it,
// anything else is retried until the last attempt.
func (e *EnrollJobs) fail(ctx context.Context, job *store.Job, j *store.EnrollJob, err error) error {
	if ctx.Err() != nil {
		return err // stopped or taken over: the next attempt resumes
	}
	reason, permanent := "", false
	if fe, ok := store.AsFieldError(err); ok {
		reason, permanent = fmt.Sprintf("sequence %q: %s", j.SequenceName, fe.Reason), true
	} else if errors.Is(err, store.ErrNotFound) {
		reason, permanent = "the sequence is gone", true
	} else if job.Attempts >= job.MaxAttempts {
		reason = err.Error()
	}
	if reason == "" {
		return err
	}
	if ferr := e.Store.FailEnrollJob(context.WithoutCancel(ctx), j, reason); ferr != nil {
		return errors.Join(err, ferr)
	}
	if permanent {
		return jobs.Permanent(err)
	}
	return err
}
