package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// EnrollJob is a background enrollment: enroll-creators queues one instead of enrolling in the
// request when a saved view matches more creators than a request enrolls itself
// (store.EnrollSyncMax), as the web app does for "Enroll all matching".
type EnrollJob struct {
	ID           int64      `json:"id"`
	SequenceID   int64      `json:"sequence_id"`
	SequenceName string     `json:"sequence_name"`
	Source       string     `json:"source" doc:"view:<id> for a saved view, directory for the web app's \"Enroll all matching\""`
	Query        string     `json:"query" doc:"The directory query string of the creators it enrolls (the saved view's, read as its owner saved it)"`
	Status       string     `json:"status" enum:"running,done,failed"`
	Error        string     `json:"error" doc:"Why it stopped, once failed; what it enrolled before stays enrolled"`
	Total        *int       `json:"total" doc:"How many creators matched when it started; null until it has counted them. Creators who match later are enrolled too, so done may pass it."`
	Done         int        `json:"done" doc:"Creators gone through so far, enrolled or left out"`
	Enrolled     int        `json:"enrolled"`
	Skipped      int        `json:"skipped" doc:"Creators left out so far: the sum of the reasons below"`
	Already      int        `json:"already" doc:"Already in the sequence"`
	Suppressed   int        `json:"suppressed" doc:"Unsubscribed, bounced, blocked or suppressed by hand"`
	BlockedStage int        `json:"blocked_stage" doc:"Do-not-contact, banned, or already at a stage the sequence stops at"`
	NoAddress    int        `json:"no_address" doc:"Nothing to reach them on for the first step's channel"`
	NotFound     int        `json:"not_found" doc:"No longer a creator of this workspace"`
	StartedBy    string     `json:"started_by"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	FinishedAt   *time.Time `json:"finished_at" doc:"When it ended (done or failed); null while it runs"`
	URL          string     `json:"url" doc:"Where to follow it: the get-enroll-job operation"`
}

// enrollJobAccepted is enroll-creators' 202: the background enrollment it queued.
type enrollJobAccepted struct {
	EnrollJob EnrollJob `json:"enroll_job"`
}

func enrollJobOut(slug string, j *store.EnrollJob) EnrollJob {
	r := &j.Result
	done := j.Handled()
	return EnrollJob{ID: j.ID, SequenceID: j.SequenceID, SequenceName: j.SequenceName, Source: j.Source, Query: j.QueryString,
		Status: j.Status, Error: j.Error, Total: j.Total, Done: done, Enrolled: r.Enrolled, Skipped: done - r.Enrolled,
		Already: r.Already, Suppressed: r.Suppressed, BlockedStage: r.BlockedStage, NoAddress: r.NoAddress, NotFound: r.NotFound,
		StartedBy: j.Actor.Label, CreatedAt: j.CreatedAt, UpdatedAt: j.UpdatedAt, FinishedAt: j.FinishedAt,
		URL: enrollJobPath(slug, j.ID)}
}

// enrollJobPath is the get-enroll-job URL of a background enrollment.
func enrollJobPath(slug string, id int64) string {
	return Prefix + "/workspaces/" + slug + "/outreach/enroll-jobs/" + strconv.FormatInt(id, 10)
}

type getEnrollJobInput struct {
	WS        string `path:"ws" doc:"Workspace slug"`
	EnrollJob string `path:"enrolljob" doc:"Background enrollment id (enroll_job.id of enroll-creators' 202)"`
}

type getEnrollJobOutput struct{ Body EnrollJob }

// registerOutreachEnrollJobs adds the background enrollments' operation. It needs
// outreach.run, like the web app's progress page: the people who enroll follow their jobs.
func registerOutreachEnrollJobs(a *API) {
	register(a, huma.Operation{OperationID: "get-enroll-job", Method: http.MethodGet, Path: outreachPath + "/enroll-jobs/{enrolljob}",
		Summary: "Follow a background enrollment", Tags: outreachTags,
		Description: "Its status (running, done or failed) and counts so far. Poll it every few seconds until the status is no longer running."},
		access.RunOutreach, a.getEnrollJob)
}

func (a *API) getEnrollJob(ctx context.Context, in *getEnrollJobInput) (*getEnrollJobOutput, error) {
	ws := from(ctx).workspace
	id, err := pathObjectID(in.EnrollJob, "enroll job")
	if err != nil {
		return nil, err
	}
	j, err := a.Store.EnrollJob(ctx, ws.ID, id)
	if err != nil {
		return nil, a.found(err, "enroll job", in.EnrollJob)
	}
	return &getEnrollJobOutput{Body: enrollJobOut(ws.Slug, j)}, nil
}

// enrollViewLater queues the background enrollment of saved view v's creators (dq) in sequence
// q and answers 202 with it. While one already runs for the sequence, nothing is queued and the
// answer is a 409 carrying the running job (errors[0].value), so that a client neither thinks
// its own selection is being enrolled nor loses track of what is.
func (a *API) enrollViewLater(ctx context.Context, q *store.Sequence, v *store.SavedView, dq store.DirectoryQuery) (*enrollOutput, error) {
	st := from(ctx)
	ws := st.workspace
	j, started, err := a.Store.StartEnrollJob(ctx, st.principal.Actor(), ws.ID, q.ID, dq, v.Query, store.ViewEnrollSource(v.ID))
	if err != nil {
		return nil, a.outreachProblem(err, "sequence")
	}
	out := enrollJobOut(ws.Slug, j)
	if !started {
		return nil, huma.Error409Conflict(fmt.Sprintf("Sequence %q is already enrolling creators in the background (enroll job %d, %s): "+
			"one background enrollment runs per sequence at a time; follow it at %s and enroll again once it has ended.", q.Name, j.ID, j.Source, out.URL),
			&huma.ErrorDetail{Message: "the running background enrollment", Location: "enroll_job", Value: out})
	}
	return &enrollOutput{Status: http.StatusAccepted, Body: enrollJobAccepted{EnrollJob: out}}, nil
}
