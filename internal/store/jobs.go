package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
)

// Job statuses. A failed attempt that will be retried goes back to JobQueued with its
// last_error kept, so there is no separate "failed" state to leave.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobDead    = "dead" // gave up: attempts exhausted, a permanent error, or cancelled
)

// DefaultMaxAttempts is how often a job runs before it is dead, unless its spec says.
const DefaultMaxAttempts = 10

// maxJobError bounds the last_error kept: a handler may fail with a whole response body.
const maxJobError = 4000

// ErrLeaseLost is returned when a worker reports on a job it no longer holds: its lease ran
// out and another worker claimed the job (or it was finished or cancelled meanwhile).
var ErrLeaseLost = errors.New("store: the job's lease was lost to another worker")

// JobSpec describes a job to enqueue.
type JobSpec struct {
	WorkspaceID int64  // 0 for jobs of the whole installation
	Kind        string // the handler that runs it: "tiktok.sync", "token.refresh"
	// UniqueKey, when set, keeps a second job of the kind with the same key from being queued
	// while one is queued or running: "shop:12". Include every id the key depends on.
	UniqueKey   string
	Payload     any           // marshalled as JSON; nil for {}
	RunAt       time.Time     // zero for now
	MaxAttempts int           // 0 for DefaultMaxAttempts
	Every       time.Duration // > 0 for a recurring job: the next run is queued when one ends
	// Expedite moves the queued job already holding UniqueKey to RunAt if it was due later:
	// "sync now" while the next scheduled sync is a quarter of an hour away.
	Expedite bool
}

// Job is a job as stored. Attempts counts the runs started, including the current one.
type Job struct {
	ID          int64
	WorkspaceID int64
	Kind        string
	UniqueKey   string
	Payload     json.RawMessage
	Status      string
	RunAt       time.Time
	Attempts    int
	MaxAttempts int
	Every       time.Duration
	LastError   string
	LockedBy    string
	LockedUntil time.Time // zero when not running
	CreatedAt   time.Time
	UpdatedAt   time.Time
	FinishedAt  *time.Time
}

// DecodePayload unmarshals the job's payload into v.
func (j *Job) DecodePayload(v any) error {
	if err := json.Unmarshal(j.Payload, v); err != nil {
		return fmt.Errorf("job %d (%s): unable to read its payload: %w", j.ID, j.Kind, err)
	}
	return nil
}

const jobColumns = `id, workspace_id, kind, unique_key, payload, status, run_at, attempts, max_attempts,
	every_seconds, last_error, locked_by, locked_until, created_at, updated_at, finished_at`

func scanJob(row interface{ Scan(...any) error }) (*Job, error) {
	var j Job
	var ws, lockedUntil, finished sql.NullInt64
	var key sql.NullString
	var payload string
	var runAt, every, created, updated int64
	if err := row.Scan(&j.ID, &ws, &j.Kind, &key, &payload, &j.Status, &runAt, &j.Attempts, &j.MaxAttempts,
		&every, &j.LastError, &j.LockedBy, &lockedUntil, &created, &updated, &finished); err != nil {
		return nil, err
	}
	j.WorkspaceID, j.UniqueKey, j.Payload = ws.Int64, key.String, json.RawMessage(payload)
	j.RunAt, j.Every = time.Unix(runAt, 0).UTC(), time.Duration(every)*time.Second
	j.CreatedAt, j.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	if lockedUntil.Valid {
		j.LockedUntil = time.Unix(lockedUntil.Int64, 0).UTC()
	}
	if finished.Valid {
		t := time.Unix(finished.Int64, 0).UTC()
		j.FinishedAt = &t
	}
	return &j, nil
}

// leaseEnd rounds up, so that a lease held in whole seconds never ends before it was asked to.
func leaseEnd(now time.Time, lease time.Duration) int64 {
	ms := now.Add(lease).UnixMilli()
	return (ms + 999) / 1000
}

