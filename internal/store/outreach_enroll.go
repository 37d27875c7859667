package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Enrollment is one creator in one sequence: StepIndex is the next step to send, due at NextAt.
type Enrollment struct {
	ID, WorkspaceID, SequenceID, CreatorID int64
	Status                                 string // EnrollmentActive, …Paused, …Stopped, …Completed
	StopReason                             string // why it stopped: "replied", "do-not-contact", …
	WaitReason                             string // why an active one waits (quota, quiet hours)
	StepIndex                              int
	NextAt                                 time.Time
	Variant                                string
	Source                                 string // "manual", "view:<id>", "rule"
	EnrolledBy                             string
	EnrolledAt                             time.Time
	FirstSentAt, LastSentAt                *time.Time
	CreatorHandle                          string // for lists
}

// EnrollResult counts what an enrollment request did with each creator: none is dropped
// without a reason.
type EnrollResult struct {
	Enrolled     int
	Already      int // already in the sequence (running or finished)
	Suppressed   int
	BlockedStage int // do-not-contact, banned, or already at a stage the sequence stops at
	NoAddress    int // nothing to reach them on for the first step's channel
	NotFound     int // not a live creator of the workspace (unknown, merged)
	// Skipped gives the reason of each creator not enrolled (the first MaxEnrollSkips).
	Skipped []EnrollSkip
}

// MaxEnrollSkips caps EnrollResult.Skipped: a request of 100,000 creators reports counts.
const MaxEnrollSkips = 200

// EnrollSkip is a creator not enrolled and why.
type EnrollSkip struct {
	CreatorID int64
	Handle    string
	Reason    string
}

func (r *EnrollResult) skip(id int64, handle, reason string, counter *int) {
	*counter++
	if len(r.Skipped) < MaxEnrollSkips {
		r.Skipped = append(r.Skipped, EnrollSkip{id, handle, reason})
	}
}

func (r *EnrollResult) add(o *EnrollResult) {
	r.Enrolled += o.Enrolled
	r.Already += o.Already
	r.Suppressed += o.Suppressed
	r.BlockedStage += o.BlockedStage
	r.NoAddress += o.NoAddress
	r.NotFound += o.NotFound
	for _, s := range o.Skipped {
		if len(r.Skipped) < MaxEnrollSkips {
			r.Skipped = append(r.Skipped, s)
		}
	}
}

// Summary is the result in one line, for pages and the audit log.
func (r *EnrollResult) Summary() string {
	return fmt.Sprintf("%d enrolled, %d already in the sequence, %d suppressed, %d at a blocked stage, %d without an address, %d not found",
		r.Enrolled, r.Already, r.Suppressed, r.BlockedStage, r.NoAddress, r.NotFound)
}

