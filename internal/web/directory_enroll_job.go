package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// enrollJobPage is a background enrollment ("Enroll all matching" from the Directory, or a
// big saved view enrolled from a sequence's page): its progress while it runs, then the same
// outcome the Directory shows after a small enrollment.
type enrollJobPage struct {
	basePage
	Workspace      *model.Workspace
	Job            enrollJobView
	From           enrollJobFrom
	StatusURL      string
	Already        bool   // a second request for the sequence was sent to this running one
	DirectoryURL   string // the Directory with the job's filters
	EnrollmentsURL string // the sequence's enrollments
}

// enrollJobFrom is where a background enrollment was started, so that the page's heading and
// links lead back there: the Directory, or the sequence's page for a saved view.
type enrollJobFrom struct {
	CrumbURL  string // the heading's link: the Directory (with the filters), or the sequence
	CrumbText string // "Directory", or the sequence's name
	Heading   string // "Enroll all matching", or "Enroll saved view «VIP»"
	BackURL   string // where to enroll again
	BackText  string // "Back to the Directory", "Back to the sequence"
	Where     string // "Directory", "sequence's page": "enroll again from the …"
}

// enrollJobView is what the page and its script show of a background enrollment. The status
// poll answers enrollJobStatus; the tests read it back into this type, hence the json names.
type enrollJobView struct {
	Status   string `json:"status"`
	Running  bool   `json:"running"`
	Headline string `json:"-"`        // "Enrolling 84,000 creators in «Spring seeding»…"
	Progress string `json:"progress"` // "42,000 done"
	Value    int    `json:"value"`    // for the bar: creators done, of Max
	Max      int    `json:"max"`
	Enrolled string `json:"-"`
	Skipped  string `json:"-"`
	Notice   string `json:"-"` // once done: the outcome
	Error    string `json:"-"` // once failed: why
	Started  string `json:"-"`
	By       string `json:"-"`
	Finished string `json:"-"`
}

// enrollJobStatus is the progress page's poll (static/progress.js).
type enrollJobStatus struct {
	progressStatus
	// Status and Progress came before progressStatus; kept for what reads them.
	Status   string `json:"status"`
	Progress string `json:"progress"`
}

// directoryEnrollJob shows a background enrollment of the workspace, or answers its progress
// as JSON for the page's script (Accept: application/json). Another workspace's is a 404.
func (h *handler) directoryEnrollJob(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	id, err := strconv.ParseInt(r.PathValue("enrolljob"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	ctx := r.Context()
	j, err := h.store.EnrollJob(ctx, ws.ID, id)
	if err != nil {
		h.notFoundOr500(w, r, err)
		return
	}
	v := enrollJobViewOf(ws, j)
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		writeProgress(w, enrollJobStatus{
			progressStatus: progressStatus{Running: v.Running, Value: int64(v.Value), Max: int64(v.Max), Fields: map[string]string{
				"headline": v.Headline, "progress": v.Progress, "enrolled": v.Enrolled, "skipped": v.Skipped}},
			Status: v.Status, Progress: v.Progress})
		return
	}
	if j.Status == store.EnrollJobDone {
		status := ""
		if q, err := h.store.Sequence(ctx, ws.ID, j.SequenceID); err == nil {
			status = q.Status
		}
		v.Notice = enrollNotice("«"+j.SequenceName+"»", status, enrollJobOutcome(&j.Result))
	}
	page := &enrollJobPage{basePage: basePage{Title: ws.Name + " — Enrolling in " + j.SequenceName}, Workspace: ws, Job: v,
		StatusURL: enrollJobURL(ws.Slug, j.ID), Already: r.URL.Query().Get("already") == "1" && v.Running,
		DirectoryURL:   wsURL(ws, "directory"),
		EnrollmentsURL: wsURL(ws, "outreach/sequences/"+strconv.FormatInt(j.SequenceID, 10)+"/enrollments")}
	if j.QueryString != "" {
		page.DirectoryURL += "?" + j.QueryString
	}
	if page.From, err = h.enrollJobFromOf(ctx, ws, j, page.DirectoryURL); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "enroll_job", page)
}

