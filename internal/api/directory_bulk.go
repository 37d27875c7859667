package api

import (
	"context"
	"errors"
	"fmt"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

type bulkInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		Action  string  `json:"action" doc:"assign, tag_add, tag_remove or stage" example:"assign"`
		IDs     []int64 `json:"ids" maxItems:"5000" doc:"The creators, at most 5,000"`
		OwnerID int64   `json:"owner_id,omitempty" doc:"assign: a member's user id; 0 to unassign"`
		Tag     string  `json:"tag,omitempty" maxLength:"200" doc:"tag_add, tag_remove: the tag (stored lowercase, spaces as dashes); tag_add takes at most 60 characters"`
		Stage   string  `json:"stage,omitempty" doc:"stage: the stage to move to"`
		Reason  string  `json:"reason,omitempty" maxLength:"500" doc:"stage: why; required for do_not_contact and banned"`
	}
}

type bulkOutput struct {
	Body struct {
		Changed int `json:"changed" doc:"Creators that changed (those already so are left alone)"`
	}
}

func (a *API) bulkUpdateCreators(ctx context.Context, in *bulkInput) (*bulkOutput, error) {
	st := from(ctx)
	ws := st.workspace
	b := in.Body
	if len(b.IDs) == 0 {
		return nil, huma.Error400BadRequest("ids: name at least one creator")
	}
	// The creators first: another workspace's ids are a 404 whatever the rest of the body says.
	rows, err := a.Store.DirectoryCreators(ctx, ws.ID, b.IDs)
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	seen := map[int64]bool{}
	for _, id := range b.IDs {
		seen[id] = true
	}
	if len(rows) != len(seen) {
		return nil, huma.Error404NotFound("creator not found: every id must be a live creator of this workspace")
	}
	act := st.principal.Actor()
	var n int
	switch b.Action {
	case "assign":
		var owner *int64
		if b.OwnerID != 0 {
			owner = &b.OwnerID
		}
		n, err = a.Store.SetOwner(ctx, act, ws.ID, b.IDs, owner)
		if errors.Is(err, store.ErrNotFound) && owner != nil {
			return nil, huma.Error400BadRequest(fmt.Sprintf("owner_id %d is not a member of this workspace", b.OwnerID))
		}
	case "tag_add", "tag_remove":
		tag := store.NormalizeTag(b.Tag)
		if tag == "" {
			return nil, huma.Error400BadRequest("tag: name the tag to " + map[string]string{"tag_add": "add", "tag_remove": "remove"}[b.Action])
		}
		if b.Action == "tag_add" {
			// The limit holds for new tags: a longer one from before it can still be removed.
			if err := store.CheckTag("body.tag", b.Tag); err != nil {
				return nil, tagInvalid(err)
			}
			n, err = a.Store.UpdateTags(ctx, act, ws.ID, b.IDs, []string{tag}, nil)
		} else {
			n, err = a.Store.UpdateTags(ctx, act, ws.ID, b.IDs, nil, []string{tag})
		}
	case "stage":
		stage, ok := model.ParseStage(b.Stage)
		if !ok {
			return nil, huma.Error400BadRequest(fmt.Sprintf("stage %q is not a stage", b.Stage))
		}
		n, err = a.Store.SetStage(ctx, act, ws.ID, b.IDs, stage, b.Reason)
		if errors.Is(err, store.ErrReasonRequired) {
			return nil, huma.Error400BadRequest("reason is required for " + string(stage))
		}
	default:
		return nil, huma.Error400BadRequest(fmt.Sprintf("action %q is not one of: assign, tag_add, tag_remove, stage", b.Action))
	}
	if errors.Is(err, store.ErrTooMany) {
		return nil, huma.Error400BadRequest(err.Error())
	}
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	out := &bulkOutput{}
	out.Body.Changed = n
	return out, nil
}
