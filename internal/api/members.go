package api

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// Member is a user's membership of the workspace.
type Member struct {
	UserID  int64     `json:"user_id" doc:"Identifier used in paths"`
	Email   string    `json:"email" example:"ana@brand.example"`
	Name    string    `json:"name"`
	Role    string    `json:"role" enum:"owner,manager,specialist,finance,viewer"`
	AddedAt time.Time `json:"added_at"`
}

func memberOut(m *store.WorkspaceMember) Member {
	return Member{UserID: m.ID, Email: m.Email, Name: m.Name, Role: m.Role, AddedAt: m.AddedAt}
}

type listMembersInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
	PageParams
}

type listMembersOutput struct {
	Body struct {
		Items      []Member `json:"items"`
		NextCursor string   `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type memberInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	User string `path:"user" doc:"User id of the member"`
}

type setRoleInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	User string `path:"user" doc:"User id of the member"`
	Body struct {
		// Checked by the handler (no enum or required in the schema, which huma would enforce
		// first), after the member is found: another workspace's member is a 404 whatever the
		// body holds.
		Role string `json:"role" required:"false" doc:"The new role: owner, manager, specialist, finance or viewer" example:"manager"`
	}
}

type memberOutput struct{ Body Member }

func registerMembers(a *API) {
	tags := []string{"Members"}
	register(a, huma.Operation{OperationID: "list-members", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/members",
		Summary: "List the members", Tags: tags, Description: "Members are listed by user id."}, access.ManageMembers, a.listMembers)
	register(a, huma.Operation{OperationID: "set-member-role", Method: http.MethodPut, Path: Prefix + "/workspaces/{ws}/members/{user}",
		Summary: "Change a member's role", Tags: tags, Errors: []int{http.StatusConflict},
		Description: "The last owner of a workspace cannot be demoted (409)."}, access.ManageMembers, a.setMemberRole)
	register(a, huma.Operation{OperationID: "remove-member", Method: http.MethodDelete, Path: Prefix + "/workspaces/{ws}/members/{user}",
		Summary: "Remove a member", Tags: tags, DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusConflict},
		Description: "The account stays for the other workspaces it belongs to. The last owner cannot be removed (409)."},
		access.ManageMembers, a.removeMember)
}

func (a *API) listMembers(ctx context.Context, in *listMembersInput) (*listMembersOutput, error) {
	after, err := decodeIDCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	ms, err := a.Store.WorkspaceMembers(ctx, from(ctx).workspace.ID)
	if err != nil {
		return nil, a.fail(err, "member")
	}
	// By id, so a cursor stays valid when someone changes their email.
	byID := make([]*store.WorkspaceMember, 0, len(ms))
	for _, m := range ms {
		if m.ID > after {
			byID = append(byID, m)
		}
	}
	slices.SortFunc(byID, func(x, y *store.WorkspaceMember) int { return cmp.Compare(x.ID, y.ID) })
	out := &listMembersOutput{}
	out.Body.Items = []Member{}
	for _, m := range byID {
		if len(out.Body.Items) == in.Limit {
			out.Body.NextCursor = encodeCursor(strconv.FormatInt(out.Body.Items[len(out.Body.Items)-1].UserID, 10))
			break
		}
		out.Body.Items = append(out.Body.Items, memberOut(m))
	}
	return out, nil
}

// member finds the {user} of the path among the current workspace's members.
func (a *API) member(ctx context.Context, user string) (*store.WorkspaceMember, error) {
	id, err := strconv.ParseInt(user, 10, 64)
	if err != nil || id <= 0 {
		return nil, huma.Error404NotFound(fmt.Sprintf("member %q not found in this workspace", user))
	}
	m, err := a.Store.WorkspaceMemberByID(ctx, from(ctx).workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, huma.Error404NotFound(fmt.Sprintf("member %q not found in this workspace", user))
	}
	if err != nil {
		return nil, a.fail(err, "member")
	}
	return m, nil
}

// lastOwner is the refusal to leave a workspace without an owner.
func lastOwner(email string) error {
	return huma.Error409Conflict(email + " is the only owner of this workspace: make another member owner first, or nobody could manage it again")
}

func (a *API) setMemberRole(ctx context.Context, in *setRoleInput) (*memberOutput, error) {
	st := from(ctx)
	m, err := a.member(ctx, in.User)
	if err != nil {
		return nil, err
	}
	role, ok := access.ParseRole(in.Body.Role)
	if !ok {
		return nil, invalid("body.role", in.Body.Role, "is not a role: owner, manager, specialist, finance or viewer")
	}
	err = a.Store.SetMemberRole(ctx, st.principal.Actor(), st.workspace.ID, m.ID, string(role))
	if errors.Is(err, store.ErrLastOwner) {
		return nil, lastOwner(m.Email)
	}
	if err != nil {
		return nil, a.fail(err, "member")
	}
	m.Role = string(role)
	return &memberOutput{Body: memberOut(m)}, nil
}

func (a *API) removeMember(ctx context.Context, in *memberInput) (*struct{}, error) {
	st := from(ctx)
	m, err := a.member(ctx, in.User)
	if err != nil {
		return nil, err
	}
	err = a.Store.RemoveMember(ctx, st.principal.Actor(), st.workspace.ID, m.ID)
	if errors.Is(err, store.ErrLastOwner) {
		return nil, lastOwner(m.Email)
	}
	if err != nil {
		return nil, a.fail(err, "member")
	}
	return nil, nil
}