// EnrollCreators enrolls creators of the workspace in the sequence (not archived, with at
// least one step), from source ("manual", "view:<id>", "rule"): each is checked against the
// sequence's stop stages, the suppression list and the first step's channel address. The
// first step is due at once (the scheduler applies its delay from the enrollment time).
// ErrNotFound when the sequence is not the workspace's.
func (s *Store) EnrollCreators(ctx context.Context, a Actor, workspaceID, sequenceID int64, creatorIDs []int64, source string) (*EnrollResult, error) {
	total := &EnrollResult{}
	seen := make(map[int64]bool, len(creatorIDs))
	ids := make([]int64, 0, len(creatorIDs))
	for _, id := range creatorIDs {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, part := range chunkIDs(ids, 1000) {
		r, err := s.enrollBatch(ctx, a, workspaceID, sequenceID, part, source)
		if err != nil {
			return total, err
		}
		total.add(r)
	}
	return total, nil
}

// EnrollMatching enrolls every creator of the directory query q's filters (its sort and
// paging are ignored), in batches of a thousand so that it works at any size.
func (s *Store) EnrollMatching(ctx context.Context, a Actor, workspaceID, sequenceID int64, q DirectoryQuery, source string) (*EnrollResult, error) {
	total := &EnrollResult{}
	var after int64
	for {
		var args sqlArgs
		where := s.directoryWhere(workspaceID, &q, &args)
		rows, err := s.read.QueryContext(ctx, `SELECT c.id FROM creators c WHERE `+where+` AND c.id > `+args.add(after)+
			` ORDER BY c.id LIMIT 1000`, args.list...)
		if err != nil {
			return total, fmt.Errorf("store: unable to list the creators to enroll: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return total, fmt.Errorf("store: unable to list the creators to enroll: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return total, fmt.Errorf("store: unable to list the creators to enroll: %w", err)
		}
		if len(ids) == 0 {
			return total, nil
		}
		r, err := s.enrollBatch(ctx, a, workspaceID, sequenceID, ids, source)
		if err != nil {
			return total, err
		}
		total.add(r)
		after = ids[len(ids)-1]
	}
}

// enrollBatch enrolls up to a thousand creators in one transaction with one audit entry.
func (s *Store) enrollBatch(ctx context.Context, a Actor, workspaceID, sequenceID int64, ids []int64, source string) (*EnrollResult, error) {
	r := &EnrollResult{}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		return s.enrollBatchTx(ctx, tx, a, workspaceID, sequenceID, ids, source, r)
	})
	if err != nil {
		if _, ok := AsFieldError(err); ok || errors.Is(err, ErrNotFound) {
			return r, err
		}
		return r, fmt.Errorf("store: unable to enroll creators in sequence %d: %w", sequenceID, err)
	}
	return r, nil
}

// enrollBatchTx is enrollBatch in the caller's transaction, counting into r: a background
// enrollment commits its progress with the chunk it enrolled (outreach_enroll_jobs.go).
func (s *Store) enrollBatchTx(ctx context.Context, tx *sql.Tx, a Actor, workspaceID, sequenceID int64, ids []int64, source string, r *EnrollResult) error {
	q, err := s.sequenceIn(ctx, tx, workspaceID, sequenceID)
	if err != nil {
		return err
	}
	if q.Status == SequenceArchived {
		return &FieldError{Field: "sequence", Reason: "an archived sequence takes no new creators"}
	}
	if len(q.Steps) == 0 {
		return &FieldError{Field: "steps", Reason: "add a step to the sequence before enrolling creators"}
	}
	channel := q.Steps[0].Channel
	creators, err := s.outreachCreators(ctx, tx, ids)
	if err != nil {
		return err
	}
	scopes, err := s.suppressionScopes(ctx, tx, workspaceID)
	if err != nil {
		return err
	}
	var keys []SuppressionKey
	for _, c := range creators {
		keys = append(keys, c.SuppressionKeys(channel)...)
	}
	suppressed, err := s.suppressedIn(ctx, tx, scopes, keys)
	if err != nil {
		return err
	}
	t := now()
	var ok []int64
	for _, id := range ids {
		c := creators[id]
		if c == nil || c.WorkspaceID != workspaceID || c.Merged {
			r.skip(id, "", "not a creator of this workspace (or merged into another)", &r.NotFound)
			continue
		}
		if q.StopsAt(c.Stage) {
			r.skip(id, c.Username, StopReasonForStage(c.Stage), &r.BlockedStage)
			continue
		}
		if reason := suppressedReason(suppressed, c.SuppressionKeys(channel)); reason != "" {
			r.skip(id, c.Username, "suppressed: "+reason, &r.Suppressed)
			continue
		}
		if why := c.Unreachable(channel); why != "" {
			r.skip(id, c.Username, why, &r.NoAddress)
			continue
		}
		ok = append(ok, id)
	}
	rows := make([][]any, len(ok))
	for i, id := range ok {
		rows[i] = []any{workspaceID, sequenceID, id, t, source, a.Label, t, t}
	}
	inserted, err := s.bulkInsert(ctx, tx, "outreach_enrollments", []string{"workspace_id", "sequence_id", "creator_id", "next_at", "source",
		"enrolled_by", "enrolled_at", "updated_at"}, []string{"BIGINT", "BIGINT", "BIGINT", "BIGINT", "TEXT", "TEXT", "BIGINT", "BIGINT"},
		rows, `ON CONFLICT (sequence_id, creator_id) DO NOTHING`, "creator_id")
	if err != nil {
		return err
	}
	got := make(map[int64]bool, len(inserted))
	for _, id := range inserted {
		got[id] = true
	}
	for _, id := range ok {
		if got[id] {
			r.Enrolled++
		} else {
			r.skip(id, creators[id].Username, "already in this sequence", &r.Already)
		}
	}
	if r.Enrolled == 0 {
		return nil
	}
	return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "outreach.enroll", ObjectType: "outreach_sequence",
		ObjectID: fmt.Sprint(sequenceID), Summary: fmt.Sprintf("sequence %q (%s): %s", q.Name, source, r.Summary()),
		After: map[string]any{"enrolled": r.Enrolled, "source": source}})
}

