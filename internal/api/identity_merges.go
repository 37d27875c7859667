package api

import (
	"context"
	"errors"
	"github.com/creatorops/creatorops/internal/crm"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/store"
)

// Merge is one merge of a creator into another.
type Merge struct {
	ID             int64      `json:"id" example:"7"`
	KeptID         int64      `json:"kept_id" doc:"The creator kept"`
	KeptUsername   string     `json:"kept_username"`
	MergedID       int64      `json:"merged_id" doc:"The creator merged into it"`
	MergedUsername string     `json:"merged_username"`
	Reason         string     `json:"reason"`
	MergedBy       string     `json:"merged_by"`
	MergedAt       time.Time  `json:"merged_at"`
	UndoneAt       *time.Time `json:"undone_at,omitempty" doc:"When the merge was undone; absent while it holds"`
	UndoneBy       string     `json:"undone_by,omitempty"`
}

func mergeOut(m *store.CreatorMerge) Merge {
	return Merge{ID: m.ID, KeptID: m.KeptID, KeptUsername: m.KeptHandle, MergedID: m.MergedID,
		MergedUsername: m.MergedHandle, Reason: m.Reason, MergedBy: m.MergedBy, MergedAt: m.MergedAt,
		UndoneAt: m.UndoneAt, UndoneBy: m.UndoneBy}
}

type mergeOutput struct {
	Location string `header:"Location" doc:"Address of the kept creator"`
	Body     Merge
}

type mergeInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		KeptID   int64  `json:"kept_id" doc:"The creator to keep" minimum:"1"`
		MergedID int64  `json:"merged_id" doc:"The creator merged into it" minimum:"1"`
		Reason   string `json:"reason,omitempty" doc:"Why, for the timelines and the audit log" maxLength:"500"`
	}
}

// mergeProblem is the answer to a merge or unmerge the store refused.
func (a *API) mergeProblem(err error, what string) error {
	switch {
	case errors.Is(err, store.ErrSameCreator):
		return invalid("body.merged_id", "", "is the kept creator: a creator cannot be merged into itself")
	case errors.Is(err, store.ErrCreatorMerged):
		return huma.Error409Conflict(strings.TrimPrefix(err.Error(), "store: ") +
			": merge into (or from) the creator it was merged into, or undo that merge first")
	case errors.Is(err, store.ErrMergeUndone):
		return huma.Error409Conflict("this merge was already undone")
	}
	return a.fail(err, what)
}

func (a *API) mergeCreators(ctx context.Context, in *mergeInput) (*mergeOutput, error) {
	st := from(ctx)
	b := in.Body
	id, err := a.Store.MergeCreators(ctx, st.principal.Actor(), st.workspace.ID, b.KeptID, b.MergedID, b.Reason)
	if err != nil {
		return nil, a.mergeProblem(err, "creator")
	}
	a.refreshSoon(ctx, st.workspace.ID)
	m, err := a.Store.CreatorMergeByID(ctx, st.workspace.ID, id)
	if err != nil {
		return nil, a.fail(err, "merge")
	}
	return &mergeOutput{Location: Prefix + "/workspaces/" + st.workspace.Slug + "/creators/" + strconv.FormatInt(m.KeptID, 10),
		Body: mergeOut(m)}, nil
}

type unmergeInput struct {
	WS    string `path:"ws" doc:"Workspace slug"`
	Merge int64  `path:"merge" doc:"Merge id" minimum:"1"`
}

type mergeBody struct{ Body Merge }

func (a *API) unmergeCreators(ctx context.Context, in *unmergeInput) (*mergeBody, error) {
	st := from(ctx)
	if _, err := a.Store.CreatorMergeByID(ctx, st.workspace.ID, in.Merge); err != nil {
		return nil, a.fail(err, "merge")
	}
	if err := a.Store.UnmergeCreators(ctx, st.principal.Actor(), st.workspace.ID, in.Merge); err != nil {
		return nil, a.mergeProblem(err, "merge")
	}
	a.refreshSoon(ctx, st.workspace.ID)
	m, err := a.Store.CreatorMergeByID(ctx, st.workspace.ID, in.Merge)
	if err != nil {
		return nil, a.fail(err, "merge")
	}
	return &mergeBody{Body: mergeOut(m)}, nil
}

type mergesOutput struct {
	Body struct {
		Items      []Merge `json:"items"`
		NextCursor string  `json:"next_cursor,omitempty" doc:"Pass as cursor for the next page; absent on the last"`
	}
}

type mergesInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
	PageParams
}

func (a *API) listMerges(ctx context.Context, in *mergesInput) (*mergesOutput, error) {
	st := from(ctx)
	before, err := decodeIDCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	ms, err := a.Store.MergeHistory(ctx, st.workspace.ID, before, in.Limit)
	if err != nil {
		return nil, a.fail(err, "merge")
	}
	out := &mergesOutput{}
	out.Body.Items = []Merge{}
	if len(ms) > in.Limit {
		ms = ms[:in.Limit]
		out.Body.NextCursor = encodeCursor(strconv.FormatInt(ms[len(ms)-1].ID, 10))
	}
	for _, m := range ms {
		out.Body.Items = append(out.Body.Items, mergeOut(m))
	}
	return out, nil
}

type creatorMergesInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator int64  `path:"creator" doc:"Creator id" minimum:"1"`
}

type creatorMergesOutput struct {
	Body struct {
		Items []Merge `json:"items" doc:"Merges the creator was kept in or merged by, newest first"`
	}
}

func (a *API) listCreatorMerges(ctx context.Context, in *creatorMergesInput) (*creatorMergesOutput, error) {
	st := from(ctx)
	if _, err := a.Store.CRMProfile(ctx, st.workspace.ID, in.Creator); err != nil {
		return nil, a.fail(err, "creator")
	}
	ms, err := a.Store.CreatorMerges(ctx, st.workspace.ID, in.Creator)
	if err != nil {
		return nil, a.fail(err, "merge")
	}
	out := &creatorMergesOutput{}
	out.Body.Items = []Merge{}
	for _, m := range ms {
		out.Body.Items = append(out.Body.Items, mergeOut(m))
	}
	return out, nil
}

// refreshSoon queues a CRM refresh of the workspace after a merge or unmerge (see the web's
// refreshSoon); a failure to queue is logged, and the hourly run catches up.
func (a *API) refreshSoon(ctx context.Context, wsID int64) {
	if err := crm.EnqueueRefresh(ctx, a.Store, wsID); err != nil {
		a.Log.Error("unable to queue a CRM refresh", "workspace", wsID, "err", err)
	}
}
