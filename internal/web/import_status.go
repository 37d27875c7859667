package web

import (
	"encoding/json"
	"net/http"
	"time"
)

// importStatus is what the run page's script polls while an import runs.
type importStatus struct {
	Status    string `json:"status"`
	Pending   bool   `json:"pending"`
	Progress  int64  `json:"progress"` // per mille of the file read
	Percent   string `json:"percent"`
	Rows      string `json:"rows"`
	Inserted  string `json:"inserted"`
	Updated   string `json:"updated"`
	Unchanged string `json:"unchanged"`
	Rejected  string `json:"rejected"`
}

// importRunStatus answers an import run's progress as JSON.
func (h *handler) importRunStatus(w http.ResponseWriter, r *http.Request) {
	run, ok := h.loadRun(w, r)
	if !ok {
		return
	}
	v := newRunView(current(r).workspace, run, time.Now())
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(importStatus{Status: v.Status, Pending: v.Pending, Progress: v.Progress, Percent: v.Percent,
		Rows: v.Rows, Inserted: v.Inserted, Updated: v.Updated, Unchanged: v.Unchanged, Rejected: v.Rejected})
}
