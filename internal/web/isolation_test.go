package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/api"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// twoWorkspaces is the fixture of the isolation tests: workspace "alpha", whose people make the
// requests, and workspace "acme" (the sample imports), whose objects they must never reach.
type twoWorkspaces struct {
	srv     *httptest.Server
	alpha   *model.Workspace
	other   map[string]string // path parameter → an object of acme
	own     map[string]string // path parameter → an object of alpha, where alpha has one
	clients map[access.Role]*http.Client
	tokens  map[access.Role]string
}

// newTwoWorkspaces builds the fixture: acme with the sample exports imported, a member and an
// API token; alpha empty but for a shop, with one member and one token per role.
func newTwoWorkspaces(t *testing.T, s *store.Store) *twoWorkspaces {
	t.Helper()
	ctx := context.Background()
	acme := importSamples(t, s)
	alpha, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "alpha", Name: "Alpha"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: alpha.ID, Slug: "alpha-us", Platform: model.PlatformTikTokShop, Currency: "USD", Locale: "en-US"}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(s, testLogger(t)))
	t.Cleanup(srv.Close)
	f := &twoWorkspaces{srv: srv, alpha: alpha, clients: map[access.Role]*http.Client{}, tokens: map[access.Role]string{}}
	a := auth.New(s, testLogger(t))
	for _, role := range access.Roles {
		l := addMember(t, s, string(role)+"@alpha.example", alpha, string(role))
		f.clients[role] = signIn(t, srv, l)
		secret, _, err := a.NewAPIToken(ctx, store.Actor{UserID: l.userID, Label: l.email}, alpha.ID, "test "+string(role), role)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = secret
	}
	f.other = acmeObjects(t, s, a, acme)
	// A member nobody signs in as: the role walk may reset their password or remove them.
	extra := addMember(t, s, "extra@alpha.example", alpha, "viewer")
	f.own = map[string]string{"ws": "alpha", "shop": "alpha-us", "user": fmt.Sprint(extra.userID)}
	return f
}

