package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Task is a to-do of the team, usually about one creator: "send the sample", "follow up Friday".
type Task struct {
	ID            int64
	CreatorID     *int64
	CreatorHandle string
	Title         string
	DueDay        int32 // YYYYMMDD in the workspace's zone; 0 for no due date
	AssigneeID    *int64
	AssigneeEmail string
	CreatedBy     string
	CreatedAt     time.Time
	DoneAt        *time.Time
	DoneBy        string
}

// Done reports whether the task is completed.
func (t *Task) Done() bool { return t.DoneAt != nil }

// TaskInput is a task to create or the new values of one: every field is set.
type TaskInput struct {
	Title      string
	DueDay     int32  // 0 for no due date
	AssigneeID *int64 // nil: nobody
	CreatorID  *int64 // nil: not about a creator (create only)
}

// maxTaskTitle bounds a title: a task is one line of a list, the details go in a note.
const maxTaskTitle = 200

func (in *TaskInput) check() error {
	in.Title = strings.TrimSpace(in.Title)
	switch {
	case in.Title == "":
		return &FieldError{Field: "title", Reason: "is empty: say what is to be done"}
	case utf8.RuneCountInString(in.Title) > maxTaskTitle:
		return &FieldError{Field: "title", Value: in.Title[:40] + "…", Reason: fmt.Sprintf("is longer than %d characters: put the details in a note", maxTaskTitle)}
	case in.DueDay != 0 && !validDay(in.DueDay):
		return &FieldError{Field: "due", Value: strconv.Itoa(int(in.DueDay)), Reason: "is not a date"}
	}
	return nil
}

// checkAssignee fails with a FieldError wrapping ErrNotMember when id is not a member.
func checkAssignee(ctx context.Context, tx *sql.Tx, workspaceID int64, id *int64) (string, error) {
	if id == nil {
		return "", nil
	}
	var email string
	err := tx.QueryRowContext(ctx, `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.workspace_id = $1 AND m.user_id = $2`, workspaceID, *id).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%w: %w", &FieldError{Field: "assignee", Value: strconv.FormatInt(*id, 10),
			Reason: "is not a member of this workspace"}, ErrNotMember)
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to check the assignee: %w", err)
	}
	return email, nil
}

// liveCreator checks, inside tx, that id is a live (unmerged) creator of the workspace.
func liveCreator(ctx context.Context, q querier, workspaceID, id int64) (string, error) {
	var handle string
	err := q.QueryRowContext(ctx, `SELECT username FROM creators WHERE workspace_id = $1 AND id = $2 AND merged_into IS NULL`,
		workspaceID, id).Scan(&handle)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to read creator %d: %w", id, err)
	}
	return handle, nil
}

// CreateTask adds a task, on its creator's timeline when it has one, and audits it.
func (s *Store) CreateTask(ctx context.Context, a Actor, workspaceID int64, in TaskInput) (*Task, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if in.CreatorID != nil {
			if _, err := liveCreator(ctx, tx, workspaceID, *in.CreatorID); err != nil {
				return err
			}
		}
		if _, err := checkAssignee(ctx, tx, workspaceID, in.AssigneeID); err != nil {
			return err
		}
		t := time.Now().UTC()
		if err := tx.QueryRowContext(ctx, `INSERT INTO creator_tasks (workspace_id, creator_id, title, due_day, assignee_id,
			created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, workspaceID, nullInt(in.CreatorID),
			in.Title, in.DueDay, nullInt(in.AssigneeID), a.Label, t.Unix()).Scan(&id); err != nil {
			return fmt.Errorf("store: unable to add a task: %w", err)
		}
		if in.CreatorID != nil {
			if err := s.appendCreatorEvents(ctx, tx, workspaceID, []CreatorEvent{{CreatorID: *in.CreatorID, Kind: EventTask,
				At: t, Actor: a.Label, UserID: actorUserID(a), To: "open", Body: in.Title, RefID: &id}}); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "task.create", ObjectType: "task",
			ObjectID: strconv.FormatInt(id, 10), Summary: "Added task “" + in.Title + "”", After: in})
	})
	if err != nil {
		return nil, err
	}
	return s.Task(ctx, workspaceID, id)
}

// UpdateTask changes a task's title, due day and assignee (its creator stays).
func (s *Store) UpdateTask(ctx context.Context, a Actor, workspaceID, id int64, in TaskInput) (*Task, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	before, err := s.Task(ctx, workspaceID, id)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := checkAssignee(ctx, tx, workspaceID, in.AssigneeID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE creator_tasks SET title = $1, due_day = $2, assignee_id = $3
			WHERE workspace_id = $4 AND id = $5`, in.Title, in.DueDay, nullInt(in.AssigneeID), workspaceID, id)
		if err != nil {
			return fmt.Errorf("store: unable to change task %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "task.update", ObjectType: "task",
			ObjectID: strconv.FormatInt(id, 10), Summary: "Changed task “" + in.Title + "”",
			Before: TaskInput{Title: before.Title, DueDay: before.DueDay, AssigneeID: before.AssigneeID}, After: in})
	})
	if err != nil {
		return nil, err
	}
	return s.Task(ctx, workspaceID, id)
}

