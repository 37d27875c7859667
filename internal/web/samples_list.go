package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// samplesPage is the data of the samples template.
type samplesPage struct {
	basePage
	Workspace *model.Workspace
	Filter    *sampleFilter
	Tabs      []sampleTab
	Products  []store.SampleProduct
	Rows      []sampleRow
	FirstURL  string
	OlderURL  string
	ClearURL  string
	ExportURL string
	Filtered  bool
	Empty     bool // no applications at all
	// HasConnection says a TikTok Shop is connected: the empty state offers "Sync now"
	// instead of sending the user to connect one.
	HasConnection  bool
	ConnectionsURL string
	SyncURL        string // "" when the viewer may not sync
	CanConnect     bool   // the viewer may connect shops (and sync them)
	MultiShop      bool   // several shops are connected: rows say which one
	LastSync       string // the latest completed samples sync, "" before the first
	SyncError      string // the latest attempt's error
	CanReview      bool
	// Reviewable: the viewer may review and the page has pending applications, so it shows
	// the selection, the bulk bar and the Decide column.
	Reviewable bool
	ReviewURL  string // the bulk review form's action
	Back       string // the list's query, kept across a review
	Reasons    []string
	MaxBatch   int
	Notice     string
	Results    *sampleResults // the failures of a review, shown above the list
	Problem    listProblem    // a filter that cannot be used: no list, and why
}

// sampleTab is one status of the status filter, with its count.
type sampleTab struct {
	Label, URL string
	Count      int64
	Current    bool
}

// sampleResults is what a review request did, when something in it failed.
type sampleResults struct {
	Heading  string
	Done     int
	Skipped  int
	Failures []sampleFailure
}

// sampleFailure is one application a review could not change.
type sampleFailure struct {
	Creator, Product, Message string
}

// samplesList shows the workspace's sample applications, newest request first, with the
// review buttons for those who may review.
func (h *handler) samplesList(w http.ResponseWriter, r *http.Request) {
	h.renderSamples(w, r, http.StatusOK, r.URL.Query(), nil)
}

// samplesDone are the messages of a finished action (done=action:n:m).
var samplesDone = map[string]string{
	"approve": "%d application(s) approved on TikTok Shop.",
	"reject":  "%d application(s) rejected on TikTok Shop; the creators see your reason.",
	"sync":    "Sync asked for: applications new on TikTok Shop show here within a minute or two.",
}