// acmeObjects returns one object of acme for every path parameter name a route may use. A new
// parameter name makes the isolation tests fail until it is added here.
func acmeObjects(t *testing.T, s *store.Store, a *auth.Service, acme *model.Workspace) map[string]string {
	t.Helper()
	ctx := context.Background()
	// The first line of the first sample export.
	const order, product, handle = "576684019603000065", "1729000000000158380", "pixiemint_1"
	c, err := s.CreatorByHandle(ctx, acme.ID, store.AccountPlatform(model.PlatformTikTokShop), handle)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := s.ImportRuns(ctx, acme.ID, 1)
	if err != nil || len(runs) == 0 {
		t.Fatalf("acme has no import run: %v", err)
	}
	member := addMember(t, s, "member@acme.example", acme, "owner")
	_, tok, err := a.NewAPIToken(ctx, store.Actor{UserID: member.userID, Label: member.email}, acme.ID, "acme token", access.Viewer)
	if err != nil {
		t.Fatal(err)
	}
	view, err := s.SaveView(ctx, store.Actor{UserID: member.userID, Label: member.email}, acme.ID, member.userID,
		store.ViewPageDirectory, "isolation fixture", "region=US")
	if err != nil {
		t.Fatal(err)
	}
	conn := &store.Connection{WorkspaceID: acme.ID, Platform: model.PlatformTikTokShop, ExternalShopID: "7494000000000000999",
		ShopName: "Acme US", AccessTokenSealed: "v1:x:y", RefreshTokenSealed: "v1:x:z"}
	if err := s.SaveConnection(ctx, store.CLIActor, conn); err != nil {
		t.Fatal(err)
	}
	rule, err := s.CreateTierRule(ctx, store.CLIActor, acme.ID, store.TierRule{Tier: "Acme gold", WindowDays: 30, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	// A merge of two acme creators (not the {creator} fixture), for {merge}.
	var pair []int64
	for _, h := range []string{"bloommochi_0", "novasilk_2"} {
		x, err := s.CreatorByHandle(ctx, acme.ID, store.AccountPlatform(model.PlatformTikTokShop), h)
		if err != nil {
			t.Fatal(err)
		}
		pair = append(pair, x.ID)
	}
	merge, err := s.MergeCreators(ctx, store.CLIActor, acme.ID, pair[0], pair[1], "isolation fixture")
	if err != nil {
		t.Fatal(err)
	}
	task, err := s.CreateTask(ctx, store.Actor{Label: member.email}, acme.ID, store.TaskInput{Title: "acme's task", CreatorID: &c.ID})
	if err != nil {
		t.Fatal(err)
	}
	oo := outreachObjects(t, s, acme.ID, c.ID)
	return map[string]string{
		"sequence": oo["sequence"], "template": oo["template"], "enrollment": oo["enrollment"],
		"mailbox": oo["mailbox"], "suppression": oo["suppression"],
		"enrolljob": enrollJobFixture(t, s, acme.ID, oo["sequence"]),

		"task":    fmt.Sprint(task.ID),
		"merge":   fmt.Sprint(merge),
		"ws":      "acme",
		"creator": fmt.Sprint(c.ID),
		"product": product,
		"order":   order,
		"run":     fmt.Sprint(runs[0].ID),
		"shop":    "us",
		"user":    fmt.Sprint(member.userID),
		"token":   fmt.Sprint(tok.ID),
		"view":    fmt.Sprint(view.ID),

		"collaboration": collaborationFixture(t, s, conn),

		"connection": fmt.Sprint(conn.ID),
		"rule":       fmt.Sprint(rule.ID),
		"sample":     sampleFixture(t, s, conn, handle, product),
	}
}

var pathParam = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)

// fill puts values into a path's parameters ({ws} from ws, the rest from objects); it fails
// the test for a parameter nobody has a fixture for.
func fill(t *testing.T, path, ws string, objects map[string]string) string {
	t.Helper()
	path = strings.TrimSuffix(path, "{$}")
	return pathParam.ReplaceAllStringFunc(path, func(m string) string {
		name := pathParam.FindStringSubmatch(m)[1]
		if name == "ws" {
			return ws
		}
		v, ok := objects[name]
		if !ok {
			t.Fatalf("route %s: no fixture for path parameter {%s}: add an object of acme to acmeObjects", path, name)
		}
		return url.PathEscape(v)
	})
}

// endpoint is one route of the web app or one operation of the API, as the walk sees it.
type endpoint struct {
	method, path string
	perm         access.Permission
	api          bool
}

func (e endpoint) String() string { return e.method + " " + e.path }

// allEndpoints lists every workspace route of the web app and every operation of the API.
func allEndpoints(t *testing.T, s *store.Store) []endpoint {
	var out []endpoint
	for _, rt := range Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if !strings.HasPrefix(path, workspacePrefix) {
			continue
		}
		out = append(out, endpoint{method: method, path: path, perm: rt.Permission})
	}
	doc := api.Mount(http.NewServeMux(), api.Deps{Store: s, Auth: auth.New(s, testLogger(t)), Log: testLogger(t)}).OpenAPI()
	for path, item := range doc.Paths {
		for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete} {
			if op == nil || !strings.Contains(path, "{ws}") {
				continue
			}
			perm, _ := op.Metadata["permission"].(access.Permission)
			out = append(out, endpoint{method: method, path: path, perm: perm, api: true})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// do sends an empty request (an empty form or JSON object where a body is expected) as role:
// with the role's session on pages, with its API token on the API.
func (f *twoWorkspaces) do(t *testing.T, e endpoint, role access.Role, path string) (int, string) {
	return f.send(t, e, role, path, e.api)
}

// send is do with the credential chosen: on the API, a token or (withToken false) the session.
func (f *twoWorkspaces) send(t *testing.T, e endpoint, role access.Role, path string, withToken bool) (int, string) {
	t.Helper()
	var body io.Reader
	req, err := http.NewRequest(e.method, f.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	c := f.clients[role]
	if withToken {
		c = noRedirects(nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens[role])
	}
	if e.api {
		if e.method != http.MethodGet && e.method != http.MethodDelete {
			req.Body = io.NopCloser(strings.NewReader("{}"))
			req.Header.Set("Content-Type", "application/json")
		}
	} else if e.method == http.MethodPost {
		req.Body = io.NopCloser(strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestNothingCrossesWorkspaces walks every workspace route and API operation as the owner of
// alpha (the most powerful role there): acme's slug, and acme's objects under alpha's slug,
// both answer 404, so a new route without a scope check fails here.
func TestNothingCrossesWorkspaces(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newTwoWorkspaces(t, s)
		for _, e := range allEndpoints(t, s) {
			t.Run(e.String(), func(t *testing.T) {
				// The API answers tokens and sessions alike: both are walked.
				creds := []bool{false}
				if e.api {
					creds = []bool{true, false}
				}
				for _, withToken := range creds {
					if code, body := f.send(t, e, access.Owner, fill(t, e.path, "acme", f.other), withToken); code != http.StatusNotFound {
						t.Errorf("another workspace's slug (token %v): status %d, want 404; body: %.300s", withToken, code, body)
					}
					if !pathParam.MatchString(strings.ReplaceAll(e.path, "{ws}", "")) {
						continue
					}
					if code, body := f.send(t, e, access.Owner, fill(t, e.path, "alpha", f.other), withToken); code != http.StatusNotFound {
						t.Errorf("another workspace's objects under our slug (token %v): status %d, want 404; body: %.300s", withToken, code, body)
					}
				}
			})
		}
	})
}

// TestRolesOnEveryRoute checks the permission matrix on every route and operation: a role
// without the route's permission gets 403, and a role with it is let through (whatever the
// handler then answers, it is not a refusal of the role).
func TestRolesOnEveryRoute(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newTwoWorkspaces(t, s)
		for _, e := range allEndpoints(t, s) {
			path := fill(t, e.path, "alpha", withDefaults(f.own, f.other))
			for _, role := range access.Roles {
				t.Run(e.String()+"/"+string(role), func(t *testing.T) {
					code, body := f.do(t, e, role, path)
					switch {
					case !access.Can(role, e.perm) && code != http.StatusForbidden:
						t.Errorf("%s lacks %s: status %d, want 403; body: %.300s", role, e.perm, code, body)
					case access.Can(role, e.perm) && (code == http.StatusForbidden || code == http.StatusUnauthorized):
						t.Errorf("%s has %s: status %d; body: %.300s", role, e.perm, code, body)
					}
				})
			}
		}
	})
}

// withDefaults returns own completed with the other workspace's values, for parameters alpha
// has no object of (the handler then answers 404, which is fine for a role check).
func withDefaults(own, other map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range other {
		out[k] = v
	}
	for k, v := range own {
		out[k] = v
	}
	return out
}
