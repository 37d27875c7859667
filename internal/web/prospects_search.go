package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// prospectsSearchPage is the data of the prospects_search template: the marketplace creator
// search form and the searches run lately.
type prospectsSearchPage struct {
	basePage
	Workspace   *model.Workspace
	CanSearch   bool
	Connections []connectionChoice
	Form        searchForm
	Searches    []searchRow
	Running     bool // a search is queued or running: the page refreshes itself
	Notice      string
	Error       string
	MaxLimit    int
}

// searchForm is what the search form was filled with.
type searchForm struct {
	Keyword, MinFollowers, MaxFollowers, Limit string
}

// searchRow is one search as the jobs table has it.
type searchRow struct {
	ID                      int64
	What                    string
	Status, StatusClass     string
	Queued, Finished, Error string
}

// prospectsSearch shows the TikTok Shop creator marketplace search: the form, and the last
// searches with their status as the job queue has it.
func (h *handler) prospectsSearch(w http.ResponseWriter, r *http.Request) {
	page := &prospectsSearchPage{Form: searchForm{Limit: strconv.Itoa(platformsync.DefaultCreatorLimit)}}
	if r.URL.Query().Get("ok") == "queued" {
		page.Notice = "Search queued. Creators it finds are added as prospects page by page; the list below shows when it is done."
	}
	h.renderProspectsSearch(w, r, http.StatusOK, 0, page)
}

// renderProspectsSearch fills page and renders it with status.
func (h *handler) renderProspectsSearch(w http.ResponseWriter, r *http.Request, status int, conn int64, page *prospectsSearchPage) {
	st := current(r)
	ws := st.workspace
	page.basePage = basePage{Title: ws.Name + " — Marketplace search"}
	page.Workspace, page.CanSearch, page.MaxLimit = ws, st.can(access.EditCreators), platformsync.MaxCreatorLimit
	var err error
	if page.Connections, err = h.connectionChoices(r.Context(), ws, conn); err != nil {
		h.serverError(w, r, err)
		return
	}
	jobs, err := h.store.Jobs(r.Context(), store.JobFilter{WorkspaceID: ws.ID, Kind: platformsync.KindCreators, Limit: 15})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	loc := ws.Location()
	for _, j := range jobs {
		var q platformsync.CreatorSearch
		_ = json.Unmarshal(j.Payload, &q)
		row := searchRow{ID: j.ID, What: searchLabel(q), Status: j.Status, StatusClass: "ok", Queued: j.CreatedAt.In(loc).Format("2 Jan 15:04")}
		switch j.Status {
		case store.JobQueued, store.JobRunning:
			page.Running = true
			row.StatusClass = "pending"
			if j.LastError != "" {
				row.Error = "retrying after: " + j.LastError
			}
		case store.JobDead:
			row.StatusClass, row.Error = "bad", j.LastError
		}
		if j.FinishedAt != nil {
			row.Finished = j.FinishedAt.In(loc).Format("2 Jan 15:04")
		}
		page.Searches = append(page.Searches, row)
	}
	h.render(w, r, status, "prospects_search", page)
}

// searchLabel describes a search in a few words.
func searchLabel(q platformsync.CreatorSearch) string {
	s := "everyone"
	if q.Keyword != "" {
		s = "“" + q.Keyword + "”"
	}
	switch {
	case q.MinFollowers > 0 && q.MaxFollowers > 0:
		s += ", " + strconv.FormatInt(q.MinFollowers, 10) + "–" + strconv.FormatInt(q.MaxFollowers, 10) + " followers"
	case q.MinFollowers > 0:
		s += ", at least " + strconv.FormatInt(q.MinFollowers, 10) + " followers"
	case q.MaxFollowers > 0:
		s += ", at most " + strconv.FormatInt(q.MaxFollowers, 10) + " followers"
	}
	limit := q.Limit
	if limit == 0 {
		limit = platformsync.DefaultCreatorLimit
	}
	return s + ", up to " + strconv.Itoa(limit)
}
