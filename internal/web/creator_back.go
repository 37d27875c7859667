package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/creatorops/creatorops/internal/model"
)

// creatorBackLabels names the lists a creator page is opened from: its back link returns to the
// list the user came from, with their filters, instead of always to one list.
// The keys are paths inside the workspace; a saved view (views/{id}) is the directory's.
var creatorBackLabels = map[string]string{
	"directory":      "Directory",
	"pipeline":       "Pipeline",
	"pipeline/sla":   "SLA views",
	"tasks":          "Tasks",
	"prospects":      "Prospects",
	"duplicates":     "Duplicates",
	"creators":       "Creator sales",
	"samples":        "Samples",
	"collaborations": "Collaborations",
	"":               "Overview",
}

// creatorBack is the back link of a creator page: the request's Referer when it is one of
// creatorBackLabels' lists of the workspace (its path and query only, so the link never leaves
// the app), else the directory, where every creator is.
func creatorBack(r *http.Request, ws *model.Workspace) (href, label string) {
	href, label = wsURL(ws, "directory"), "Directory"
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || !strings.HasPrefix(ref.Path, wsURL(ws, "")) {
		return href, label
	}
	rest := strings.TrimPrefix(ref.Path, wsURL(ws, ""))
	l, ok := creatorBackLabels[rest]
	if strings.HasPrefix(rest, "views/") && !strings.Contains(rest[len("views/"):], "/") {
		l, ok = "Directory", true
	}
	if !ok {
		return href, label // a creator's page (this one after a change), or a page that is no list
	}
	href = ref.Path
	if ref.RawQuery != "" {
		href += "?" + ref.RawQuery
	}
	return href, l
}
