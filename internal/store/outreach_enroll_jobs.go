package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// EnrollJobKind is the job that enrolls every creator of a directory filter in a sequence in
// the background (internal/outreach): a big directory takes minutes, longer than a request
// may.
const EnrollJobKind = "outreach.enroll"

// EnrollSyncMax is the most creators a request enrolls itself when it enrolls "all matching"
// a filter or a saved view, on the web (the Directory, a sequence's page) and in the API alike;
// more are enrolled by a background job (a hundred thousand take over ten seconds), which the
// request only queues (StartEnrollJob). A variable so that tests reach the job with a handful
// of creators.
var EnrollSyncMax = 1000

// The statuses of a background enrollment.
const (
	EnrollJobRunning = "running"
	EnrollJobDone    = "done"
	EnrollJobFailed  = "failed" // Error says why; what was enrolled before stays
)

// EnrollJob is a background enrollment of the creators matching a directory filter, with
// its progress: the creators are enrolled in creator id order, a chunk per transaction, and
// each chunk commits AfterID (the last creator id done) and the counts with it.
type EnrollJob struct {
	ID, WorkspaceID, SequenceID int64
	SequenceName                string
	Query                       DirectoryQuery
	QueryString                 string // the directory's query string, for the link back
	Source                      string
	Actor                       Actor
	Status                      string
	Error                       string
	// Total is how many creators matched when the job started; nil until it has counted.
	Total   *int
	AfterID int64
	// Result holds the counts so far (never Skipped: a job reports counts).
	Result     EnrollResult
	JobID      int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	FinishedAt *time.Time
}

// Handled is how many creators the job has gone through, enrolled or not.
func (j *EnrollJob) Handled() int {
	r := &j.Result
	return r.Enrolled + r.Already + r.Suppressed + r.BlockedStage + r.NoAddress + r.NotFound
}

// enrollJobMaxAttempts gives a background enrollment more tries than the default: a restart
// mid-way is not a failure, and each attempt resumes where the last one stopped.
const enrollJobMaxAttempts = 20

// StartEnrollJob queues the background enrollment of every creator of the workspace matching
// q's filters in the sequence (not archived, with a step), recorded as actor a with source.
// When one is already running for the sequence it returns that one and started false, and
// queues nothing. ErrNotFound when the sequence is not the workspace's.
func (s *Store) StartEnrollJob(ctx context.Context, a Actor, workspaceID, sequenceID int64, q DirectoryQuery, queryString, source string) (j *EnrollJob, started bool, err error) {
	q.After, q.Offset, q.Limit, q.SkipCount = nil, 0, 0, false
	rawQuery, err := json.Marshal(q)
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to start an enrollment: its filter: %w", err)
	}
	rawActor, err := json.Marshal(a)
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to start an enrollment: its actor: %w", err)
	}
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		seq, err := s.sequenceIn(ctx, tx, workspaceID, sequenceID)
		if err != nil {
			return err
		}
		if seq.Status == SequenceArchived {
			return &FieldError{Field: "sequence", Value: seq.Name, Reason: "is archived: an archived sequence takes no new creators"}
		}
		if len(seq.Steps) == 0 {
			return &FieldError{Field: "steps", Reason: "add a step to the sequence before enrolling creators"}
		}
		if running, err := s.runningEnrollJob(ctx, tx, workspaceID, sequenceID); err != nil || running != 0 {
			id = running
			return err
		}
		t := now()
		err = tx.QueryRowContext(ctx, `INSERT INTO outreach_enroll_jobs (workspace_id, sequence_id, query, query_string, source, actor, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			workspaceID, sequenceID, string(rawQuery), queryString, source, string(rawActor), t).Scan(&id)
		if err != nil {
			return err
		}
		jobID, _, err := s.EnqueueJobTx(ctx, tx, JobSpec{WorkspaceID: workspaceID, Kind: EnrollJobKind, UniqueKey: "enroll:" + strconv.FormatInt(id, 10),
			Payload: EnrollJobPayload{EnrollJob: id}, MaxAttempts: enrollJobMaxAttempts})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outreach_enroll_jobs SET job_id = $2 WHERE id = $1`, id, jobID); err != nil {
			return err
		}
		started = true
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "outreach.enroll.start", ObjectType: "outreach_sequence",
			ObjectID: fmt.Sprint(sequenceID), Summary: fmt.Sprintf("sequence %q (%s): enrolling every creator matching %q in the background", seq.Name, source, queryString),
			After: map[string]any{"enroll_job": id, "query": queryString, "source": source}})
	})
	if err != nil {
		if _, ok := AsFieldError(err); ok || errors.Is(err, ErrNotFound) {
			return nil, false, err
		}
		return nil, false, fmt.Errorf("store: unable to start enrolling creators in sequence %d: %w", sequenceID, err)
	}
	j, err = s.EnrollJob(ctx, workspaceID, id)
	return j, started, err
}

