// Package api is the JSON API of creatorops under /api/v1, built on huma: the OpenAPI 3.1
// document is generated from the same Go types the handlers use, so it cannot drift; errors are
// RFC 9457 problem details; request bodies and query strings with unknown fields are refused.
package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// Prefix starts every API path.
const Prefix = "/api/v1"

// Version is the API's version in its OpenAPI document.
const Version = "1.0.0"

// Deps are what the API handlers need.
type Deps struct {
	Store     *store.Store
	Auth      *auth.Service
	Log       *slog.Logger
	MaxUpload int64  // bytes
	UploadDir string // "" for the system's temp dir
	// Background lives as long as the server: uploads are imported under it, not under their
	// request.
	Background context.Context
	// Connect hands out a TikTok Shop client for a connection, for the actions taken on the
	// platform (target collaborations, messages, sample reviews); nil: those answer 503.
	Connect *connect.Service
	// ViewQuery reads a saved directory view's query string for the member who saved it: the
	// directory's query format belongs to the web app, which passes its reader. nil makes
	// enrolling a saved view answer 501.
	ViewQuery func(query string, userID int64) (store.DirectoryQuery, error)
}

// API is the registered API: huma plus our dependencies. Operations are added by register.
type API struct {
	huma.API
	Deps
}

// Mount registers every operation and the OpenAPI document (/api/v1/openapi.json) on mux, and
// returns the API (the web app renders its docs page from it).
func Mount(mux *http.ServeMux, d Deps) *API {
	config := huma.DefaultConfig("creatorops API", Version)
	config.Info.Description = "The JSON API of creatorops: workspaces, shops, creators, products, affiliate order lines, imports and reports. " +
		"Authenticate with an API token (`Authorization: Bearer cro_…`, created by a workspace owner in the web app) or a browser session. " +
		"Every object belongs to one workspace; objects of a workspace you cannot see answer 404. Errors are RFC 9457 problem details."
	config.OpenAPIPath = Prefix + "/openapi"
	config.DocsPath = ""
	config.SchemasPath = ""
	// No $schema links in responses: clients get plain objects.
	config.CreateHooks = nil
	config.RejectUnknownQueryParameters = true
	config.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"token":   {Type: "http", Scheme: "bearer", Description: "An API token, scoped to one workspace and one role."},
		"session": {Type: "apiKey", In: "cookie", Name: "creatorops_session", Description: "A signed-in browser session."},
	}
	config.Security = []map[string][]string{{"token": {}}, {"session": {}}}
	a := &API{API: humago.New(mux, config), Deps: d}
	a.UseMiddleware(a.authenticate)
	registerWorkspaces(a)
	registerData(a)
	registerImports(a)
	registerAdmin(a)
	registerCRM(a)
	registerConnections(a)
	registerOutreach(a)
	registerAffiliate(a)
	return a
}

// Operation metadata keys set by register and read by authenticate.
const (
	metaPermission = "permission"
	metaSignedIn   = "signedIn"
)

// register adds an operation with the permission it needs. Paths with {ws} are workspace
// operations and must name a permission; others only need a signed-in user. This is the one
// place the API's rules are attached, and authenticate the one place they are enforced.
func register[I, O any](a *API, op huma.Operation, perm access.Permission, handler func(context.Context, *I) (*O, error)) {
	inWorkspace := strings.Contains(op.Path, "{ws}")
	if inWorkspace && !access.Known(perm) {
		panic(fmt.Sprintf("api: operation %s %s has no known permission", op.Method, op.Path))
	}
	if !inWorkspace && perm != "" {
		panic(fmt.Sprintf("api: operation %s %s is outside a workspace but asks for %s", op.Method, op.Path, perm))
	}
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata[metaPermission] = perm
	op.Metadata[metaSignedIn] = true
	if perm != "" {
		op.Description = strings.TrimSpace(op.Description + "\n\nNeeds the `" + string(perm) + "` permission in the workspace.")
	}
	op.Errors = appendMissing(op.Errors, http.StatusUnauthorized, http.StatusNotFound)
	if perm != "" {
		op.Errors = appendMissing(op.Errors, http.StatusForbidden)
	}
	huma.Register(a.API, op, handler)
}

func appendMissing(list []int, codes ...int) []int {
	for _, c := range codes {
		found := false
		for _, l := range list {
			found = found || l == c
		}
		if !found {
			list = append(list, c)
		}
	}
	return list
}

// state is who a request acts as and, for workspace operations, where and with which role.
type state struct {
	principal *auth.Principal
	workspace *model.Workspace
	role      access.Role
}

type stateKey struct{}

// from returns the state authenticate stored in ctx.
func from(ctx context.Context) *state {
	st, _ := ctx.Value(stateKey{}).(*state)
	if st == nil {
		return &state{}
	}
	return st
}

// authenticate signs the request in (token or session), scopes it to the {ws} of its path and
// checks the operation's permission, before any handler runs.
func (a *API) authenticate(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	if op.Metadata[metaSignedIn] != true {
		next(ctx)
		return
	}
	p, err := a.principal(ctx)
	if errors.Is(err, auth.ErrNotSignedIn) {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="creatorops"`)
		huma.WriteErr(a.API, ctx, http.StatusUnauthorized, "Sign in first: send an API token as 'Authorization: Bearer cro_…' or a session cookie.")
		return
	}
	if err != nil {
		a.internal(ctx, err)
		return
	}
	st := &state{principal: p}
	if perm, _ := op.Metadata[metaPermission].(access.Permission); perm != "" {
		ws, role, err := a.Auth.Scope(ctx.Context(), p, ctx.Param("ws"))
		if errors.Is(err, store.ErrNotFound) {
			huma.WriteErr(a.API, ctx, http.StatusNotFound, fmt.Sprintf("There is no workspace %q that you can see.", ctx.Param("ws")))
			return
		}
		if err != nil {
			a.internal(ctx, err)
			return
		}
		if !access.Can(role, perm) {
			huma.WriteErr(a.API, ctx, http.StatusForbidden, fmt.Sprintf("Your role (%s) does not have the %s permission.", role, perm))
			return
		}
		st.workspace, st.role = ws, role
	}
	next(huma.WithValue(ctx, stateKey{}, st))
}

func (a *API) principal(ctx huma.Context) (*auth.Principal, error) {
	if h := ctx.Header("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, auth.ErrNotSignedIn
		}
		return a.Auth.TokenPrincipal(ctx.Context(), strings.TrimSpace(token))
	}
	c, err := huma.ReadCookie(ctx, "creatorops_session")
	if err != nil {
		return nil, auth.ErrNotSignedIn
	}
	return a.Auth.SessionPrincipal(ctx.Context(), c.Value)
}

// internal logs err and answers a 500 that carries nothing of it.
func (a *API) internal(ctx huma.Context, err error) {
	a.Log.Error("api: request failed", "method", ctx.Method(), "path", ctx.URL().Path, "err", err)
	huma.WriteErr(a.API, ctx, http.StatusInternalServerError, "The request failed on the server; the details are in the server log.")
}

// fail turns a store error into a problem: not found stays a 404, anything else is logged and
// becomes a bare 500.
func (a *API) fail(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return huma.Error404NotFound(what + " not found")
	}
	a.Log.Error("api: request failed", "err", err)
	return huma.Error500InternalServerError("The request failed on the server; the details are in the server log.")
}
