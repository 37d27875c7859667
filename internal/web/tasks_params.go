package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// tasksFilter is the task list's filters, read from the query: whose tasks (who=me or all) and
// which bucket (show=overdue, today, upcoming or done).
type tasksFilter struct {
	Who, Show string
	Query     store.TaskQuery
}

// tasksShows are the tabs of the task list, in order.
var tasksShows = []struct{ Key, Label string }{
	{store.TasksOverdue, "Overdue"}, {store.TasksToday, "Today"}, {store.TasksUpcoming, "Upcoming"}, {store.TasksDone, "Done"},
}

// parseTasksFilter reads the filters; unknown values fall back to "my open tasks due today or
// late", the list a specialist starts the day with.
func parseTasksFilter(r *http.Request, ws *model.Workspace) tasksFilter {
	v := r.URL.Query()
	f := tasksFilter{Who: "me", Show: v.Get("show")}
	if v.Get("who") == "all" {
		f.Who = "all"
	}
	if !slices.ContainsFunc(tasksShows, func(s struct{ Key, Label string }) bool { return s.Key == f.Show }) {
		f.Show = store.TasksOverdue
	}
	f.Query = store.TaskQuery{Bucket: f.Show, Today: todayIn(ws), After: v.Get("after")}
	if f.Who == "me" {
		me := current(r).principal.User.ID
		f.Query.AssigneeID = &me
	}
	return f
}

// todayIn is today's YYYYMMDD in the workspace's zone.
func todayIn(ws *model.Workspace) int32 {
	t := time.Now().In(ws.Location())
	return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
}

// values is the filter as a query, for links that keep it.
func (f tasksFilter) values() url.Values {
	return url.Values{"who": {f.Who}, "show": {f.Show}}
}

// dueText writes a due day for a list: "15 Nov 2026", or "—" without one.
func dueText(day int32) string {
	if day == 0 {
		return "—"
	}
	return longDay(day)
}

// dayInput writes a day for a date input (YYYY-MM-DD).
func dayInput(day int32) string {
	if day == 0 {
		return ""
	}
	return dayTime(day).Format("2006-01-02")
}

// taskRow is a task as the lists show it.
type taskRow struct {
	ID         int64
	Title      string
	Creator    string
	CreatorURL string
	Due        string
	Late       bool
	Assignee   string
	CreatedBy  string
	Created    string
	Done       bool
	DoneText   string
	DoneURL    string // the POST that completes or reopens it
}

func taskRows(ws *model.Workspace, today int32, tasks []*store.Task) []taskRow {
	loc := ws.Location()
	out := make([]taskRow, 0, len(tasks))
	for _, t := range tasks {
		row := taskRow{ID: t.ID, Title: t.Title, Creator: t.CreatorHandle, Due: dueText(t.DueDay),
			Late: !t.Done() && t.DueDay > 0 && t.DueDay < today, Assignee: t.AssigneeEmail, CreatedBy: t.CreatedBy,
			Created: t.CreatedAt.In(loc).Format("2 Jan 2006"), Done: t.Done(),
			DoneURL: wsURL(ws, "tasks/"+strconv.FormatInt(t.ID, 10)+"/done")}
		if t.CreatorID != nil {
			row.CreatorURL = wsURL(ws, "creators/"+strconv.FormatInt(*t.CreatorID, 10))
		}
		if t.DoneAt != nil {
			row.DoneText = t.DoneAt.In(loc).Format("2 Jan 2006 15:04") + " by " + t.DoneBy
		}
		out = append(out, row)
	}
	return out
}

// memberChoice is a member in an assignee or owner select.
type memberChoice struct {
	ID    int64
	Email string
	Me    bool
}

// memberChoices lists the workspace's members, the signed-in one first.
func (h *handler) memberChoices(r *http.Request) ([]memberChoice, error) {
	st := current(r)
	ms, err := h.store.WorkspaceMembers(r.Context(), st.workspace.ID)
	if err != nil {
		return nil, err
	}
	out := make([]memberChoice, 0, len(ms))
	for _, m := range ms {
		o := memberChoice{ID: m.ID, Email: m.Email, Me: m.ID == st.principal.User.ID}
		if o.Me {
			out = append([]memberChoice{o}, out...)
		} else {
			out = append(out, o)
		}
	}
	return out, nil
}