// EnrollJobPayload is the outreach.enroll job's payload.
type EnrollJobPayload struct {
	EnrollJob int64 `json:"enroll_job"`
}

// runningEnrollJob returns the id of the sequence's running enrollment, 0 when none. One whose
// job gave up without recording it (its worker died on its last attempt), or is gone, is
// marked failed first: it would otherwise hold the sequence forever.
func (s *Store) runningEnrollJob(ctx context.Context, tx *sql.Tx, workspaceID, sequenceID int64) (int64, error) {
	var id int64
	var jobStatus, lastError sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT e.id, j.status, j.last_error FROM outreach_enroll_jobs e LEFT JOIN jobs j ON j.id = e.job_id
		WHERE e.workspace_id = $1 AND e.sequence_id = $2 AND e.status = 'running'`, workspaceID, sequenceID).Scan(&id, &jobStatus, &lastError)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if jobStatus.Valid && jobStatus.String != JobDone && jobStatus.String != JobDead {
		return id, nil
	}
	reason := "the background job stopped without finishing"
	if lastError.String != "" {
		reason += ": " + lastError.String
	}
	_, err = tx.ExecContext(ctx, `UPDATE outreach_enroll_jobs SET status = 'failed', error = $2, updated_at = $3, finished_at = $3
		WHERE id = $1 AND status = 'running'`, id, clipError(reason), now())
	return 0, err
}

// RunningEnrollJob returns the sequence's running background enrollment, or ErrNotFound. Pages
// ask on every view, so it only reads unless it finds a job whose queue entry is over: that one
// is closed as failed in a write transaction.
func (s *Store) RunningEnrollJob(ctx context.Context, workspaceID, sequenceID int64) (*EnrollJob, error) {
	var id int64
	var jobStatus sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT e.id, j.status FROM outreach_enroll_jobs e LEFT JOIN jobs j ON j.id = e.job_id
		WHERE e.workspace_id = $1 AND e.sequence_id = $2 AND e.status = 'running'`, workspaceID, sequenceID).Scan(&id, &jobStatus)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to look for a running enrollment: %w", err)
	}
	if !jobStatus.Valid || jobStatus.String == JobDone || jobStatus.String == JobDead {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			var err error
			id, err = s.runningEnrollJob(ctx, tx, workspaceID, sequenceID)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("store: unable to look for a running enrollment: %w", err)
		}
	}
	if id == 0 {
		return nil, ErrNotFound
	}
	return s.EnrollJob(ctx, workspaceID, id)
}

const enrollJobColumns = `e.id, e.workspace_id, e.sequence_id, q.name, e.query, e.query_string, e.source, e.actor, e.status, e.error, e.total,
	e.after_id, e.enrolled, e.already, e.suppressed, e.blocked_stage, e.no_address, e.not_found, COALESCE(e.job_id, 0),
	e.created_at, e.updated_at, e.finished_at`

// EnrollJob returns the workspace's background enrollment id, or ErrNotFound.
func (s *Store) EnrollJob(ctx context.Context, workspaceID, id int64) (*EnrollJob, error) {
	j, err := s.enrollJob(ctx, workspaceID, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch enrollment job %d: %w", id, err)
	}
	return j, nil
}

