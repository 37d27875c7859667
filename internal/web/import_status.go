package web

import (
	"net/http"
	"time"
)

// importStatus is what the run page's script (static/progress.js) polls while an import runs.
type importStatus struct {
	progressStatus
	// Status, Pending and Progress came before progressStatus; kept for what reads them.
	Status   string `json:"status"`
	Pending  bool   `json:"pending"`
	Progress int64  `json:"progress"` // per mille of the file read
}

// importRunStatus answers an import run's progress as JSON: the bar is per mille of the file
// read, and the fields are the page's status badge, percentage and counters.
func (h *handler) importRunStatus(w http.ResponseWriter, r *http.Request) {
	run, ok := h.loadRun(w, r)
	if !ok {
		return
	}
	v := newRunView(current(r).workspace, run, time.Now())
	writeProgress(w, importStatus{
		progressStatus: progressStatus{Running: v.Pending, Value: v.Progress, Max: 1000, Fields: map[string]string{
			"status": v.Status, "percent": v.Percent, "rows": v.Rows, "inserted": v.Inserted, "updated": v.Updated,
			"unchanged": v.Unchanged, "rejected": v.Rejected}},
		Status: v.Status, Pending: v.Pending, Progress: v.Progress})
}
