package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
)

// Workspace is one brand's workspace as the API shows it.
type Workspace struct {
	Slug      string    `json:"slug" doc:"Identifier used in paths" example:"glow-lab"`
	Name      string    `json:"name" example:"Glow Lab US"`
	Timezone  string    `json:"timezone" doc:"IANA time zone days and reports are cut in" example:"America/Los_Angeles"`
	Role      string    `json:"role" doc:"Your role (or the token's) in the workspace" enum:"owner,manager,specialist,finance,viewer"`
	CreatedAt time.Time `json:"created_at"`
}

func workspaceOut(ws *model.Workspace, role string) Workspace {
	return Workspace{Slug: ws.Slug, Name: ws.Name, Timezone: ws.Timezone, Role: role, CreatedAt: ws.CreatedAt}
}

type workspacesOutput struct {
	Body struct {
		Items []Workspace `json:"items"`
	}
}

type workspaceInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
}

type workspaceOutput struct{ Body Workspace }

func registerWorkspaces(a *API) {
	register(a, huma.Operation{OperationID: "list-workspaces", Method: http.MethodGet, Path: Prefix + "/workspaces",
		Summary: "List the workspaces you can see", Tags: []string{"Workspaces"},
		Description: "A user sees the workspaces they are a member of; an API token sees only its own."},
		"", a.listWorkspaces)
	register(a, huma.Operation{OperationID: "get-workspace", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}",
		Summary: "Get a workspace", Tags: []string{"Workspaces"}},
		access.ViewData, a.getWorkspace)
}

func (a *API) listWorkspaces(ctx context.Context, _ *struct{}) (*workspacesOutput, error) {
	p := from(ctx).principal
	out := &workspacesOutput{}
	out.Body.Items = []Workspace{}
	if p.Token != nil {
		all, err := a.Store.Workspaces(ctx)
		if err != nil {
			return nil, a.fail(err, "workspace")
		}
		for _, ws := range all {
			if ws.ID == p.Token.WorkspaceID {
				out.Body.Items = append(out.Body.Items, workspaceOut(ws, p.Token.Role))
			}
		}
		return out, nil
	}
	ms, err := a.Store.Memberships(ctx, p.User.ID)
	if err != nil {
		return nil, a.fail(err, "workspace")
	}
	for _, m := range ms {
		out.Body.Items = append(out.Body.Items, workspaceOut(m.Workspace, m.Role))
	}
	return out, nil
}

func (a *API) getWorkspace(ctx context.Context, _ *workspaceInput) (*workspaceOutput, error) {
	st := from(ctx)
	return &workspaceOutput{Body: workspaceOut(st.workspace, string(st.role))}, nil
}