func (s *Store) enrollJob(ctx context.Context, workspaceID, id int64) (*EnrollJob, error) {
	var j EnrollJob
	var rawQuery, rawActor string
	var total, finished sql.NullInt64
	var created, updated int64
	r := &j.Result
	err := s.read.QueryRowContext(ctx, `SELECT `+enrollJobColumns+` FROM outreach_enroll_jobs e JOIN outreach_sequences q ON q.id = e.sequence_id
		WHERE e.workspace_id = $1 AND e.id = $2`, workspaceID, id).Scan(&j.ID, &j.WorkspaceID, &j.SequenceID, &j.SequenceName,
		&rawQuery, &j.QueryString, &j.Source, &rawActor, &j.Status, &j.Error, &total, &j.AfterID,
		&r.Enrolled, &r.Already, &r.Suppressed, &r.BlockedStage, &r.NoAddress, &r.NotFound, &j.JobID, &created, &updated, &finished)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(rawQuery), &j.Query); err != nil {
		return nil, fmt.Errorf("its filter: %w", err)
	}
	if err := json.Unmarshal([]byte(rawActor), &j.Actor); err != nil {
		return nil, fmt.Errorf("its actor: %w", err)
	}
	if total.Valid {
		n := int(total.Int64)
		j.Total = &n
	}
	j.CreatedAt, j.UpdatedAt, j.FinishedAt = unixUTC(created), unixUTC(updated), unixPtr(finished)
	return &j, nil
}

// EnrollJobStep does the next chunk (up to chunk creators) of a running background
// enrollment and updates j: it counts the matching creators first when it has not yet, and
// marks the job done when no creator is left. The chunk's enrollments, the cursor and the
// counts commit together, guarded by the cursor j was read with: when another worker moved
// it (this one lost the job's lease), nothing is written and j is read again. finished is
// true when j is no longer running. An archived sequence, or one without steps, is a
// FieldError: the caller fails the job with it.
func (s *Store) EnrollJobStep(ctx context.Context, j *EnrollJob, chunk int) (finished bool, err error) {
	if j.Status != EnrollJobRunning {
		return true, nil
	}
	if chunk <= 0 {
		chunk = 1000
	}
	if j.Total == nil {
		if err := s.countEnrollJob(ctx, j); err != nil {
			return false, err
		}
	}
	ids, err := s.enrollJobChunk(ctx, j, chunk)
	if err != nil {
		return false, err
	}
	moved := false
	r := &EnrollResult{}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		if len(ids) == 0 {
			t := now()
			res, err = tx.ExecContext(ctx, `UPDATE outreach_enroll_jobs SET status = 'done', updated_at = $3, finished_at = $3
				WHERE id = $1 AND status = 'running' AND after_id = $2`, j.ID, j.AfterID, t)
		} else {
			if err := s.enrollBatchTx(ctx, tx, j.Actor, j.WorkspaceID, j.SequenceID, ids, j.Source, r); err != nil {
				return err
			}
			res, err = tx.ExecContext(ctx, `UPDATE outreach_enroll_jobs SET after_id = $3, enrolled = enrolled + $4, already = already + $5,
				suppressed = suppressed + $6, blocked_stage = blocked_stage + $7, no_address = no_address + $8, not_found = not_found + $9,
				updated_at = $10 WHERE id = $1 AND status = 'running' AND after_id = $2`, j.ID, j.AfterID, ids[len(ids)-1],
				r.Enrolled, r.Already, r.Suppressed, r.BlockedStage, r.NoAddress, r.NotFound, now())
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			moved = true
			return errEnrollJobMoved
		}
		if len(ids) > 0 {
			return nil
		}
		total := j.Result
		return audit(ctx, tx, j.Actor, AuditEntry{WorkspaceID: j.WorkspaceID, Action: "outreach.enroll.done", ObjectType: "outreach_sequence",
			ObjectID: fmt.Sprint(j.SequenceID), Summary: fmt.Sprintf("sequence %q (%s), every creator matching %q: %s", j.SequenceName, j.Source, j.QueryString, total.Summary()),
			After: map[string]any{"enroll_job": j.ID, "enrolled": total.Enrolled, "handled": j.Handled()}})
	})
	if moved {
		fresh, err := s.EnrollJob(ctx, j.WorkspaceID, j.ID)
		if err != nil {
			return false, err
		}
		*j = *fresh
		return j.Status != EnrollJobRunning, nil
	}
	if err != nil {
		if _, ok := AsFieldError(err); ok || errors.Is(err, ErrNotFound) {
			return false, err
		}
		return false, fmt.Errorf("store: unable to enroll the next creators of enrollment job %d: %w", j.ID, err)
	}
	if len(ids) == 0 {
		j.Status = EnrollJobDone
		return true, nil
	}
	j.AfterID = ids[len(ids)-1]
	j.Result.add(&EnrollResult{Enrolled: r.Enrolled, Already: r.Already, Suppressed: r.Suppressed, BlockedStage: r.BlockedStage,
		NoAddress: r.NoAddress, NotFound: r.NotFound})
	return false, nil
}