func suppressedReason(got map[SuppressionKey]string, keys []SuppressionKey) string {
	for _, k := range keys {
		if r, ok := got[k]; ok {
			return r
		}
	}
	return ""
}

func channelAddressName(channel string) string {
	switch channel {
	case ChannelTikTokIM:
		return "TikTok IM account"
	case ChannelEmail:
		return "email address"
	}
	return "Discord account"
}

// StopReasonForStage is the stop reason of an enrollment whose creator reached st.
func StopReasonForStage(st interface{ Label() string }) string {
	switch st.Label() {
	case "Do not contact":
		return "do-not-contact"
	case "Banned":
		return "banned"
	}
	return "stage reached: " + st.Label()
}

// SetEnrollmentStatus pauses (EnrollmentPaused), resumes (EnrollmentActive) or stops
// (EnrollmentStopped, with reason "stopped by <actor>") the workspace's enrollment id. A
// paused enrollment's queued message is held until it resumes; a stopped one's is cancelled.
func (s *Store) SetEnrollmentStatus(ctx context.Context, a Actor, workspaceID, id int64, status string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var cur string
		var seq, creator int64
		if err := tx.QueryRowContext(ctx, `SELECT status, sequence_id, creator_id FROM outreach_enrollments WHERE workspace_id = $1 AND id = $2`,
			workspaceID, id).Scan(&cur, &seq, &creator); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		if cur == status {
			return nil
		}
		switch status {
		case EnrollmentPaused:
			if cur != EnrollmentActive {
				return &FieldError{Field: "status", Reason: "only an active enrollment can be paused"}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outreach_enrollments SET status = 'paused', updated_at = $2 WHERE id = $1`, id, now()); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outreach_outbox SET status = 'held' WHERE enrollment_id = $1 AND status = 'queued'`, id); err != nil {
				return err
			}
		case EnrollmentActive:
			if cur != EnrollmentPaused {
				return &FieldError{Field: "status", Reason: "only a paused enrollment can be resumed"}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outreach_enrollments SET status = 'active', updated_at = $2 WHERE id = $1`, id, now()); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outreach_outbox SET status = 'queued' WHERE enrollment_id = $1 AND status = 'held'
				AND sequence_id IN (SELECT id FROM outreach_sequences WHERE status = 'active')`, id); err != nil {
				return err
			}
		case EnrollmentStopped:
			if _, err := s.stopEnrollments(ctx, tx, "stopped by "+a.Label, `id = $3`, id); err != nil {
				return err
			}
		default:
			return &FieldError{Field: "status", Value: status, Reason: "is not active, paused or stopped"}
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "outreach.enrollment." + status, ObjectType: "outreach_enrollment",
			ObjectID: fmt.Sprint(id), Summary: fmt.Sprintf("enrollment of creator %d in sequence %d %s", creator, seq, status),
			Before: map[string]any{"status": cur}, After: map[string]any{"status": status}})
	})
	if err != nil {
		if _, ok := AsFieldError(err); ok || errors.Is(err, ErrNotFound) {
			return err
		}
		return fmt.Errorf("store: unable to set enrollment %d %s: %w", id, status, err)
	}
	return nil
}

