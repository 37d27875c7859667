package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// Enrollment is one creator in one sequence.
type Enrollment struct {
	ID          int64      `json:"id"`
	SequenceID  int64      `json:"sequence_id"`
	CreatorID   int64      `json:"creator_id"`
	Handle      string     `json:"handle"`
	Status      string     `json:"status" enum:"active,paused,stopped,completed"`
	StopReason  string     `json:"stop_reason" doc:"Why it stopped: replied, do-not-contact, 5 messages without a reply, …"`
	WaitReason  string     `json:"wait_reason" doc:"Why a running enrollment waits past its step's delay (quota, quiet hours)"`
	StepIndex   int        `json:"step_index" doc:"The next step to send, from 0"`
	NextAt      time.Time  `json:"next_at" doc:"When it is due"`
	Variant     string     `json:"variant"`
	Source      string     `json:"source" doc:"manual, view:<id>, rule or planner"`
	EnrolledBy  string     `json:"enrolled_by"`
	EnrolledAt  time.Time  `json:"enrolled_at"`
	FirstSentAt *time.Time `json:"first_sent_at"`
	LastSentAt  *time.Time `json:"last_sent_at"`
}

func enrollmentOut(e *store.Enrollment) Enrollment {
	return Enrollment{ID: e.ID, SequenceID: e.SequenceID, CreatorID: e.CreatorID, Handle: e.CreatorHandle, Status: e.Status, StopReason: e.StopReason,
		WaitReason: e.WaitReason, StepIndex: e.StepIndex, NextAt: e.NextAt, Variant: e.Variant, Source: e.Source, EnrolledBy: e.EnrolledBy,
		EnrolledAt: e.EnrolledAt, FirstSentAt: e.FirstSentAt, LastSentAt: e.LastSentAt}
}

// EnrollResult counts what enrolling did: every creator left out has a reason.
type EnrollResult struct {
	Enrolled     int          `json:"enrolled"`
	Already      int          `json:"already" doc:"Already in the sequence"`
	Suppressed   int          `json:"suppressed" doc:"Unsubscribed, bounced, blocked or suppressed by hand"`
	BlockedStage int          `json:"blocked_stage" doc:"Do-not-contact, banned, or already at a stage the sequence stops at"`
	NoAddress    int          `json:"no_address" doc:"Nothing to reach them on for the first step's channel"`
	NotFound     int          `json:"not_found" doc:"Not a creator of this workspace"`
	Skipped      []EnrollSkip `json:"skipped" doc:"The first 200 creators left out, with why"`
}

// EnrollSkip is a creator not enrolled.
type EnrollSkip struct {
	CreatorID int64  `json:"creator_id"`
	Handle    string `json:"handle"`
	Reason    string `json:"reason"`
}

type enrollInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Sequence string `path:"sequence" doc:"Sequence id"`
	Body     struct {
		CreatorIDs []int64 `json:"creator_ids,omitempty" required:"false" maxItems:"5000" doc:"Creators to enroll"`
		ViewID     int64   `json:"view_id,omitempty" required:"false" doc:"Or every creator of this saved directory view, read as its owner saved it"`
	}
}

// enrollOutput is enroll-creators' answer: 200 with an EnrollResult when the request enrolled
// them, 202 with an enrollJobAccepted when a big saved view was queued instead.
type enrollOutput struct {
	Status int
	Body   any
}

type listEnrollmentsInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Sequence string `path:"sequence" doc:"Sequence id"`
	Status   string `query:"status" enum:"active,paused,stopped,completed" doc:"Only enrollments in this status"`
	PageParams
}