// EnqueueJob queues a job and returns its id. When spec has a unique key already held by a
// queued or running job of its kind, it returns that job's id and created false, and leaves
// that job as it is unless spec.Expedite.
func (s *Store) EnqueueJob(ctx context.Context, spec JobSpec) (id int64, created bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		id, created, err = s.EnqueueJobTx(ctx, tx, spec)
		return err
	})
	return id, created, err
}

// EnqueueJobTx is EnqueueJob within the caller's transaction, so that a job is queued if and
// only if the write it follows commits (a stored webhook and the job that processes it).
func (s *Store) EnqueueJobTx(ctx context.Context, tx *sql.Tx, spec JobSpec) (id int64, created bool, err error) {
	if spec.Kind == "" {
		return 0, false, fmt.Errorf("store: unable to enqueue a job: no kind")
	}
	if spec.Every < 0 || (spec.Every > 0 && spec.Every < time.Second) {
		return 0, false, fmt.Errorf("store: unable to enqueue %s: repeating every %s (want whole seconds, at least 1s)", spec.Kind, spec.Every)
	}
	payload := []byte("{}")
	if spec.Payload != nil {
		if payload, err = json.Marshal(spec.Payload); err != nil {
			return 0, false, fmt.Errorf("store: unable to enqueue %s: its payload: %w", spec.Kind, err)
		}
	}
	if spec.MaxAttempts <= 0 {
		spec.MaxAttempts = DefaultMaxAttempts
	}
	t := now()
	runAt := t
	if !spec.RunAt.IsZero() {
		runAt = spec.RunAt.Unix()
	}
	var key any
	if spec.UniqueKey != "" {
		key = spec.UniqueKey
	}
	// The unique index only holds queued and running jobs; the job holding the key may finish
	// between the insert and the look-up, and then the insert is tried again.
	for range 3 {
		err := tx.QueryRowContext(ctx, `INSERT INTO jobs (workspace_id, kind, unique_key, payload, status, run_at, max_attempts, every_seconds, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $8)
			ON CONFLICT DO NOTHING RETURNING id`,
			nullID(spec.WorkspaceID), spec.Kind, key, string(payload), runAt, spec.MaxAttempts, int64(spec.Every/time.Second), t).Scan(&id)
		if err == nil {
			return id, true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) || spec.UniqueKey == "" {
			return 0, false, fmt.Errorf("store: unable to enqueue %s: %w", spec.Kind, err)
		}
		err = tx.QueryRowContext(ctx, `SELECT id FROM jobs WHERE kind = $1 AND unique_key = $2 AND status IN ('queued', 'running')`,
			spec.Kind, spec.UniqueKey).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, false, fmt.Errorf("store: unable to find the %s job holding %q: %w", spec.Kind, spec.UniqueKey, err)
		}
		if spec.Expedite {
			if _, err := tx.ExecContext(ctx, `UPDATE jobs SET run_at = $2, updated_at = $3 WHERE id = $1 AND status = 'queued' AND run_at > $2`,
				id, runAt, t); err != nil {
				return 0, false, fmt.Errorf("store: unable to move job %d earlier: %w", id, err)
			}
		}
		return id, false, nil
	}
	return 0, false, fmt.Errorf("store: unable to enqueue %s %q: its key kept changing hands", spec.Kind, spec.UniqueKey)
}

