package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// rejectedPerPage is how many rejected rows an import's page lists at once.
const rejectedPerPage = 50

// importPage is one import run: its progress or summary, and the rows it rejected.
type importPage struct {
	basePage
	Workspace *model.Workspace
	Run       runView
	StatusURL string
	Rejected  []rejectedView
	Next      string // address of the next page of rejected rows, "" on the last
	First     string // address of the first page, "" on it
	CanExport bool
	CanImport bool
}

// rejectedView is a rejected row as the page lists it.
type rejectedView struct {
	Row     int64
	Column  string
	Value   string
	Reason  string
	FixedBy string // "import 12" when a later import read the line well
	FixedAt string // that import's page
}

// showImport shows an import run.
func (h *handler) showImport(w http.ResponseWriter, r *http.Request) {
	run, ok := h.loadRun(w, r)
	if !ok {
		return
	}
	st := current(r)
	ws := st.workspace
	after, err := parseRejectedKey(r.URL.Query().Get("after"))
	if err != nil {
		h.badRequest(w, r, err.Error())
		return
	}
	page := &importPage{basePage: basePage{Title: ws.Name + " — Import " + strconv.FormatInt(run.ID, 10)}, Workspace: ws,
		Run: newRunView(ws, run, time.Now()), CanExport: st.can(access.ExportData), CanImport: st.can(access.ImportData)}
	page.StatusURL = page.Run.URL + "/status"
	rows, err := h.store.RejectedPage(r.Context(), ws.ID, store.RejectedFilter{RunID: run.ID, IncludeDone: true}, after, rejectedPerPage)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if len(rows) > rejectedPerPage {
		rows = rows[:rejectedPerPage]
		page.Next = page.Run.URL + "?after=" + formatRejectedKey(rows[len(rows)-1].Key()) + "#rejected"
	}
	if after != (store.RejectedKey{}) {
		page.First = page.Run.URL + "#rejected"
	}
	for _, row := range rows {
		v := rejectedView{Row: row.Row, Column: row.Column, Value: row.Value, Reason: row.Reason}
		if row.ResolvedRunID != 0 {
			v.FixedBy = fmt.Sprintf("import %d", row.ResolvedRunID)
			v.FixedAt = wsURL(ws, "imports/"+strconv.FormatInt(row.ResolvedRunID, 10))
		}
		page.Rejected = append(page.Rejected, v)
	}
	h.render(w, r, http.StatusOK, "import", page)
}

// formatRejectedKey writes a rejected rows cursor for a URL: "run-row-id".
func formatRejectedKey(k store.RejectedKey) string {
	return fmt.Sprintf("%d-%d-%d", k.RunID, k.Row, k.ID)
}

// parseRejectedKey reads a cursor formatRejectedKey wrote ("" is the first page).
func parseRejectedKey(s string) (store.RejectedKey, error) {
	var k store.RejectedKey
	if s == "" {
		return k, nil
	}
	parts := strings.Split(s, "-")
	bad := fmt.Errorf("after %q is not a position in the rejected rows: follow the page links", s)
	if len(parts) != 3 {
		return k, bad
	}
	var vals [3]int64
	for i, p := range parts {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n < 0 {
			return k, bad
		}
		vals[i] = n
	}
	return store.RejectedKey{RunID: vals[0], Row: vals[1], ID: vals[2]}, nil
}
