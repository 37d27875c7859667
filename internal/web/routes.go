package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// route is one page or action. Every route says who may use it, and guard enforces that before
// the handler runs: handlers never check permissions themselves.
type route struct {
	pattern string            // method and path, as http.ServeMux takes them
	public  bool              // reachable without signing in (health, static, sign-in, setup)
	perm    access.Permission // required for routes under /w/{ws}/
	handler http.HandlerFunc
}

// workspacePrefix starts the path of every page that belongs to a workspace.
const workspacePrefix = "/w/{ws}/"

// routes lists every page and action of the web app.
func (h *handler) routes() []route {
	rs := []route{
		{pattern: "GET /healthz", public: true, handler: h.healthz},
		{pattern: "GET /static/{name}", public: true, handler: serveStatic},
		{pattern: "GET /setup", public: true, handler: h.showSetup},
		{pattern: "POST /setup", public: true, handler: h.setup},
		{pattern: "GET /login", public: true, handler: h.showLogin},
		{pattern: "POST /login", public: true, handler: h.login},
		{pattern: "POST /logout", handler: h.logout},
		{pattern: "GET /account", handler: h.showAccount},
		{pattern: "POST /account/password", handler: h.changePassword},
		{pattern: "GET /api/v1/docs", public: true, handler: h.apiDocs},
		{pattern: "POST /webhooks/tiktok-shop", public: true, handler: h.tiktokWebhook()},
		{pattern: "GET /{$}", handler: h.agencyOverview},
		{pattern: "GET /w/{ws}/{$}", perm: access.ViewData, handler: h.overview},
		// A catch-all for GET only, so unknown pages get the styled 404 while other methods
		// still get the mux's 405.
		{pattern: "GET /", public: true, handler: h.notFound},
	}
	rs = append(rs, h.dataRoutes()...)
	rs = append(rs, h.importRoutes()...)
	rs = append(rs, h.adminRoutes()...)
	rs = append(rs, h.crmRoutes()...)
	rs = append(rs, h.connectionRoutes()...)
	rs = append(rs, h.outreachRoutes()...)
	rs = append(rs, h.affiliateRoutes()...)
	return rs
}

// Routes lists the method and pattern of every route with its permission, for the tests that
// walk them all.
func Routes() []RouteInfo {
	h := &handler{}
	var out []RouteInfo
	for _, rt := range h.routes() {
		out = append(out, RouteInfo{Pattern: rt.pattern, Public: rt.public, Permission: rt.perm})
	}
	return out
}

// RouteInfo describes a route for tests and docs.
type RouteInfo struct {
	Pattern    string
	Public     bool
	Permission access.Permission
}

// guard wraps a route's handler with sign-in, workspace scope and permission checks. A route
// under /w/{ws}/ without a known permission is a programming error caught at start.
func (h *handler) guard(rt route) http.Handler {
	_, path, _ := strings.Cut(rt.pattern, " ")
	inWorkspace := strings.HasPrefix(path, workspacePrefix)
	switch {
	case inWorkspace && !access.Known(rt.perm):
		panic(fmt.Sprintf("web: route %q has no known permission", rt.pattern))
	case !inWorkspace && rt.perm != "":
		panic(fmt.Sprintf("web: route %q is outside a workspace but asks for %s", rt.pattern, rt.perm))
	case rt.public:
		return rt.handler
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := h.principal(r)
		if errors.Is(err, auth.ErrNotSignedIn) {
			h.signInFirst(w, r)
			return
		}
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		st := &requestState{principal: p}
		if inWorkspace {
			ws, role, err := h.auth.Scope(r.Context(), p, r.PathValue("ws"))
			if errors.Is(err, store.ErrNotFound) {
				h.notFound(w, r)
				return
			}
			if err != nil {
				h.serverError(w, r, err)
				return
			}
			if !access.Can(role, rt.perm) {
				h.forbidden(w, r, role, rt.perm)
				return
			}
			st.workspace, st.role = ws, role
		}
		rt.handler(w, r.WithContext(context.WithValue(r.Context(), stateKey{}, st)))
	})
}

// principal reads the session cookie. Pages take sessions only; API tokens are for /api/v1.
func (h *handler) principal(r *http.Request) (*auth.Principal, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, auth.ErrNotSignedIn
	}
	return h.auth.SessionPrincipal(r.Context(), c.Value)
}

// signInFirst sends a browser to the sign-in page (or to setup on a brand-new install) and
// refuses other requests with 401.
func (h *handler) signInFirst(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "Sign in first.", http.StatusUnauthorized)
		return
	}
	if n, err := h.store.UserCount(r.Context()); err == nil && n == 0 {
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}

// requestState is what guard learned about a request: who, and in which workspace with which role.
type requestState struct {
	principal *auth.Principal
	workspace *model.Workspace
	role      access.Role
}

type stateKey struct{}

// current returns the state guard stored; handlers behind guard always have one.
func current(r *http.Request) *requestState {
	st, _ := r.Context().Value(stateKey{}).(*requestState)
	if st == nil {
		return &requestState{}
	}
	return st
}

// can reports whether the current role has a permission, for showing or hiding links.
func (st *requestState) can(p access.Permission) bool {
	return st.workspace != nil && access.Can(st.role, p)
}