// ClaimJobs takes up to n jobs of the kinds (every kind when empty) for worker, holding each
// for lease: queued jobs due at now, oldest first, and running jobs whose lease ran out (their
// worker died), which count a new attempt. A job whose lease ran out on its last attempt is
// dead instead. Two workers never claim the same job: PostgreSQL skips rows another claim has
// locked, and SQLite runs one writer at a time.
func (s *Store) ClaimJobs(ctx context.Context, worker string, kinds []string, n int, lease time.Duration, now time.Time) ([]*Job, error) {
	if n <= 0 {
		return nil, nil
	}
	if worker == "" || lease < time.Second {
		return nil, fmt.Errorf("store: unable to claim jobs: want a worker name and a lease of at least 1s (got %q, %s)", worker, lease)
	}
	at := now.Unix()
	due, err := s.anyJobDue(ctx, kinds, at)
	if err != nil || !due {
		return nil, err
	}
	where := `((status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3 AND attempts < max_attempts))`
	args := []any{worker, leaseEnd(now, lease), at}
	if len(kinds) > 0 {
		cond, kargs := s.inClause("kind", 4, kinds)
		where += " AND " + cond
		args = append(args, kargs...)
	}
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	q := `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $1, locked_until = $2, updated_at = $3
		WHERE id IN (SELECT id FROM jobs WHERE ` + where + ` ORDER BY run_at, id LIMIT ` + strconv.Itoa(n) + lock + `)
		RETURNING ` + jobColumns
	var jobs []*Job
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.buryAbandoned(ctx, tx, at); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			j, err := scanJob(rows)
			if err != nil {
				return err
			}
			jobs = append(jobs, j)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to claim jobs for %s: %w", worker, err)
	}
	// RETURNING gives rows in no promised order.
	sort.Slice(jobs, func(a, b int) bool {
		if !jobs[a].RunAt.Equal(jobs[b].RunAt) {
			return jobs[a].RunAt.Before(jobs[b].RunAt)
		}
		return jobs[a].ID < jobs[b].ID
	})
	return jobs, nil
}

// anyJobDue looks on the read pool for a job to claim or bury, so that idle runners polling
// every second do not take SQLite's write lock (or PostgreSQL's row locks) for nothing.
func (s *Store) anyJobDue(ctx context.Context, kinds []string, at int64) (bool, error) {
	q := `SELECT 1 FROM jobs WHERE ((status = 'queued' AND run_at <= $1) OR (status = 'running' AND locked_until < $1))`
	args := []any{at}
	if len(kinds) > 0 {
		cond, kargs := s.inClause("kind", 2, kinds)
		q += " AND " + cond
		args = append(args, kargs...)
	}
	var one int
	err := s.read.QueryRowContext(ctx, q+` LIMIT 1`, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: unable to look for due jobs: %w", err)
	}
	return true, nil
}

// buryAbandoned marks dead the running jobs whose lease ran out on their last attempt: a job
// that keeps killing its worker (out of memory, a crash in a driver) must not be retried forever.
func (s *Store) buryAbandoned(ctx context.Context, tx *sql.Tx, at int64) error {
	rows, err := tx.QueryContext(ctx, `UPDATE jobs SET status = 'dead', finished_at = $1, updated_at = $1, locked_until = NULL,
			last_error = 'abandoned: the lease of ' || locked_by || ' ran out on the last attempt (its process stopped or lost the database)'
		WHERE status = 'running' AND locked_until < $1 AND attempts >= max_attempts
		RETURNING `+jobColumns, at)
	if err != nil {
		return err
	}
	var dead []*Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			rows.Close()
			return err
		}
		dead = append(dead, j)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, j := range dead {
		if err := s.queueNextRun(ctx, tx, j, time.Unix(at, 0)); err != nil {
			return err
		}
	}
	return nil
}

// ExtendLease renews the worker's hold on a running job until now+lease, and returns
// ErrLeaseLost when the job is no longer the worker's.
func (s *Store) ExtendLease(ctx context.Context, j *Job, lease time.Duration, now time.Time) error {
	until := leaseEnd(now, lease)
	res, err := s.write.ExecContext(ctx, `UPDATE jobs SET locked_until = $4, updated_at = $5
		WHERE id = $1 AND locked_by = $2 AND attempts = $3 AND status = 'running'`,
		j.ID, j.LockedBy, j.Attempts, until, now.Unix())
	if err := heldRow(res, err); err != nil {
		return fmt.Errorf("store: unable to extend the lease of job %d: %w", j.ID, err)
	}
	j.LockedUntil = time.Unix(until, 0).UTC()
	return nil
}

