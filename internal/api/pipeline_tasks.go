package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// Task is a to-do of the team, usually about one creator.
type Task struct {
	ID            int64      `json:"id" example:"7"`
	Title         string     `json:"title" example:"Send the brief"`
	Due           *string    `json:"due" format:"date" doc:"Due day in the workspace's time zone; null for none"`
	CreatorID     *int64     `json:"creator_id"`
	CreatorHandle string     `json:"creator_handle"`
	AssigneeID    *int64     `json:"assignee_id" doc:"The member it is for; null for nobody"`
	AssigneeEmail string     `json:"assignee_email"`
	CreatedBy     string     `json:"created_by"`
	CreatedAt     time.Time  `json:"created_at"`
	DoneAt        *time.Time `json:"done_at" doc:"null while open"`
	DoneBy        string     `json:"done_by"`
}

func taskOut(t *store.Task) Task {
	out := Task{ID: t.ID, Title: t.Title, CreatorID: t.CreatorID, CreatorHandle: t.CreatorHandle, AssigneeID: t.AssigneeID,
		AssigneeEmail: t.AssigneeEmail, CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt, DoneAt: t.DoneAt, DoneBy: t.DoneBy}
	if t.DueDay != 0 {
		d := fmt.Sprintf("%04d-%02d-%02d", t.DueDay/10000, t.DueDay/100%100, t.DueDay%100)
		out.Due = &d
	}
	return out
}

type taskOutput struct{ Body Task }

type listTasksInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Status   string `query:"status" enum:"open,overdue,today,soon,upcoming,done" default:"open" doc:"open: every open task; overdue: due before today; today; soon: due in the next 7 days; upcoming: due after today or undated; done"`
	Assignee string `query:"assignee" maxLength:"20" doc:"Only tasks of this member (user id, or me)"`
	Creator  int64  `query:"creator" doc:"Only tasks about this creator (id)"`
	PageParams
}

