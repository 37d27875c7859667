package web

import (
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// tasksCSV downloads the task list with the page's filters (who, show), every page of it.
func (h *handler) tasksCSV(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	f := parseTasksFilter(r, ws)
	f.Query.After, f.Query.Limit = "", 500
	loc := ws.Location()
	header := []string{"Task ID", "Title", "Creator", "Due", "Assignee", "Status", "Created by", "Created at", "Done at", "Done by"}
	h.writeCSV(w, r, csvFilename(ws, "tasks-"+f.Show), header, func(emit func([]string) error) error {
		for {
			tasks, more, err := h.store.Tasks(r.Context(), ws.ID, f.Query)
			if err != nil {
				return err
			}
			for _, t := range tasks {
				status, doneAt := "open", ""
				if t.DoneAt != nil {
					status, doneAt = "done", t.DoneAt.In(loc).Format("2006-01-02 15:04")
				}
				if err := emit([]string{strconv.FormatInt(t.ID, 10), t.Title, t.CreatorHandle, dayInput(t.DueDay), t.AssigneeEmail,
					status, t.CreatedBy, t.CreatedAt.In(loc).Format("2006-01-02 15:04"), doneAt, t.DoneBy}); err != nil {
					return err
				}
			}
			if !more {
				return nil
			}
			f.Query.After = store.TaskKey(tasks[len(tasks)-1], f.Show)
		}
	})
}