// CompleteJob marks a claimed job done and, for a recurring job, queues its next run in the
// same transaction, so a schedule survives any crash.
func (s *Store) CompleteJob(ctx context.Context, j *Job, now time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'done', locked_until = NULL, finished_at = $4, updated_at = $4
			WHERE id = $1 AND locked_by = $2 AND attempts = $3 AND status = 'running'`,
			j.ID, j.LockedBy, j.Attempts, now.Unix())
		if err := heldRow(res, err); err != nil {
			return err
		}
		return s.queueNextRun(ctx, tx, j, now)
	})
	if err != nil {
		return fmt.Errorf("store: unable to complete job %d (%s): %w", j.ID, j.Kind, err)
	}
	return nil
}

// FailJob records a failed attempt of a claimed job: it is queued again at retryAt, or is dead
// when retryAt is zero (a permanent error) or its attempts are used up. last_error keeps the
// cause either way. A recurring job that dies still gets its next run.
func (s *Store) FailJob(ctx context.Context, j *Job, cause error, retryAt time.Time, now time.Time) (dead bool, err error) {
	msg := "failed"
	if cause != nil {
		msg = clipError(cause.Error())
	}
	dead = retryAt.IsZero() || j.Attempts >= j.MaxAttempts
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		if dead {
			res, err = tx.ExecContext(ctx, `UPDATE jobs SET status = 'dead', last_error = $4, locked_until = NULL, finished_at = $5, updated_at = $5
				WHERE id = $1 AND locked_by = $2 AND attempts = $3 AND status = 'running'`,
				j.ID, j.LockedBy, j.Attempts, msg, now.Unix())
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE jobs SET status = 'queued', last_error = $4, run_at = $5, locked_until = NULL, updated_at = $6
				WHERE id = $1 AND locked_by = $2 AND attempts = $3 AND status = 'running'`,
				j.ID, j.LockedBy, j.Attempts, msg, retryAt.Unix(), now.Unix())
		}
		if err := heldRow(res, err); err != nil {
			return err
		}
		if dead {
			return s.queueNextRun(ctx, tx, j, now)
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: unable to record the failure of job %d (%s): %w", j.ID, j.Kind, err)
	}
	return dead, nil
}

// ReleaseJob hands a claimed job back without counting the attempt, for a worker that stops
// before the job finished: another worker runs it at once instead of after the lease.
func (s *Store) ReleaseJob(ctx context.Context, j *Job, now time.Time) error {
	res, err := s.write.ExecContext(ctx, `UPDATE jobs SET status = 'queued', attempts = attempts - 1, locked_until = NULL, run_at = $4, updated_at = $4
		WHERE id = $1 AND locked_by = $2 AND attempts = $3 AND status = 'running'`,
		j.ID, j.LockedBy, j.Attempts, now.Unix())
	if err := heldRow(res, err); err != nil {
		return fmt.Errorf("store: unable to release job %d (%s): %w", j.ID, j.Kind, err)
	}
	return nil
}