// renderSamples builds the list for the query v (a review that failed in part renders it
// with its results and a 4xx/5xx status).
func (h *handler) renderSamples(w http.ResponseWriter, r *http.Request, status int, v url.Values, results *sampleResults) {
	st := current(r)
	ws := st.workspace
	ctx := r.Context()
	f, bad := sampleFilterFrom(v, ws)
	if bad.Message != "" && status < http.StatusBadRequest {
		status = http.StatusBadRequest
	}
	done := v.Get("done")
	v = cloneValues(v)
	v.Del("done")
	if bad.Message != "" {
		v.Del(bad.Field) // the tabs' links leave the bad value out
	}
	path := wsURL(ws, "samples")
	page := &samplesPage{basePage: basePage{Title: ws.Name + " — Samples"}, Workspace: ws, Filter: f,
		Filtered: f.active(), ClearURL: path, ConnectionsURL: wsURL(ws, "connections"), CanReview: st.can(access.ManageAffiliate),
		ReviewURL: wsURL(ws, "samples/review"), Reasons: platformsync.RejectReasons, MaxBatch: platformsync.MaxReviewBatch,
		Results: results, Problem: bad}
	back := cloneValues(v)
	back.Del("after")
	page.Back = back.Encode()
	if st.can(access.ExportData) && bad.Message == "" {
		page.ExportURL = listURL(wsURL(ws, "samples.csv"), v, "after", "")
	}
	// done=action:reviewed:skipped, written by the review and sync handlers; counts only.
	if parts := strings.Split(done, ":"); len(parts) > 0 {
		n := make([]int, 2)
		for i := range n {
			if len(parts) > i+1 {
				n[i], _ = strconv.Atoi(parts[i+1])
			}
		}
		if msg, known := samplesDone[parts[0]]; known {
			msg = strings.Replace(msg, "%d", strconv.Itoa(n[0]), 1)
			if n[0] == 0 && n[1] > 0 {
				msg = "Nothing was sent: " + strconv.Itoa(n[1]) + " application(s) had been reviewed already."
			} else if n[1] > 0 {
				msg += " " + strconv.Itoa(n[1]) + " had been reviewed already: nothing was sent for them."
			}
			page.Notice = msg
		}
	}
	counts, err := h.store.SampleStatusCounts(ctx, ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	var total int64
	for _, c := range counts {
		total += c.Count
	}
	page.Empty = total == 0 && bad.Message == "" // a bad filter shows the form, to correct it
	page.Tabs = append(page.Tabs, sampleTab{Label: "All", Count: total, Current: f.Status == "", URL: listURL(path, v, "status", "", "after", "")})
	for _, c := range counts {
		page.Tabs = append(page.Tabs, sampleTab{Label: store.SampleStatusLabel(c.Status), Count: c.Count, Current: f.Status == c.Status,
			URL: listURL(path, v, "status", c.Status, "after", "")})
	}
	if err := h.samplesSyncInfo(r, ws, page); err != nil {
		h.serverError(w, r, err)
		return
	}
	if page.Empty {
		h.render(w, r, status, "samples", page)
		return
	}
	if page.Products, err = h.store.SampleProducts(ctx, ws.ID); err != nil {
		h.serverError(w, r, err)
		return
	}
	if bad.Message != "" {
		h.render(w, r, status, "samples", page)
		return
	}
	rows, more, err := h.store.SampleApplications(ctx, ws.ID, f.query)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if f.query.After != nil {
		page.FirstURL = listURL(path, v, "after", "")
	}
	if more {
		page.OlderURL = listURL(path, v, "after", encodeSampleKey(rows[len(rows)-1].Key()))
	}
	page.Rows = sampleRows(ws, rows, time.Now())
	for _, row := range page.Rows {
		page.Reviewable = page.Reviewable || (page.CanReview && row.Pending)
	}
	h.render(w, r, status, "samples", page)
}

// samplesSyncInfo fills what the page says of the samples sync: whether a shop is connected,
// when the applications were last synced, and the "Sync now" action.
func (h *handler) samplesSyncInfo(r *http.Request, ws *model.Workspace, page *samplesPage) error {
	ctx := r.Context()
	conns, err := h.store.Connections(ctx, ws.ID)
	if err != nil {
		return err
	}
	live := map[int64]bool{}
	for _, c := range conns {
		if c.Platform == model.PlatformTikTokShop && c.Status == store.ConnectionActive {
			live[c.ID] = true
		}
	}
	page.HasConnection, page.MultiShop = len(live) > 0, len(live) > 1
	page.CanConnect = current(r).can(access.ManageShops)
	if page.HasConnection && page.CanConnect {
		page.SyncURL = wsURL(ws, "samples/sync")
	}
	states, err := h.store.WorkspaceSyncStates(ctx, ws.ID)
	if err != nil {
		return err
	}
	var last *time.Time
	for _, st := range states {
		if st.Resource != store.SampleSyncResource || !live[st.ConnectionID] {
			continue
		}
		if st.LastSuccessAt != nil && (last == nil || st.LastSuccessAt.After(*last)) {
			last = st.LastSuccessAt
		}
		if st.LastError != "" {
			page.SyncError = st.LastError
		}
	}
	if last != nil {
		page.LastSync = ageOf(time.Since(*last))
	}
	return nil
}

// cloneValues copies a query, so a page can change it without changing the request's.
func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}
