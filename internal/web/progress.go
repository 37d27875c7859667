package web

import (
	"encoding/json"
	"net/http"
)

// progressStatus is what static/progress.js polls on a page that follows work running on the
// server (an import, a background enrollment): one shape for every such page, so one script
// serves them all. While Running, the script moves the page's bar to Value of Max and sets
// the text of each [data-field] element to Fields[name]; once not Running, it reloads the
// page, which then shows the outcome.
type progressStatus struct {
	Running bool              `json:"running"`
	Value   int64             `json:"value"`
	Max     int64             `json:"max"`
	Fields  map[string]string `json:"fields"`
}

// writeProgress answers a status poll: v is a progressStatus, or a struct embedding one
// (pages may keep older fields beside it). Never cached: it changes every second.
func writeProgress(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(v)
}