// enrollJobFromOf says where background enrollment j was started, for its page's heading and
// links: a saved view's (source "view:<id>") from its sequence's page, anything else from the
// Directory (directoryURL, with the job's filters).
func (h *handler) enrollJobFromOf(ctx context.Context, ws *model.Workspace, j *store.EnrollJob, directoryURL string) (enrollJobFrom, error) {
	name, fromView, err := h.enrollJobView(ctx, ws.ID, j)
	if err != nil || !fromView {
		return enrollJobFrom{CrumbURL: directoryURL, CrumbText: "Directory", Heading: "Enroll all matching",
			BackURL: directoryURL, BackText: "Back to the Directory", Where: "Directory"}, err
	}
	seq := sequencePath(ws, j.SequenceID, "")
	from := enrollJobFrom{CrumbURL: seq, CrumbText: j.SequenceName, Heading: "Enroll a saved view",
		BackURL: seq + "#enroll", BackText: "Back to the sequence", Where: "sequence's page"}
	if name != "" {
		from.Heading = "Enroll saved view «" + name + "»"
	}
	return from, nil
}

// enrollJobView says whether a background enrollment was started for a saved view, and the
// view's name: "" when it has been deleted since (the pages still say it was a view).
func (h *handler) enrollJobView(ctx context.Context, workspaceID int64, j *store.EnrollJob) (name string, fromView bool, err error) {
	id, ok := strings.CutPrefix(j.Source, "view:")
	if !ok {
		return "", false, nil
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return "", true, nil
	}
	v, _, err := h.store.DirectoryView(ctx, workspaceID, n)
	switch {
	case err == nil:
		return v.Name, true, nil
	case errors.Is(err, store.ErrNotFound):
		return "", true, nil
	}
	return "", true, err
}

// enrollJobViewOf says where a background enrollment stands.
func enrollJobViewOf(ws *model.Workspace, j *store.EnrollJob) enrollJobView {
	done := j.Handled()
	out := enrollJobOutcome(&j.Result)
	v := enrollJobView{Status: j.Status, Running: j.Status == store.EnrollJobRunning, Value: done, Max: max(done, 1),
		Enrolled: dirThousands(out.Enrolled), Skipped: dirThousands(out.Skipped()), Error: j.Error,
		Started: importTime(j.CreatedAt, ws.Timezone), By: j.Actor.Label}
	if j.FinishedAt != nil {
		v.Finished = importTime(*j.FinishedAt, ws.Timezone)
	}
	name := "«" + j.SequenceName + "»"
	switch {
	case j.Total == nil:
		v.Headline = "Counting the creators to enroll in " + name + "…"
	case v.Running:
		// Creators who joined the filter since it was counted are enrolled too: the count
		// grows rather than the bar passing its end.
		total := max(*j.Total, done)
		v.Max = max(total, 1)
		noun := "creators"
		if total == 1 {
			noun = "creator"
		}
		v.Headline = fmt.Sprintf("Enrolling %s %s in %s…", dirThousands(total), noun, name)
	case j.Status == store.EnrollJobDone:
		v.Value, v.Max = 1, 1
		v.Headline = "Enrolled every matching creator in " + name + "."
	default:
		v.Headline = "The enrollment in " + name + " stopped before the end."
	}
	v.Progress = dirThousands(done) + " done"
	return v
}

// enrollJobOutcome is a store result as the enrollment notices count it.
func enrollJobOutcome(r *store.EnrollResult) *enrollOutcome {
	return &enrollOutcome{Enrolled: r.Enrolled, Already: r.Already, Suppressed: r.Suppressed, Blocked: r.BlockedStage,
		NoAddress: r.NoAddress, NotFound: r.NotFound}
}
