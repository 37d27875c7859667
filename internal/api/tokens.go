package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// APIToken is a workspace's API token as the API shows it: never its secret, which is not kept.
type APIToken struct {
	ID         int64      `json:"id" doc:"Identifier used in paths"`
	Name       string     `json:"name" example:"Nightly export"`
	Prefix     string     `json:"prefix" doc:"The first characters of the token, to tell tokens apart" example:"cro_Ab12Cd"`
	Role       string     `json:"role" enum:"owner,manager,specialist,finance,viewer"`
	CreatedBy  int64      `json:"created_by" doc:"User id of its creator; 0 when it was made with another API token"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at" doc:"Last use, to the minute; null when never used"`
	RevokedAt  *time.Time `json:"revoked_at" doc:"null while the token works"`
}

func tokenOut(t *store.APIToken) APIToken {
	return APIToken{ID: t.ID, Name: t.Name, Prefix: t.Prefix, Role: t.Role, CreatedBy: t.CreatedBy,
		CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt}
}

type listTokensInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
	PageParams
}

type listTokensOutput struct {
	Body struct {
		Items      []APIToken `json:"items"`
		NextCursor string     `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type createTokenInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		Name string `json:"name" minLength:"1" maxLength:"100" doc:"Who or what uses it" example:"Nightly export"`
		Role string `json:"role" enum:"owner,manager,specialist,finance,viewer" doc:"At most the role of whoever creates it"`
	}
}

type createTokenOutput struct {
	Body struct {
		Token  APIToken `json:"token"`
		Secret string   `json:"secret" doc:"The token to send as 'Authorization: Bearer …'. Returned only this once: only its hash is kept."`
	}
}

type tokenInput struct {
	WS    string `path:"ws" doc:"Workspace slug"`
	Token string `path:"token" doc:"Token id"`
}

func registerTokens(a *API) {
	tags := []string{"API tokens"}
	register(a, huma.Operation{OperationID: "list-tokens", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/tokens",
		Summary: "List the API tokens", Tags: tags, Description: "Newest first, revoked ones included."}, access.ManageTokens, a.listTokens)
	register(a, huma.Operation{OperationID: "create-token", Method: http.MethodPost, Path: Prefix + "/workspaces/{ws}/tokens",
		Summary: "Create an API token", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "The answer holds the token's secret, returned only this once. Its role may not exceed the caller's (403)."},
		access.ManageTokens, a.createToken)
	register(a, huma.Operation{OperationID: "revoke-token", Method: http.MethodDelete, Path: Prefix + "/workspaces/{ws}/tokens/{token}",
		Summary: "Revoke an API token", Tags: tags, DefaultStatus: http.StatusNoContent,
		Description: "Requests with the token are refused from then on. Revoking a revoked token changes nothing."},
		access.ManageTokens, a.revokeToken)
}

func (a *API) listTokens(ctx context.Context, in *listTokensInput) (*listTokensOutput, error) {
	before, err := decodeIDCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	tokens, err := a.Store.APITokens(ctx, from(ctx).workspace.ID)
	if err != nil {
		return nil, a.fail(err, "API token")
	}
	out := &listTokensOutput{}
	out.Body.Items = []APIToken{}
	for _, t := range tokens { // newest (highest id) first
		if before > 0 && t.ID >= before {
			continue
		}
		if len(out.Body.Items) == in.Limit {
			out.Body.NextCursor = encodeCursor(strconv.FormatInt(out.Body.Items[len(out.Body.Items)-1].ID, 10))
			break
		}
		out.Body.Items = append(out.Body.Items, tokenOut(t))
	}
	return out, nil
}

func (a *API) createToken(ctx context.Context, in *createTokenInput) (*createTokenOutput, error) {
	st := from(ctx)
	name := strings.TrimSpace(in.Body.Name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return nil, invalid("body.name", in.Body.Name, "must have 1 to 100 characters")
	}
	role, ok := access.ParseRole(in.Body.Role)
	if !ok {
		return nil, invalid("body.role", in.Body.Role, "is not a role")
	}
	if !access.AtMost(role, st.role) {
		return nil, huma.Error403Forbidden(fmt.Sprintf("a token of role %s would be allowed more than you (%s) are", role, st.role))
	}
	secret, t, err := a.Auth.NewAPIToken(ctx, st.principal.Actor(), st.workspace.ID, name, role)
	if err != nil {
		return nil, a.fail(err, "API token")
	}
	out := &createTokenOutput{}
	out.Body.Token, out.Body.Secret = tokenOut(t), secret
	return out, nil
}

func (a *API) revokeToken(ctx context.Context, in *tokenInput) (*struct{}, error) {
	st := from(ctx)
	id, err := strconv.ParseInt(in.Token, 10, 64)
	if err != nil {
		return nil, huma.Error404NotFound(fmt.Sprintf("API token %q not found in this workspace", in.Token))
	}
	tokens, err := a.Store.APITokens(ctx, st.workspace.ID)
	if err != nil {
		return nil, a.fail(err, "API token")
	}
	for _, t := range tokens {
		if t.ID != id {
			continue
		}
		if t.RevokedAt != nil {
			return nil, nil
		}
		err := a.Store.RevokeAPIToken(ctx, st.principal.Actor(), st.workspace.ID, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) { // ErrNotFound: revoked meanwhile
			return nil, a.fail(err, "API token")
		}
		return nil, nil
	}
	return nil, huma.Error404NotFound(fmt.Sprintf("API token %q not found in this workspace", in.Token))
}