// errEnrollJobMoved rolls back a chunk whose job another worker moved on.
var errEnrollJobMoved = errors.New("store: the enrollment job moved on")

// countEnrollJob records how many creators match the job's filter, once: the progress page's
// "of N". Creators that join the filter later are enrolled too when their id comes up.
func (s *Store) countEnrollJob(ctx context.Context, j *EnrollJob) error {
	var args sqlArgs
	q := j.Query
	where := s.directoryWhere(j.WorkspaceID, &q, &args)
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM creators c WHERE `+where, args.list...).Scan(&n); err != nil {
		return fmt.Errorf("store: unable to count the creators to enroll: %w", err)
	}
	if _, err := s.write.ExecContext(ctx, `UPDATE outreach_enroll_jobs SET total = $2 WHERE id = $1 AND total IS NULL`, j.ID, n); err != nil {
		return fmt.Errorf("store: unable to record the creators to enroll: %w", err)
	}
	j.Total = &n
	return nil
}

// enrollJobChunk lists the next creators of the job's filter after its cursor.
func (s *Store) enrollJobChunk(ctx context.Context, j *EnrollJob, chunk int) ([]int64, error) {
	var args sqlArgs
	q := j.Query
	where := s.directoryWhere(j.WorkspaceID, &q, &args)
	rows, err := s.read.QueryContext(ctx, `SELECT c.id FROM creators c WHERE `+where+` AND c.id > `+args.add(j.AfterID)+
		` ORDER BY c.id LIMIT `+args.add(chunk), args.list...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the creators to enroll: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: unable to list the creators to enroll: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list the creators to enroll: %w", err)
	}
	return ids, nil
}

// FailEnrollJob ends a running background enrollment with reason, keeping what it enrolled.
func (s *Store) FailEnrollJob(ctx context.Context, j *EnrollJob, reason string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		t := now()
		res, err := tx.ExecContext(ctx, `UPDATE outreach_enroll_jobs SET status = 'failed', error = $2, updated_at = $3, finished_at = $3
			WHERE id = $1 AND status = 'running'`, j.ID, clipError(reason), t)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return audit(ctx, tx, j.Actor, AuditEntry{WorkspaceID: j.WorkspaceID, Action: "outreach.enroll.failed", ObjectType: "outreach_sequence",
			ObjectID: fmt.Sprint(j.SequenceID), Summary: fmt.Sprintf("sequence %q (%s): the background enrollment stopped: %s; %s", j.SequenceName, j.Source, reason, j.Result.Summary()),
			After: map[string]any{"enroll_job": j.ID, "error": reason}})
	})
	if err != nil {
		return fmt.Errorf("store: unable to record enrollment job %d failed: %w", j.ID, err)
	}
	j.Status, j.Error = EnrollJobFailed, reason
	return nil
}