type listEnrollmentsOutput struct {
	Body struct {
		Items      []Enrollment `json:"items"`
		NextCursor string       `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type enrollmentStatusInput struct {
	WS         string `path:"ws" doc:"Workspace slug"`
	Enrollment string `path:"enrollment" doc:"Enrollment id"`
	Body       struct {
		Status string `json:"status" required:"false" doc:"paused, active (resume) or stopped" example:"paused"`
	}
}

type enrollmentOutput struct{ Body Enrollment }

func registerOutreachEnrollments(a *API) {
	reg := a.OpenAPI().Components.Schemas
	register(a, huma.Operation{OperationID: "enroll-creators", Method: http.MethodPost, Path: outreachPath + "/sequences/{sequence}/enrollments",
		Summary: "Enroll creators in a sequence", Tags: outreachTags,
		Description: "By creator ids or a saved directory view. Do-not-contact and banned creators, suppressed addresses and creators without an address for the first step's channel are left out; the answer counts each reason.\n\n" +
			fmt.Sprintf("A saved view matching more than %d creators is enrolled in the background: the answer is then **202** with the queued `enroll_job`, ", store.EnrollSyncMax) +
			"nobody is enrolled within the request, and `enroll_job.url` (get-enroll-job) gives its progress and counts. One background enrollment runs per sequence at a time: " +
			"while one runs, another big view answers **409** with the running job in `errors[0].value`. Creator ids, and smaller views, are enrolled within the request (200).",
		Responses: map[string]*huma.Response{
			"200": {Description: "Enrolled within the request", Content: map[string]*huma.MediaType{
				"application/json": {Schema: reg.Schema(reflect.TypeFor[EnrollResult](), true, "EnrollResult")}}},
			"202": {Description: "A big saved view: queued as a background enrollment", Content: map[string]*huma.MediaType{
				"application/json": {Schema: reg.Schema(reflect.TypeFor[enrollJobAccepted](), true, "EnrollJobAccepted")}}},
		},
		Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity, http.StatusNotImplemented}},
		access.RunOutreach, a.enroll)
	registerOutreachEnrollJobs(a)
	register(a, huma.Operation{OperationID: "list-enrollments", Method: http.MethodGet, Path: outreachPath + "/sequences/{sequence}/enrollments",
		Summary: "List a sequence's enrollments", Tags: outreachTags, Description: "Newest first."}, access.ViewData, a.listEnrollments)
	register(a, huma.Operation{OperationID: "set-enrollment-status", Method: http.MethodPut, Path: outreachPath + "/enrollments/{enrollment}/status",
		Summary: "Pause, resume or stop an enrollment", Tags: outreachTags,
		Description: "A paused enrollment's queued message is held; a stopped one's is cancelled."}, access.RunOutreach, a.setEnrollmentStatus)
}

func (a *API) enroll(ctx context.Context, in *enrollInput) (*enrollOutput, error) {
	st := from(ctx)
	q, err := a.pathSequence(ctx, in.Sequence)
	if err != nil {
		return nil, err
	}
	var res *store.EnrollResult
	switch {
	case in.Body.ViewID != 0 && len(in.Body.CreatorIDs) > 0:
		return nil, invalid("body", in.Body.ViewID, "give creator_ids or view_id, not both")
	case in.Body.ViewID != 0:
		if a.ViewQuery == nil {
			return nil, huma.Error501NotImplemented("saved views cannot be read by this server")
		}
		v, owner, verr := a.Store.DirectoryView(ctx, st.workspace.ID, in.Body.ViewID)
		if errors.Is(verr, store.ErrNotFound) {
			return nil, invalid("body.view_id", in.Body.ViewID, "is not a saved directory view of this workspace")
		}
		if verr != nil {
			return nil, a.fail(verr, "saved view")
		}
		dq, qerr := a.ViewQuery(v.Query, owner) // as its owner saved it, like the rule job and the web app
		if qerr != nil {
			return nil, invalid("body.view_id", in.Body.ViewID, fmt.Sprintf("is saved view %q, whose filters the directory no longer reads: %v", v.Name, qerr))
		}
		// Past the web app's threshold a request would take too long: the view is enrolled
		// by a background job, which this request only queues.
		ids, lerr := a.Store.DirectoryIDs(ctx, st.workspace.ID, dq, store.EnrollSyncMax)
		if lerr != nil {
			return nil, a.fail(lerr, "saved view")
		}
		if len(ids) > store.EnrollSyncMax {
			return a.enrollViewLater(ctx, q, v, dq)
		}
		res, err = a.Store.EnrollCreators(ctx, st.principal.Actor(), st.workspace.ID, q.ID, ids, store.ViewEnrollSource(v.ID))
	case len(in.Body.CreatorIDs) > 0:
		res, err = a.Store.EnrollCreators(ctx, st.principal.Actor(), st.workspace.ID, q.ID, in.Body.CreatorIDs, "manual")
	default:
		return nil, invalid("body", nil, "give creator_ids or view_id")
	}
	if err != nil {
		return nil, a.outreachProblem(err, "sequence")
	}
	out := EnrollResult{Enrolled: res.Enrolled, Already: res.Already, Suppressed: res.Suppressed, BlockedStage: res.BlockedStage,
		NoAddress: res.NoAddress, NotFound: res.NotFound, Skipped: []EnrollSkip{}}
	for _, s := range res.Skipped {
		out.Skipped = append(out.Skipped, EnrollSkip{CreatorID: s.CreatorID, Handle: s.Handle, Reason: s.Reason})
	}
	return &enrollOutput{Status: http.StatusOK, Body: out}, nil
}

func (a *API) listEnrollments(ctx context.Context, in *listEnrollmentsInput) (*listEnrollmentsOutput, error) {
	q, err := a.pathSequence(ctx, in.Sequence)
	if err != nil {
		return nil, err
	}
	after, err := decodeIDCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	es, err := a.Store.ListEnrollments(ctx, from(ctx).workspace.ID, store.EnrollmentFilter{SequenceID: q.ID, Status: in.Status,
		AfterID: after, Limit: in.Limit})
	if err != nil {
		return nil, a.fail(err, "enrollment")
	}
	out := &listEnrollmentsOutput{}
	out.Body.Items = []Enrollment{}
	if len(es) == in.Limit { // a full page: more may follow (the next page may be empty)
		out.Body.NextCursor = encodeCursor(strconv.FormatInt(es[len(es)-1].ID, 10))
	}
	for i := range es {
		out.Body.Items = append(out.Body.Items, enrollmentOut(&es[i]))
	}
	return out, nil
}

func (a *API) setEnrollmentStatus(ctx context.Context, in *enrollmentStatusInput) (*enrollmentOutput, error) {
	st := from(ctx)
	id, err := pathObjectID(in.Enrollment, "enrollment")
	if err != nil {
		return nil, err
	}
	e, err := a.Store.Enrollment(ctx, st.workspace.ID, id)
	if err != nil {
		return nil, a.found(err, "enrollment", in.Enrollment)
	}
	if err := a.Store.SetEnrollmentStatus(ctx, st.principal.Actor(), st.workspace.ID, e.ID, in.Body.Status); err != nil {
		return nil, a.outreachProblem(err, "enrollment")
	}
	if e, err = a.Store.Enrollment(ctx, st.workspace.ID, id); err != nil {
		return nil, a.fail(err, "enrollment")
	}
	return &enrollmentOutput{Body: enrollmentOut(e)}, nil
}
