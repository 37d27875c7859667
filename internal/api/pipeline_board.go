package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// BoardColumn is one stage of the pipeline: how many creators of the filter it holds, their
// 30-day GMV, and the top creators by 30-day GMV.
type BoardColumn struct {
	Stage    string         `json:"stage" example:"engaged"`
	Count    int64          `json:"count"`
	GMV30d   Money          `json:"gmv_30d" doc:"30-day GMV of the stage's creators, in the workspace's main currency"`
	Creators []CreatorState `json:"creators" doc:"The top creators by 30-day GMV, up to per_column"`
}

type boardInput struct {
	WS        string   `path:"ws" doc:"Workspace slug"`
	Q         string   `query:"q" maxLength:"200" doc:"Start of a handle, display name or email"`
	Owner     string   `query:"owner" maxLength:"20" doc:"Only creators this member owns (user id, or me)"`
	Unowned   bool     `query:"unowned" doc:"Only creators nobody owns (with owner: theirs or nobody's)"`
	Tag       []string `query:"tag" doc:"Creators with all these tags"`
	Vertical  []string `query:"vertical" doc:"Creators in any of these verticals"`
	Region    string   `query:"region" maxLength:"64"`
	PerColumn int      `query:"per_column" default:"50" minimum:"0" maximum:"200" doc:"Creators listed per stage"`
}

type boardOutput struct {
	Body struct {
		Columns []BoardColumn `json:"columns" doc:"Every stage, in board order"`
	}
}

// SLAView is one SLA view and how many creators (or tasks) wait in it.
type SLAView struct {
	Name  string `json:"name" enum:"engaged,no_sale,no_reply,tasks_due"`
	Label string `json:"label" example:"Engaged, not onboarded for 3+ days"`
	Days  int    `json:"days"`
	Count int64  `json:"count"`
}

type slaViewsOutput struct {
	Body struct {
		Views []SLAView `json:"views"`
	}
}

type slaCreatorsInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	View string `query:"view" enum:"engaged,no_sale,no_reply" required:"true" doc:"Which view (tasks_due is list-tasks with status overdue)"`
	PageParams
}

// SLACreator is a creator waiting in an SLA view.
type SLACreator struct {
	CreatorState
	Since time.Time `json:"since" doc:"When the clock started: entering the stage, or the last message sent"`
}

type slaCreatorsOutput struct {
	Body struct {
		Items      []SLACreator `json:"items"`
		NextCursor string       `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

func registerPipelineBoard(a *API) {
	tags := []string{"Pipeline"}
	base := Prefix + "/workspaces/{ws}/pipeline"
	register(a, huma.Operation{OperationID: "get-pipeline", Method: http.MethodGet, Path: base, Summary: "The pipeline board",
		Tags: tags, Description: "Counts and 30-day GMV per stage, with the top creators of each, for the directory's filters."},
		access.ViewData, a.getPipeline)
	register(a, huma.Operation{OperationID: "list-sla-views", Method: http.MethodGet, Path: base + "/sla", Summary: "Count the SLA views",
		Tags: tags, Description: "Creators waiting past the team's promise (days from the CRM settings), and late tasks."},
		access.ViewData, a.listSLAViews)
	register(a, huma.Operation{OperationID: "list-sla-creators", Method: http.MethodGet, Path: base + "/sla/creators",
		Summary: "List the creators of an SLA view", Tags: tags, Description: "The longest waiting first."}, access.ViewData, a.listSLACreators)
}

func (a *API) getPipeline(ctx context.Context, in *boardInput) (*boardOutput, error) {
	st := from(ctx)
	q := store.DirectoryQuery{Search: in.Q, Unowned: in.Unowned, Tags: splitQuery(in.Tag), Verticals: splitQuery(in.Vertical), Region: in.Region}
	switch in.Owner {
	case "":
	case "me":
		if st.principal.User == nil {
			return nil, invalid("owner", in.Owner, "needs a signed-in member: a token is nobody's")
		}
		q.OwnerID = &st.principal.User.ID
	default:
		id, err := strconv.ParseInt(in.Owner, 10, 64)
		if err != nil {
			return nil, invalid("owner", in.Owner, "is not a user id or me")
		}
		q.OwnerID = &id
	}
	per := in.PerColumn
	b, err := a.Store.PipelineBoard(ctx, st.workspace.ID, q, max(per, 1))
	if err != nil {
		return nil, a.fail(err, "pipeline")
	}
	out := &boardOutput{}
	for _, c := range b.Columns {
		col := BoardColumn{Stage: string(c.Stage), Count: c.Count, GMV30d: moneyOf(c.GMV30d, b.Currency), Creators: []CreatorState{}}
		for i := range c.Cards {
			if i < per {
				col.Creators = append(col.Creators, creatorStateOut(&c.Cards[i]))
			}
		}
		out.Body.Columns = append(out.Body.Columns, col)
	}
	return out, nil
}

func (a *API) listSLAViews(ctx context.Context, _ *workspaceInput) (*slaViewsOutput, error) {
	views, err := a.Store.SLAViews(ctx, from(ctx).workspace.ID, time.Now())
	if err != nil {
		return nil, a.fail(err, "SLA view")
	}
	out := &slaViewsOutput{}
	for _, v := range views {
		out.Body.Views = append(out.Body.Views, SLAView{Name: v.Name, Label: v.Label, Days: v.Days, Count: v.Count})
	}
	return out, nil
}

func (a *API) listSLACreators(ctx context.Context, in *slaCreatorsInput) (*slaCreatorsOutput, error) {
	c, err := decodeCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	var after *store.SLAKey
	if c != "" {
		if after, err = store.ParseSLAKey(c); err != nil {
			return nil, huma.Error400BadRequest("cursor " + in.Cursor + " is not a cursor of this list")
		}
	}
	rows, next, err := a.Store.SLACreators(ctx, from(ctx).workspace.ID, in.View, time.Now(), after, in.Limit)
	if errors.Is(err, store.ErrBadCursor) {
		return nil, huma.Error400BadRequest("cursor " + in.Cursor + " is not a cursor of this list")
	}
	if err != nil {
		return nil, a.fail(err, "SLA view")
	}
	out := &slaCreatorsOutput{}
	out.Body.Items = make([]SLACreator, 0, len(rows))
	for i := range rows {
		out.Body.Items = append(out.Body.Items, SLACreator{CreatorState: creatorStateOut(&rows[i].CRMProfile), Since: rows[i].Since})
	}
	if next != nil {
		out.Body.NextCursor = encodeCursor(next.String())
	}
	return out, nil
}