type listTasksOutput struct {
	Body struct {
		Items      []Task `json:"items"`
		NextCursor string `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

// taskBody is what creating or changing a task sends. Checked by the handlers.
type taskBody struct {
	Title      string `json:"title" required:"false" doc:"Up to 200 characters" example:"Send the brief"`
	Due        string `json:"due,omitempty" required:"false" doc:"Due day (2026-11-20) in the workspace's time zone; empty for none"`
	AssigneeID int64  `json:"assignee_id,omitempty" required:"false" doc:"A member's user id; 0 for nobody"`
}

type createTaskInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		Title      string `json:"title" required:"false" doc:"Up to 200 characters" example:"Send the brief"`
		Due        string `json:"due,omitempty" required:"false" doc:"Due day (2026-11-20) in the workspace's time zone; empty for none"`
		AssigneeID int64  `json:"assignee_id,omitempty" required:"false" doc:"A member's user id; 0 for nobody"`
		CreatorID  int64  `json:"creator_id,omitempty" required:"false" doc:"The creator it is about (id); 0 for none"`
	}
}

type taskInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Task string `path:"task" doc:"Task id"`
}

type updateTaskInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Task string `path:"task" doc:"Task id"`
	Body taskBody
}

func registerPipelineTasks(a *API) {
	tags := []string{"Tasks"}
	base := Prefix + "/workspaces/{ws}/tasks"
	register(a, huma.Operation{OperationID: "list-tasks", Method: http.MethodGet, Path: base, Summary: "List tasks", Tags: tags,
		Description: "Open tasks by due day (undated last), done tasks latest first."}, access.ViewData, a.listTasks)
	register(a, huma.Operation{OperationID: "create-task", Method: http.MethodPost, Path: base, Summary: "Add a task", Tags: tags,
		DefaultStatus: http.StatusCreated, Description: "A task about a creator shows on its timeline. The assignee must be a member (422)."},
		access.EditCreators, a.createTask)
	register(a, huma.Operation{OperationID: "get-task", Method: http.MethodGet, Path: base + "/{task}", Summary: "Get a task", Tags: tags},
		access.ViewData, a.getTask)
	register(a, huma.Operation{OperationID: "update-task", Method: http.MethodPut, Path: base + "/{task}", Summary: "Change a task", Tags: tags,
		Description: "Title, due day and assignee are replaced; the creator stays."}, access.EditCreators, a.updateTask)
	register(a, huma.Operation{OperationID: "complete-task", Method: http.MethodPost, Path: base + "/{task}/complete",
		Summary: "Mark a task done", Tags: tags}, access.EditCreators, a.completeTask(true))
	register(a, huma.Operation{OperationID: "reopen-task", Method: http.MethodPost, Path: base + "/{task}/reopen",
		Summary: "Reopen a done task", Tags: tags}, access.EditCreators, a.completeTask(false))
	register(a, huma.Operation{OperationID: "delete-task", Method: http.MethodDelete, Path: base + "/{task}",
		Summary: "Delete a task", Tags: tags, DefaultStatus: http.StatusNoContent,
		Description: "Its timeline entries stay, as history."}, access.EditCreators, a.deleteTask)
}

func (a *API) listTasks(ctx context.Context, in *listTasksInput) (*listTasksOutput, error) {
	st := from(ctx)
	loc := st.workspace.Location()
	now := time.Now().In(loc)
	q := store.TaskQuery{Bucket: in.Status, Today: int32(now.Year()*10000 + int(now.Month())*100 + now.Day()), Limit: in.Limit}
	switch in.Assignee {
	case "":
	case "me":
		if st.principal.User == nil {
			return nil, invalid("assignee", in.Assignee, "needs a signed-in member: a token is nobody's")
		}
		q.AssigneeID = &st.principal.User.ID
	default:
		id, err := strconv.ParseInt(in.Assignee, 10, 64)
		if err != nil {
			return nil, invalid("assignee", in.Assignee, "is not a user id or me")
		}
		q.AssigneeID = &id
	}
	if in.Creator != 0 {
		q.CreatorID = &in.Creator
	}
	var err error
	if q.After, err = decodeCursor(in.Cursor); err != nil {
		return nil, err
	}
	tasks, more, err := a.Store.Tasks(ctx, st.workspace.ID, q)
	if errors.Is(err, store.ErrBadCursor) {
		return nil, huma.Error400BadRequest("cursor " + in.Cursor + " is not a cursor of this list")
	}
	if err != nil {
		return nil, a.fail(err, "task")
	}
	out := &listTasksOutput{}
	out.Body.Items = make([]Task, 0, len(tasks))
	for _, t := range tasks {
		out.Body.Items = append(out.Body.Items, taskOut(t))
	}
	if more {
		out.Body.NextCursor = encodeCursor(store.TaskKey(tasks[len(tasks)-1], in.Status))
	}
	return out, nil
}

// taskInputOf checks a task body into the store's input.
func taskInputOf(b taskBody) (store.TaskInput, error) {
	in := store.TaskInput{Title: b.Title}
	if b.Due != "" {
		d, err := time.Parse("2006-01-02", b.Due)
		if err != nil {
			return in, invalid("body.due", b.Due, "is not a date (YYYY-MM-DD)")
		}
		in.DueDay = int32(d.Year()*10000 + int(d.Month())*100 + d.Day())
	}
	if b.AssigneeID != 0 {
		in.AssigneeID = &b.AssigneeID
	}
	return in, nil
}

func (a *API) createTask(ctx context.Context, in *createTaskInput) (*taskOutput, error) {
	st := from(ctx)
	ti, err := taskInputOf(taskBody{Title: in.Body.Title, Due: in.Body.Due, AssigneeID: in.Body.AssigneeID})
	if err != nil {
		return nil, err
	}
	if in.Body.CreatorID != 0 {
		ti.CreatorID = &in.Body.CreatorID
	}
	t, err := a.Store.CreateTask(ctx, st.principal.Actor(), st.workspace.ID, ti)
	if errors.Is(err, store.ErrNotFound) {
		return nil, invalid("body.creator_id", in.Body.CreatorID, "is not a creator of this workspace")
	}
	if err != nil {
		return nil, a.changeProblem(err, "task")
	}
	return &taskOutput{Body: taskOut(t)}, nil
}

// task finds the {task} of the path among the workspace's tasks.
func (a *API) task(ctx context.Context, raw string) (*store.Task, error) {
	notFound := huma.Error404NotFound(fmt.Sprintf("task %q not found in this workspace", raw))
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, notFound
	}
	t, err := a.Store.Task(ctx, from(ctx).workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, a.fail(err, "task")
	}
	return t, nil
}

func (a *API) getTask(ctx context.Context, in *taskInput) (*taskOutput, error) {
	t, err := a.task(ctx, in.Task)
	if err != nil {
		return nil, err
	}
	return &taskOutput{Body: taskOut(t)}, nil
}

func (a *API) updateTask(ctx context.Context, in *updateTaskInput) (*taskOutput, error) {
	st := from(ctx)
	t, err := a.task(ctx, in.Task)
	if err != nil {
		return nil, err
	}
	ti, err := taskInputOf(in.Body)
	if err != nil {
		return nil, err
	}
	t, err = a.Store.UpdateTask(ctx, st.principal.Actor(), st.workspace.ID, t.ID, ti)
	if err != nil {
		return nil, a.changeProblem(err, "task")
	}
	return &taskOutput{Body: taskOut(t)}, nil
}

func (a *API) completeTask(done bool) func(context.Context, *taskInput) (*taskOutput, error) {
	return func(ctx context.Context, in *taskInput) (*taskOutput, error) {
		st := from(ctx)
		t, err := a.task(ctx, in.Task)
		if err != nil {
			return nil, err
		}
		if t, err = a.Store.SetTaskDone(ctx, st.principal.Actor(), st.workspace.ID, t.ID, done); err != nil {
			return nil, a.fail(err, "task")
		}
		return &taskOutput{Body: taskOut(t)}, nil
	}
}

func (a *API) deleteTask(ctx context.Context, in *taskInput) (*struct{}, error) {
	st := from(ctx)
	t, err := a.task(ctx, in.Task)
	if err != nil {
		return nil, err
	}
	if err := a.Store.DeleteTask(ctx, st.principal.Actor(), st.workspace.ID, t.ID); err != nil {
		return nil, a.fail(err, "task")
	}
	return nil, nil
}