// SetTaskDone completes a task (done true) or reopens it, on its creator's timeline. Doing what
// is already done changes nothing.
func (s *Store) SetTaskDone(ctx context.Context, a Actor, workspaceID, id int64, done bool) (*Task, error) {
	task, err := s.Task(ctx, workspaceID, id)
	if err != nil {
		return nil, err
	}
	if task.Done() == done {
		return task, nil
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		t := time.Now().UTC()
		var doneAt any
		state, by, verb := "open", "", "Reopened"
		if done {
			doneAt, state, by, verb = t.Unix(), "done", a.Label, "Completed"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE creator_tasks SET done_at = $1, done_by = $2 WHERE workspace_id = $3 AND id = $4`,
			doneAt, by, workspaceID, id); err != nil {
			return fmt.Errorf("store: unable to change task %d: %w", id, err)
		}
		if task.CreatorID != nil {
			if err := s.appendCreatorEvents(ctx, tx, workspaceID, []CreatorEvent{{CreatorID: *task.CreatorID, Kind: EventTask,
				At: t, Actor: a.Label, UserID: actorUserID(a), From: map[bool]string{true: "open", false: "done"}[done],
				To: state, Body: task.Title, RefID: &id}}); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "task." + state, ObjectType: "task",
			ObjectID: strconv.FormatInt(id, 10), Summary: verb + " task “" + task.Title + "”"})
	})
	if err != nil {
		return nil, err
	}
	return s.Task(ctx, workspaceID, id)
}

// DeleteTask removes a task (one added by mistake); its timeline entries stay, as history.
func (s *Store) DeleteTask(ctx context.Context, a Actor, workspaceID, id int64) error {
	task, err := s.Task(ctx, workspaceID, id)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM creator_tasks WHERE workspace_id = $1 AND id = $2`, workspaceID, id); err != nil {
			return fmt.Errorf("store: unable to delete task %d: %w", id, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "task.delete", ObjectType: "task",
			ObjectID: strconv.FormatInt(id, 10), Summary: "Deleted task “" + task.Title + "”",
			Before: TaskInput{Title: task.Title, DueDay: task.DueDay, AssigneeID: task.AssigneeID, CreatorID: task.CreatorID}})
	})
}

const taskColumns = `t.id, t.creator_id, COALESCE(c.username, ''), t.title, t.due_day, t.assignee_id, COALESCE(u.email, ''),
	t.created_by, t.created_at, t.done_at, t.done_by`

const taskFrom = ` FROM creator_tasks t LEFT JOIN creators c ON c.id = t.creator_id LEFT JOIN users u ON u.id = t.assignee_id`

func scanTask(row rowScanner) (*Task, error) {
	var t Task
	var creator, assignee, done sql.NullInt64
	var created int64
	if err := row.Scan(&t.ID, &creator, &t.CreatorHandle, &t.Title, &t.DueDay, &assignee, &t.AssigneeEmail,
		&t.CreatedBy, &created, &done, &t.DoneBy); err != nil {
		return nil, err
	}
	t.CreatorID, t.AssigneeID, t.DoneAt = optInt(creator), optInt(assignee), optTime(done)
	t.CreatedAt = unixUTC(created)
	return &t, nil
}