// EnrollmentFilter selects enrollments of a workspace.
type EnrollmentFilter struct {
	SequenceID int64  // 0 for all
	CreatorID  int64  // 0 for all
	Status     string // "" for all
	AfterID    int64  // cursor: enrollments with a smaller id (newest first)
	Limit      int    // 50 when 0, at most 500
}

// ListEnrollments pages through the workspace's enrollments, newest first, with the
// creators' handles.
func (s *Store) ListEnrollments(ctx context.Context, workspaceID int64, f EnrollmentFilter) ([]Enrollment, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	after := f.AfterID
	if after <= 0 {
		after = 1 << 62
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+enrollmentColumns+`, c.username FROM outreach_enrollments e JOIN creators c ON c.id = e.creator_id
		WHERE e.workspace_id = $1 AND e.id < $2 AND ($3 = 0 OR e.sequence_id = $3) AND ($4 = 0 OR e.creator_id = $4) AND ($5 = '' OR e.status = $5)
		ORDER BY e.id DESC LIMIT $6`, workspaceID, after, f.SequenceID, f.CreatorID, f.Status, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list enrollments: %w", err)
	}
	defer rows.Close()
	var out []Enrollment
	for rows.Next() {
		e, err := scanEnrollment(rows, true)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list enrollments: %w", err)
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

// Enrollment returns the workspace's enrollment id, or ErrNotFound.
func (s *Store) Enrollment(ctx context.Context, workspaceID, id int64) (*Enrollment, error) {
	e, err := scanEnrollment(s.read.QueryRowContext(ctx, `SELECT `+enrollmentColumns+`, c.username FROM outreach_enrollments e
		JOIN creators c ON c.id = e.creator_id WHERE e.workspace_id = $1 AND e.id = $2`, workspaceID, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch enrollment %d: %w", id, err)
	}
	return e, nil
}

const enrollmentColumns = `e.id, e.workspace_id, e.sequence_id, e.creator_id, e.status, e.stop_reason, e.wait_reason, e.step_index,
	e.next_at, e.variant, e.source, e.enrolled_by, e.enrolled_at, e.first_sent_at, e.last_sent_at`

func scanEnrollment(row rowScanner, withHandle bool) (*Enrollment, error) {
	var e Enrollment
	var next, enrolled int64
	var first, last sql.NullInt64
	dest := []any{&e.ID, &e.WorkspaceID, &e.SequenceID, &e.CreatorID, &e.Status, &e.StopReason, &e.WaitReason, &e.StepIndex,
		&next, &e.Variant, &e.Source, &e.EnrolledBy, &enrolled, &first, &last}
	if withHandle {
		dest = append(dest, &e.CreatorHandle)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	e.NextAt, e.EnrolledAt = time.Unix(next, 0).UTC(), time.Unix(enrolled, 0).UTC()
	e.FirstSentAt, e.LastSentAt = unixPtr(first), unixPtr(last)
	return &e, nil
}

// ViewEnrollSource is the source recorded for an enrollment from saved view id.
func ViewEnrollSource(viewID int64) string { return "view:" + strconv.FormatInt(viewID, 10) }

// DirectoryView returns the workspace's saved directory view id whoever saved it (the rule
// job enrolls from views of any member), with the id of the member who saved it; ErrNotFound
// otherwise.
func (s *Store) DirectoryView(ctx context.Context, workspaceID, id int64) (*SavedView, int64, error) {
	var userID int64
	var v SavedView
	var at int64
	err := s.read.QueryRowContext(ctx, `SELECT id, page, name, query, created_at, user_id FROM saved_views
		WHERE workspace_id = $1 AND id = $2 AND page = 'directory'`, workspaceID, id).Scan(&v.ID, &v.Page, &v.Name, &v.Query, &at, &userID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, ErrNotFound
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to fetch saved view %d: %w", id, err)
	}
	v.CreatedAt = unixUTC(at)
	return &v, userID, nil
}