// CancelJobs stops the jobs of kind holding uniqueKey: a queued one is dead at once, and a
// running one finishes its attempt but does not recur. It returns how many jobs it touched.
func (s *Store) CancelJobs(ctx context.Context, kind, uniqueKey, reason string, now time.Time) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'dead', last_error = $3, finished_at = $4, updated_at = $4
			WHERE kind = $1 AND unique_key = $2 AND status = 'queued'`, kind, uniqueKey, clipError("cancelled: "+reason), now.Unix())
		if err != nil {
			return err
		}
		queued, _ := res.RowsAffected()
		res, err = tx.ExecContext(ctx, `UPDATE jobs SET every_seconds = 0, updated_at = $3
			WHERE kind = $1 AND unique_key = $2 AND status = 'running'`, kind, uniqueKey, now.Unix())
		if err != nil {
			return err
		}
		running, _ := res.RowsAffected()
		n = queued + running
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to cancel the %s jobs %q: %w", kind, uniqueKey, err)
	}
	return n, nil
}

// queueNextRun queues the next run of a recurring job that just ended, every seconds after now.
func (s *Store) queueNextRun(ctx context.Context, tx *sql.Tx, j *Job, now time.Time) error {
	if j.Every <= 0 {
		return nil
	}
	// Cancelling a running job zeroes its period in the row: the copy in j is older.
	var every int64
	if err := tx.QueryRowContext(ctx, `SELECT every_seconds FROM jobs WHERE id = $1`, j.ID).Scan(&every); err != nil || every == 0 {
		return err
	}
	_, _, err := s.EnqueueJobTx(ctx, tx, JobSpec{
		WorkspaceID: j.WorkspaceID, Kind: j.Kind, UniqueKey: j.UniqueKey, Payload: j.Payload,
		RunAt: now.Add(time.Duration(every) * time.Second), MaxAttempts: j.MaxAttempts, Every: time.Duration(every) * time.Second,
	})
	return err
}

// heldRow turns an update of a claimed job that matched no row into ErrLeaseLost.
func heldRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrLeaseLost
	}
	return nil
}

// clipError keeps the start of a long error message, cut on a character boundary.
func clipError(msg string) string {
	if len(msg) <= maxJobError {
		return msg
	}
	cut := maxJobError
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + " …"
}

// JobFilter selects jobs for a listing, newest first.
type JobFilter struct {
	// WorkspaceID limits the list to one workspace's jobs; 0 lists every job, the view of
	// whoever runs the installation, never of a workspace member.
	WorkspaceID int64
	Kind        string // "" for every kind
	Status      string // "" for every status
	BeforeID    int64  // the cursor: only jobs with a smaller id; 0 to start
	Limit       int    // 1…500; 0 for 50
}

// Jobs lists jobs matching f, newest first.
func (s *Store) Jobs(ctx context.Context, f JobFilter) ([]*Job, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > 500 {
		return nil, fmt.Errorf("store: unable to list jobs: limit %d is over 500", f.Limit)
	}
	q := `SELECT ` + jobColumns + ` FROM jobs WHERE 1 = 1`
	var args []any
	arg := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + cond + " $" + strconv.Itoa(len(args))
	}
	if f.WorkspaceID != 0 {
		arg("workspace_id =", f.WorkspaceID)
	}
	if f.Kind != "" {
		arg("kind =", f.Kind)
	}
	if f.Status != "" {
		arg("status =", f.Status)
	}
	if f.BeforeID > 0 {
		arg("id <", f.BeforeID)
	}
	q += ` ORDER BY id DESC LIMIT ` + strconv.Itoa(limit)
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list jobs: %w", err)
	}
	defer rows.Close()
	var jobs []*Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list jobs: %w", err)
		}
		jobs = append(jobs, j)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list jobs: %w", err)
	}
	return jobs, nil
}

// Job returns job id of the workspace (0 for a job of the whole installation), or ErrNotFound.
func (s *Store) Job(ctx context.Context, workspaceID, id int64) (*Job, error) {
	j, err := scanJob(s.read.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs
		WHERE id = $1 AND COALESCE(workspace_id, 0) = $2`, id, workspaceID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch job %d: %w", id, err)
	}
	return j, nil
}

// PruneJobs deletes the jobs that finished (done or dead) before the time, and returns how
// many: a recurring sync leaves a row per run.
func (s *Store) PruneJobs(ctx context.Context, finishedBefore time.Time) (int64, error) {
	res, err := s.write.ExecContext(ctx, `DELETE FROM jobs WHERE status IN ('done', 'dead') AND finished_at < $1`, finishedBefore.Unix())
	if err != nil {
		return 0, fmt.Errorf("store: unable to prune jobs: %w", err)
	}
	return res.RowsAffected()
}
