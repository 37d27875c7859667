package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/upload"
)

// runView is an import run formatted for the imports pages.
type runView struct {
	ID          int64
	URL         string
	File        string
	Size        string
	Shop        string
	Kind        string
	KindShort   string
	Status      string // queued, running, done, failed, interrupted
	Pending     bool   // queued or running: the page polls for progress
	Progress    int64  // per mille of the file read
	Percent     string
	Rows        string
	Inserted    string
	Updated     string
	Unchanged   string
	Rejected    string
	HasRejected bool
	Stale       int64
	Repeated    int64
	Started     string
	Finished    string
	Duration    string
	By          string
	Error       string
}

// newRunView formats a run; times show in the workspace's zone.
func newRunView(ws *model.Workspace, r *store.ImportRun, at time.Time) runView {
	c := moneyFor("USD").count
	v := runView{ID: r.ID, URL: wsURL(ws, "imports/"+strconv.FormatInt(r.ID, 10)), File: r.FileName, Shop: r.ShopSlug,
		Kind: upload.KindOf(r.Kind).Label, KindShort: upload.KindOf(r.Kind).Short, Status: r.StatusAt(at), Pending: r.Pending(at), Progress: r.Progress,
		Percent: fmt.Sprintf("%d%%", r.Progress/10), Rows: c(r.RowsRead), Inserted: c(r.Inserted), Updated: c(r.Updated),
		Unchanged: c(r.Unchanged), Rejected: c(r.Rejected), HasRejected: r.Rejected > 0, Stale: r.Stale, Repeated: r.Repeated,
		Started: importTime(r.StartedAt, ws.Timezone), By: r.StartedBy, Error: r.Error}
	if r.FileBytes > 0 {
		v.Size = upload.Size(r.FileBytes)
	}
	if v.By == "" {
		v.By = "command line"
	}
	if r.FinishedAt != nil {
		v.Finished = importTime(*r.FinishedAt, ws.Timezone)
		v.Duration = "under a second"
		if d := r.FinishedAt.Sub(r.StartedAt); d >= time.Second {
			v.Duration = d.Round(time.Second).String()
		}
	}
	return v
}

// importTime is the templates' inZone for Go code.
func importTime(t time.Time, tz string) string {
	return templateFuncs["inZone"].(func(time.Time, string) string)(t, tz)
}

// loadRun reads the {run} of the path, scoped to the current workspace; ok is false when the
// answer (404 or 500) has been written.
func (h *handler) loadRun(w http.ResponseWriter, r *http.Request) (*store.ImportRun, bool) {
	id, err := strconv.ParseInt(r.PathValue("run"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return nil, false
	}
	run, err := h.store.ImportRun(r.Context(), current(r).workspace.ID, id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			h.notFound(w, r)
		} else {
			h.serverError(w, r, err)
		}
		return nil, false
	}
	return run, true
}
