package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// enrollmentsPage is the data of the outreach_enrollments template.
type enrollmentsPage struct {
	outreachBase
	Seq       *store.Sequence
	SeqURL    string
	Status    string
	Reason    string
	Statuses  []tabLink
	Reasons   []store.ReasonCount
	Rows      []enrollmentRow
	MoreURL   string
	FirstURL  string
	ExportURL string
	FilterURL string
	Running   *runningEnroll // a background enrollment in the sequence, while it runs
	Problem   listProblem    // a query value that cannot be used: no list, and why
}

// enrollmentRow is an enrollment as lists show it.
type enrollmentRow struct {
	ID         int64
	Creator    string
	CreatorURL string
	Status     string
	Reason     string // stop or wait reason
	Step       string // "step 2 of 3 due 15 Nov 10:00", "finished"
	Held       string // instead of the due time while the sequence sends nothing: "held: sequence paused"
	Variant    string
	Source     string
	Enrolled   string
	LastSent   string
	ActionURL  string
	CanPause   bool
	CanResume  bool
	CanStop    bool
}

var enrollmentStatuses = []string{"", store.EnrollmentActive, store.EnrollmentPaused, store.EnrollmentStopped, store.EnrollmentCompleted}

var enrollmentNotices = map[string]string{"paused": "Enrollment paused.", "active": "Enrollment resumed.", "stopped": "Enrollment stopped."}

// outreachEnrollments lists a sequence's enrollments, filtered by status and stop reason.
func (h *handler) outreachEnrollments(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	q := h.loadSequence(w, r)
	if q == nil {
		return
	}
	v := r.URL.Query()
	path := sequencePath(ws, q.ID, "enrollments")
	reason := v.Get("reason")
	// A bad value answers with the page (tabs, filter, the sequence's state) and a panel naming
	// it where the list was, status 400.
	var bad listProblem
	f, ok := enrollmentFilterOf(v, q.ID)
	if !ok {
		bad = problemAt("status", "status "+quote(f.Status)+" is not active, paused, stopped or completed.", path)
		bad.Way = "Pick one of the status tabs above."
		f.Status = ""
	}
	keep := url.Values{"status": {f.Status}, "reason": {reason}}
	if a := v.Get("after"); a != "" && bad.Message == "" {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			bad = problemAt("after", "after "+quote(a)+" is not a page of this list: follow the page's links.", listURL(path, keep))
		}
		f.AfterID = id
	}
	var rows []store.Enrollment
	var more bool
	var err error
	if bad.Message == "" {
		if rows, more, err = h.enrollmentPage(r.Context(), ws.ID, f, reason, 50); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	page := &enrollmentsPage{outreachBase: outreachPage(r, "Enrollments — "+q.Name, "home", enrollmentNotices), Seq: q,
		SeqURL: sequencePath(ws, q.ID, ""), Status: f.Status, Reason: reason, Rows: enrollmentRows(ws, q, rows), Problem: bad}
	page.FilterURL = path
	for _, s := range enrollmentStatuses {
		label := "All"
		if s != "" {
			label = s
		}
		page.Statuses = append(page.Statuses, tabLink{Label: label, URL: listURL(path, nil, "status", s), Current: s == f.Status})
	}
	if page.Reasons, err = h.store.EnrollmentStopReasons(r.Context(), ws.ID, q.ID); err != nil {
		h.serverError(w, r, err)
		return
	}
	if page.Running, err = h.runningEnrollOf(r.Context(), r, q); err != nil {
		h.serverError(w, r, err)
		return
	}
	if bad.Message != "" {
		h.render(w, r, http.StatusBadRequest, "outreach_enrollments", page)
		return
	}
	if more {
		page.MoreURL = listURL(path, keep, "after", strconv.FormatInt(rows[len(rows)-1].ID, 10))
	}
	if f.AfterID != 0 {
		page.FirstURL = listURL(path, keep)
	}
	if page.CanExport {
		page.ExportURL = listURL(sequencePath(ws, q.ID, "enrollments.csv"), keep)
	}
	h.render(w, r, http.StatusOK, "outreach_enrollments", page)
}

// enrollmentFilterOf reads the status filter; false for an unknown status.
func enrollmentFilterOf(v url.Values, sequenceID int64) (store.EnrollmentFilter, bool) {
	f := store.EnrollmentFilter{SequenceID: sequenceID, Status: v.Get("status")}
	for _, s := range enrollmentStatuses {
		if s == f.Status {
			return f, true
		}
	}
	return f, false
}

// enrollmentPage reads up to limit enrollments after f.AfterID, keeping those stopped for
// reason when one is asked; more says whether others follow.
func (h *handler) enrollmentPage(ctx context.Context, wsID int64, f store.EnrollmentFilter, reason string, limit int) ([]store.Enrollment, bool, error) {
	if reason != "" {
		f.Status = store.EnrollmentStopped
	}
	var out []store.Enrollment
	for {
		f.Limit = 500
		batch, err := h.store.ListEnrollments(ctx, wsID, f)
		if err != nil {
			return nil, false, err
		}
		for _, e := range batch {
			if reason == "" || e.StopReason == reason {
				if len(out) == limit {
					return out, true, nil
				}
				out = append(out, e)
			}
		}
		if len(batch) < f.Limit {
			return out, false, nil
		}
		f.AfterID = batch[len(batch)-1].ID
	}
}

func enrollmentRows(ws *model.Workspace, q *store.Sequence, es []store.Enrollment) []enrollmentRow {
	loc := ws.Location()
	out := make([]enrollmentRow, 0, len(es))
	for _, e := range es {
		row := enrollmentRow{ID: e.ID, Creator: e.CreatorHandle, CreatorURL: wsURL(ws, "creators/"+strconv.FormatInt(e.CreatorID, 10)),
			Status: e.Status, Variant: e.Variant, Source: sourceText(e.Source), Enrolled: e.EnrolledAt.In(loc).Format("2 Jan 2006"),
			ActionURL: wsURL(ws, "outreach/enrollments/"+strconv.FormatInt(e.ID, 10)+"/status")}
		if e.LastSentAt != nil {
			row.LastSent = e.LastSentAt.In(loc).Format("2 Jan 15:04")
		}
		switch e.Status {
		case store.EnrollmentActive, store.EnrollmentPaused:
			row.Step = "step " + strconv.Itoa(e.StepIndex+1) + " of " + strconv.Itoa(len(q.Steps))
			// A draft or paused sequence sends nothing: a due time would promise a message that
			// will not go out then.
			switch {
			case e.Status != store.EnrollmentActive:
			case q.Status == store.SequenceActive:
				row.Step += " due " + e.NextAt.In(loc).Format("2 Jan 15:04")
			case q.Status == store.SequenceDraft:
				row.Held = "held: sequence is a draft"
			default:
				row.Held = "held: sequence " + q.Status
			}
			row.Reason = e.WaitReason
			row.CanPause, row.CanResume, row.CanStop = e.Status == store.EnrollmentActive, e.Status == store.EnrollmentPaused, true
		case store.EnrollmentStopped:
			row.Step, row.Reason = "after step "+strconv.Itoa(e.StepIndex), e.StopReason
		default:
			row.Step = "finished"
		}
		out = append(out, row)
	}
	return out
}

// sourceText says how a creator was enrolled.
func sourceText(s string) string {
	switch {
	case s == "manual":
		return "by hand"
	case s == "rule":
		return "by rule"
	case len(s) > 5 && s[:5] == "view:":
		return "saved view"
	case s == "planner":
		return "quota planner"
	case s == directoryEnrollSource:
		return "from the Directory"
	}
	return s
}
