package api

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/store"
)

// SavedView is a member's named filters of a list page.
type SavedView struct {
	ID        int64     `json:"id"`
	Page      string    `json:"page" enum:"directory,pipeline"`
	Name      string    `json:"name" example:"US beauty, unowned"`
	Query     string    `json:"query" doc:"The page's query string" example:"region=US&vertical=Beauty&unowned=1"`
	CreatedAt time.Time `json:"created_at"`
}

func savedViewOut(v *store.SavedView) SavedView {
	return SavedView{ID: v.ID, Page: v.Page, Name: v.Name, Query: v.Query, CreatedAt: v.CreatedAt}
}

type listViewsInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Page string `query:"page" enum:"directory,pipeline" default:"directory"`
}

type listViewsOutput struct {
	Body struct {
		Items []SavedView `json:"items"`
	}
}

type saveViewInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		Page  string `json:"page" enum:"directory,pipeline"`
		Name  string `json:"name" maxLength:"80"`
		Query string `json:"query" maxLength:"4000"`
	}
}

type viewOutput struct{ Body SavedView }

type viewInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	View string `path:"view" doc:"Saved view id"`
}

// viewMember is who saved views belong to: a member, or the member who made the token.
func viewMember(ctx context.Context) (int64, error) {
	id := viewerID(from(ctx).principal)
	if id == 0 {
		return 0, huma.Error403Forbidden("saved views belong to members: this token was made by nobody who is one")
	}
	return id, nil
}

func (a *API) listSavedViews(ctx context.Context, in *listViewsInput) (*listViewsOutput, error) {
	uid, err := viewMember(ctx)
	if err != nil {
		return nil, err
	}
	views, err := a.Store.SavedViews(ctx, from(ctx).workspace.ID, uid, in.Page)
	if err != nil {
		return nil, a.fail(err, "view")
	}
	out := &listViewsOutput{}
	out.Body.Items = make([]SavedView, 0, len(views))
	for i := range views {
		out.Body.Items = append(out.Body.Items, savedViewOut(&views[i]))
	}
	return out, nil
}

func (a *API) saveView(ctx context.Context, in *saveViewInput) (*viewOutput, error) {
	uid, err := viewMember(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := url.ParseQuery(in.Body.Query); err != nil {
		return nil, huma.Error400BadRequest("query is not a query string")
	}
	st := from(ctx)
	v, err := a.Store.SaveView(ctx, st.principal.Actor(), st.workspace.ID, uid, in.Body.Page, in.Body.Name, in.Body.Query)
	var ve *store.ViewError
	if errors.As(err, &ve) {
		return nil, huma.Error400BadRequest(ve.Error())
	}
	if err != nil {
		return nil, a.fail(err, "view")
	}
	return &viewOutput{Body: savedViewOut(v)}, nil
}

func (a *API) deleteView(ctx context.Context, in *viewInput) (*struct{}, error) {
	id, err := strconv.ParseInt(in.View, 10, 64)
	uid := viewerID(from(ctx).principal)
	if err != nil || id <= 0 || uid == 0 {
		return nil, huma.Error404NotFound("view " + in.View + " not found")
	}
	st := from(ctx)
	if err := a.Store.DeleteView(ctx, st.principal.Actor(), st.workspace.ID, uid, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, huma.Error404NotFound("view " + in.View + " not found")
		}
		return nil, a.fail(err, "view")
	}
	return nil, nil
}
