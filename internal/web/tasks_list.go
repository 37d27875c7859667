package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// tasksPage is the data of the tasks template.
type tasksPage struct {
	basePage
	Workspace *model.Workspace
	Notice    string
	Who, Show string
	WhoLinks  []tabLink
	Tabs      []tabLink
	Rows      []taskRow
	MoreURL   string
	FirstURL  string
	CanEdit   bool
	Members   []memberChoice
	ExportURL string
	SLAURL    string
	Today     string
	Problem   listProblem // a page address that cannot be used: no list, and why
}

// tabLink is one tab of a page: a label, maybe a count, and where it goes.
type tabLink struct {
	Label   string
	Count   int64
	URL     string
	Current bool
}

// taskNotices are the messages after a change (the POST redirects here with ?ok=).
var taskNotices = map[string]string{
	"task": "Task added.", "done": "Task done.", "reopened": "Task reopened.",
}

// tasksList shows my (or everybody's) tasks: overdue, due today, upcoming, done.
func (h *handler) tasksList(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	f := parseTasksFilter(r, ws)
	path := wsURL(ws, "tasks")
	v := f.values()
	status, bad := http.StatusOK, listProblem{}
	rows, more, err := h.store.Tasks(r.Context(), ws.ID, f.Query)
	if errors.Is(err, store.ErrBadCursor) {
		// The page answers with its tabs and form, and the way to the first page.
		status, err = http.StatusBadRequest, nil
		bad = problemAt("after", "after "+quote(f.Query.After)+" is not a page of this list: follow the page's links.", listURL(path, v))
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	counts, err := h.store.CountTasks(r.Context(), ws.ID, f.Query.AssigneeID, f.Query.Today)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page := &tasksPage{basePage: basePage{Title: "Tasks — " + ws.Name}, Workspace: ws, Who: f.Who, Show: f.Show,
		Notice: taskNotices[r.URL.Query().Get("ok")], Rows: taskRows(ws, f.Query.Today, rows), CanEdit: st.can(access.EditCreators),
		SLAURL: wsURL(ws, "pipeline/sla"), Today: dayInput(f.Query.Today), Problem: bad}
	page.WhoLinks = []tabLink{
		{Label: "My tasks", URL: listURL(path, v, "who", "me"), Current: f.Who == "me"},
		{Label: "Everybody's", URL: listURL(path, v, "who", "all"), Current: f.Who == "all"},
	}
	n := map[string]int64{store.TasksOverdue: counts.Overdue, store.TasksToday: counts.Today, store.TasksUpcoming: counts.Upcoming, store.TasksDone: counts.Done}
	for _, t := range tasksShows {
		page.Tabs = append(page.Tabs, tabLink{Label: t.Label, Count: n[t.Key], URL: listURL(path, v, "show", t.Key), Current: t.Key == f.Show})
	}
	if more {
		page.MoreURL = listURL(path, v, "after", store.TaskKey(rows[len(rows)-1], f.Show))
	}
	if f.Query.After != "" && bad.Message == "" {
		page.FirstURL = listURL(path, v)
	}
	if page.CanEdit {
		if page.Members, err = h.memberChoices(r); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	if st.can(access.ExportData) {
		page.ExportURL = listURL(wsURL(ws, "tasks.csv"), v)
	}
	h.render(w, r, status, "tasks", page)
}