// Task returns the workspace's task with that id, or ErrNotFound (also for another
// workspace's task).
func (s *Store) Task(ctx context.Context, workspaceID, id int64) (*Task, error) {
	t, err := scanTask(s.read.QueryRowContext(ctx, `SELECT `+taskColumns+taskFrom+` WHERE t.workspace_id = $1 AND t.id = $2`,
		workspaceID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch task %d: %w", id, err)
	}
	return t, nil
}

// The buckets of the task lists, by due day against today (workspace zone).
const (
	TasksOverdue  = "overdue"  // open, due before today
	TasksToday    = "today"    // open, due today
	TasksSoon     = "soon"     // open, due today or in the next 7 days
	TasksUpcoming = "upcoming" // open, due after today or without a due day
	TasksOpen     = "open"     // every open task
	TasksDone     = "done"     // completed, latest first
)

// TaskBuckets lists the buckets a list may ask for.
var TaskBuckets = []string{TasksOverdue, TasksToday, TasksSoon, TasksUpcoming, TasksOpen, TasksDone}

// TaskQuery selects tasks of a workspace. Open tasks come by due day (undated last), then by
// id; done tasks latest first.
type TaskQuery struct {
	Bucket     string // one of TaskBuckets; "" is TasksOpen
	Today      int32  // YYYYMMDD in the workspace's zone; the buckets need it
	AssigneeID *int64
	CreatorID  *int64
	After      string // the last task's key from the previous page (TaskKey)
	Limit      int    // 0: 50
}

// TaskKey is a task's place in its list, for the next page's cursor.
func TaskKey(t *Task, bucket string) string {
	if bucket == TasksDone && t.DoneAt != nil {
		return strconv.FormatInt(t.DoneAt.Unix(), 10) + ":" + strconv.FormatInt(t.ID, 10)
	}
	due := int64(t.DueDay)
	if due == 0 {
		due = undated
	}
	return strconv.FormatInt(due, 10) + ":" + strconv.FormatInt(t.ID, 10)
}

// undated sorts tasks without a due day after every dated one.
const undated = 99991231

// ErrBadCursor is returned for a page key that no list made.
var ErrBadCursor = errors.New("not a position of this list")

// Tasks returns a page of tasks and whether more follow.
func (s *Store) Tasks(ctx context.Context, workspaceID int64, q TaskQuery) ([]*Task, bool, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	args := []any{workspaceID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	where := []string{"t.workspace_id = $1"}
	where = append(where, taskBucketWhere(q.Bucket, q.Today, arg)...)
	if q.AssigneeID != nil {
		where = append(where, "t.assignee_id = "+arg(*q.AssigneeID))
	}
	if q.CreatorID != nil {
		where = append(where, "t.creator_id = "+arg(*q.CreatorID))
	}
	key, order := `CASE WHEN t.due_day = 0 THEN `+strconv.Itoa(undated)+` ELSE t.due_day END`, "ASC"
	op := ">"
	if q.Bucket == TasksDone {
		key, order, op = "t.done_at", "DESC", "<"
	}
	if q.After != "" {
		k, id, ok := strings.Cut(q.After, ":")
		kv, err1 := strconv.ParseInt(k, 10, 64)
		iv, err2 := strconv.ParseInt(id, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, false, ErrBadCursor
		}
		a, b := arg(kv), arg(iv)
		where = append(where, "("+key+" "+op+" "+a+" OR ("+key+" = "+a+" AND t.id "+op+" "+b+"))")
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+taskColumns+taskFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY `+key+` `+order+`, t.id `+order+` LIMIT `+arg(q.Limit+1), args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to list tasks: %w", err)
	}
	defer rows.Close()
	var out []*Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, false, fmt.Errorf("store: unable to list tasks: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: unable to list tasks: %w", err)
	}
	more := len(out) > q.Limit
	if more {
		out = out[:q.Limit]
	}
	return out, more, nil
}

// taskBucketWhere is the condition of a bucket.
func taskBucketWhere(bucket string, today int32, arg func(any) string) []string {
	switch bucket {
	case TasksOverdue:
		return []string{"t.done_at IS NULL", "t.due_day > 0", "t.due_day < " + arg(today)}
	case TasksToday:
		return []string{"t.done_at IS NULL", "t.due_day = " + arg(today)}
	case TasksSoon:
		week := dayKey(dateOf(today).AddDate(0, 0, 7))
		return []string{"t.done_at IS NULL", "t.due_day >= " + arg(today), "t.due_day <= " + arg(week)}
	case TasksUpcoming:
		return []string{"t.done_at IS NULL", "(t.due_day = 0 OR t.due_day > " + arg(today) + ")"}
	case TasksDone:
		return []string{"t.done_at IS NOT NULL"}
	}
	return []string{"t.done_at IS NULL"}
}

// TaskCounts are how many tasks each bucket of a list holds.
type TaskCounts struct{ Overdue, Today, Upcoming, Done int64 }

// CountTasks counts the buckets of the tasks of one assignee (nil: everybody's).
func (s *Store) CountTasks(ctx context.Context, workspaceID int64, assigneeID *int64, today int32) (TaskCounts, error) {
	args := []any{workspaceID, today}
	who := ""
	if assigneeID != nil {
		args = append(args, *assigneeID)
		who = " AND assignee_id = $3"
	}
	var c TaskCounts
	err := s.read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN done_at IS NULL AND due_day > 0 AND due_day < $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN done_at IS NULL AND due_day = $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN done_at IS NULL AND (due_day = 0 OR due_day > $2) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN done_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM creator_tasks WHERE workspace_id = $1`+who, args...).Scan(&c.Overdue, &c.Today, &c.Upcoming, &c.Done)
	if err != nil {
		return c, fmt.Errorf("store: unable to count tasks: %w", err)
	}
	return c, nil
}
