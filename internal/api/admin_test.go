package api_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
	"github.com/creatorops/creatorops/internal/web"
)

// adminAPI is workspace acme (shop "us" with the sample lines) with one member and one API
// token per role, and workspace "other" with a shop, a member and a token of its own.
type adminAPI struct {
	s       *store.Store
	srv     *httptest.Server
	ws      *model.Workspace
	other   *model.Workspace
	users   map[access.Role]int64
	tokens  map[access.Role]string
	otherID int64 // a member of "other" only
	otherTk int64 // a token of "other"
}

func newAdminAPI(t *testing.T, s *store.Store) *adminAPI {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	ws, shop := storetest.USDShop(t, s)
	if _, err := ingest.ImportOrders(ctx, s, ws, shop, filepath.Join("..", "..", "testdata", "tiktok-affiliate-orders-1.csv"), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: other.ID, Slug: "other-shop", Platform: model.PlatformTikTokShop, Currency: "USD", Locale: "en-US"}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(s, log))
	t.Cleanup(srv.Close)
	a := auth.New(s, log)
	hash, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	f := &adminAPI{s: s, srv: srv, ws: ws, other: other, users: map[access.Role]int64{}, tokens: map[access.Role]string{}}
	for _, role := range access.Roles {
		id, err := s.CreateUser(ctx, string(role)+"@acme.example", "", hash)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddMember(ctx, id, ws.ID, string(role)); err != nil {
			t.Fatal(err)
		}
		f.users[role] = id
		secret, _, err := a.NewAPIToken(ctx, store.Actor{UserID: id, Label: string(role) + "@acme.example"}, ws.ID, string(role)+" script", role)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = secret
	}
	if f.otherID, err = s.CreateUser(ctx, "owner@other.example", "", hash); err != nil {
		t.Fatal(err)
	}
	if err := s.AddMember(ctx, f.otherID, other.ID, "owner"); err != nil {
		t.Fatal(err)
	}
	_, tok, err := a.NewAPIToken(ctx, store.Actor{UserID: f.otherID, Label: "owner@other.example"}, other.ID, "theirs", access.Viewer)
	if err != nil {
		t.Fatal(err)
	}
	f.otherTk = tok.ID
	return f
}

// call sends a JSON request with a token ("" for none) and returns the status and the body.
func (f *adminAPI) call(t *testing.T, token, method, path, body string) (int, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.srv.URL+"/api/v1/workspaces/"+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// apiCase is one request and what its answer must hold.
type apiCase struct {
	name   string
	role   access.Role
	method string
	path   string // after /api/v1/workspaces/
	body   string
	status int
	want   []string
}

func (f *adminAPI) run(t *testing.T, cases []apiCase) {
	t.Helper()
	for _, c := range cases {
		code, body := f.call(t, f.tokens[c.role], cmp.Or(c.method, "GET"), c.path, c.body)
		if code != c.status {
			t.Errorf("%s: status %d, want %d; body: %.500s", c.name, code, c.status, body)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: body lacks %q: %.500s", c.name, w, body)
			}
		}
	}
}

func (f *adminAPI) lastAudit(t *testing.T, action string) store.AuditRecord {
	t.Helper()
	recs, err := f.s.AuditLog(context.Background(), f.ws.ID, store.AuditQuery{Action: action, Limit: 1})
	if err != nil || len(recs) == 0 {
		t.Fatalf("no %s entry: %v", action, err)
	}
	return recs[0]
}

func TestAPIShops(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminAPI(t, s)
		var cases []apiCase
		for _, role := range access.Roles {
			cases = append(cases,
				apiCase{name: "list as " + string(role), role: role, path: "acme/shops", status: 200,
					want: []string{`"slug":"us"`, `"has_lines":true`, `"imports":1`, `"next_cursor":""`}},
				apiCase{name: "get as " + string(role), role: role, path: "acme/shops/us", status: 200, want: []string{`"currency":"USD"`}})
			if !access.Can(role, access.ManageShops) {
				cases = append(cases,
					apiCase{name: "create as " + string(role), role: role, method: "POST", path: "acme/shops",
						body: `{"slug":"x","platform":"tiktok_shop","currency":"USD"}`, status: 403, want: []string{"does not have the shops.manage permission"}},
					apiCase{name: "update as " + string(role), role: role, method: "PATCH", path: "acme/shops/us", body: `{"name":"x"}`, status: 403})
			}
		}
		bad := func(name, body string, status int, want string) apiCase {
			return apiCase{name: name, role: access.Manager, method: "POST", path: "acme/shops", body: body, status: status, want: []string{want}}
		}
		cases = append(cases,
			bad("bad slug", `{"slug":"Bad Slug","platform":"tiktok_shop","currency":"USD"}`, 422, `"location":"body.slug"`),
			bad("unknown currency", `{"slug":"eu","platform":"tiktok_shop","currency":"XYZ"}`, 422, `\"XYZ\" is not a currency`),
			bad("unknown locale", `{"slug":"eu","platform":"tiktok_shop","currency":"EUR","locale":"xx"}`, 422, `"location":"body.locale"`),
			bad("bad time zone", `{"slug":"eu","platform":"tiktok_shop","currency":"EUR","timezone":"Mars/Olympus"}`, 422, `"location":"body.timezone"`),
			bad("unknown platform", `{"slug":"eu","platform":"amazon","currency":"EUR"}`, 422, "platform"),
			bad("malformed JSON", `{"slug":"eu",`, 400, "unexpected end of JSON"),
			bad("unknown field", `{"slug":"eu","platform":"tiktok_shop","currency":"EUR","owner":"me"}`, 422, "unexpected property"),
			bad("missing field", `{"slug":"eu","platform":"tiktok_shop"}`, 422, "currency"),
			bad("taken slug", `{"slug":"us","platform":"tiktok_shop","currency":"USD"}`, 409, `already has a shop with slug \"us\"`),
		)
		f.run(t, cases)
		if shops, _ := s.ShopSummaries(context.Background(), f.ws.ID); len(shops) != 1 {
			t.Fatalf("refused requests wrote shops: %d", len(shops))
		}
		if recs, _ := s.AuditLog(context.Background(), f.ws.ID, store.AuditQuery{Action: "shop.create"}); len(recs) != 0 {
			t.Fatalf("refused requests wrote %d entries", len(recs))
		}

		f.run(t, []apiCase{
			{name: "create", role: access.Manager, method: "POST", path: "acme/shops", status: 201,
				body: `{"slug":"id-main","name":"Glow Lab ID","platform":"tiktok_shop","region":"ID","currency":"idr","timezone":"Asia/Jakarta"}`,
				want: []string{`"slug":"id-main"`, `"currency":"IDR"`, `"locale":"id-ID"`, `"has_lines":false`, `"last_import_at":null`}},
			{name: "page 1", role: access.Viewer, path: "acme/shops?limit=1", status: 200, want: []string{`"slug":"id-main"`, `"next_cursor":"`}},
			{name: "bad cursor", role: access.Viewer, path: "acme/shops?cursor=!!", status: 400},
			{name: "limit out of range", role: access.Viewer, path: "acme/shops?limit=0", status: 422},
			{name: "unknown query parameter", role: access.Viewer, path: "acme/shops?sort=name", status: 422},
			{name: "patch", role: access.Owner, method: "PATCH", path: "acme/shops/id-main", body: `{"name":"Glow Lab Indonesia","currency":"USD"}`, status: 200,
				want: []string{`"name":"Glow Lab Indonesia"`, `"currency":"USD"`, `"region":"ID"`, `"timezone":"Asia/Jakarta"`}},
			{name: "currency of a shop with lines", role: access.Owner, method: "PATCH", path: "acme/shops/us", body: `{"currency":"EUR"}`, status: 409,
				want: []string{"cannot change from USD to EUR"}},
			{name: "bad zone on patch", role: access.Owner, method: "PATCH", path: "acme/shops/us", body: `{"timezone":"Nowhere"}`, status: 422},
			{name: "empty name", role: access.Owner, method: "PATCH", path: "acme/shops/us", body: `{"name":" "}`, status: 422},
			{name: "unknown field on patch", role: access.Owner, method: "PATCH", path: "acme/shops/us", body: `{"slug":"new"}`, status: 422},
			{name: "another workspace's shop", role: access.Owner, path: "acme/shops/other-shop", status: 404},
			{name: "patch another workspace's shop", role: access.Owner, method: "PATCH", path: "acme/shops/other-shop", body: `{"currency":"nope"}`, status: 404},
			{name: "another workspace", role: access.Owner, path: "other/shops", status: 404},
		})
		// The page's "next_cursor" leads to the second page.
		_, body := f.call(t, f.tokens[access.Viewer], "GET", "acme/shops?limit=1", "")
		var page struct {
			Items      []struct{ Slug string }
			NextCursor string `json:"next_cursor"`
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil || page.NextCursor == "" {
			t.Fatalf("page 1: %v %s", err, body)
		}
		_, body = f.call(t, f.tokens[access.Viewer], "GET", "acme/shops?limit=1&cursor="+page.NextCursor, "")
		if !strings.Contains(body, `"slug":"us"`) || !strings.Contains(body, `"next_cursor":""`) {
			t.Errorf("page 2: %s", body)
		}
		e := f.lastAudit(t, "shop.update")
		if !strings.HasPrefix(e.Actor, "token cro_") || e.TokenID == 0 || !strings.Contains(e.Before, `"currency":"IDR"`) || !strings.Contains(e.After, `"currency":"USD"`) {
			t.Errorf("shop.update by a token: %+v", e)
		}
		if sh, _ := s.ShopBySlug(context.Background(), f.ws.ID, "us"); sh.Currency != "USD" || sh.Timezone != "UTC" {
			t.Errorf("refused patches changed shop us: %+v", sh)
		}
	})
}

func TestAPIMembers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminAPI(t, s)
		var cases []apiCase
		for _, role := range access.Roles[1:] {
			cases = append(cases,
				apiCase{name: "list as " + string(role), role: role, path: "acme/members", status: 403},
				apiCase{name: "set role as " + string(role), role: role, method: "PUT", path: fmt.Sprintf("acme/members/%d", f.users[access.Viewer]), body: `{"role":"owner"}`, status: 403},
				apiCase{name: "remove as " + string(role), role: role, method: "DELETE", path: fmt.Sprintf("acme/members/%d", f.users[access.Viewer]), status: 403})
		}
		viewer, owner := f.users[access.Viewer], f.users[access.Owner]
		cases = append(cases,
			apiCase{name: "list", role: access.Owner, path: "acme/members", status: 200, want: []string{`"email":"viewer@acme.example"`, `"role":"finance"`}},
			apiCase{name: "page of 2", role: access.Owner, path: "acme/members?limit=2", status: 200, want: []string{`"email":"owner@acme.example"`, `"next_cursor":"`}},
			apiCase{name: "promote", role: access.Owner, method: "PUT", path: fmt.Sprintf("acme/members/%d", viewer), body: `{"role":"manager"}`, status: 200,
				want: []string{`"role":"manager"`, `"email":"viewer@acme.example"`}},
			apiCase{name: "bad role", role: access.Owner, method: "PUT", path: fmt.Sprintf("acme/members/%d", viewer), body: `{"role":"boss"}`, status: 422},
			apiCase{name: "no role", role: access.Owner, method: "PUT", path: fmt.Sprintf("acme/members/%d", viewer), body: `{}`, status: 422},
			apiCase{name: "malformed", role: access.Owner, method: "PUT", path: fmt.Sprintf("acme/members/%d", viewer), body: `{"role":`, status: 400},
			apiCase{name: "unknown field", role: access.Owner, method: "PUT", path: fmt.Sprintf("acme/members/%d", viewer), body: `{"role":"viewer","admin":true}`, status: 422},
			apiCase{name: "demote the last owner", role: access.Owner, method: "PUT", path: fmt.Sprintf("acme/members/%d", owner), body: `{"role":"viewer"}`, status: 409,
				want: []string{"only owner"}},
			apiCase{name: "remove the last owner", role: access.Owner, method: "DELETE", path: fmt.Sprintf("acme/members/%d", owner), status: 409},
			apiCase{name: "another workspace's member", role: access.Owner, method: "PUT", path: fmt.Sprintf("acme/members/%d", f.otherID), body: `{"role":"nonsense"}`, status: 404},
			apiCase{name: "remove another workspace's member", role: access.Owner, method: "DELETE", path: fmt.Sprintf("acme/members/%d", f.otherID), status: 404},
			apiCase{name: "not an id", role: access.Owner, method: "DELETE", path: "acme/members/abc", status: 404},
			apiCase{name: "remove", role: access.Owner, method: "DELETE", path: fmt.Sprintf("acme/members/%d", f.users[access.Finance]), status: 204},
			apiCase{name: "removed twice", role: access.Owner, method: "DELETE", path: fmt.Sprintf("acme/members/%d", f.users[access.Finance]), status: 404},
		)
		f.run(t, cases)
		if role, _ := s.MemberRole(context.Background(), viewer, f.ws.ID); role != "manager" {
			t.Errorf("viewer's role %q", role)
		}
		if role, _ := s.MemberRole(context.Background(), owner, f.ws.ID); role != "owner" {
			t.Errorf("the last owner is %q", role)
		}
		if role, _ := s.MemberRole(context.Background(), f.otherID, f.other.ID); role != "owner" {
			t.Errorf("the other workspace's owner is %q", role)
		}
		if e := f.lastAudit(t, "member.role"); e.Before != `{"role":"viewer"}` || e.After != `{"role":"manager"}` || !strings.HasPrefix(e.Actor, "token ") {
			t.Errorf("member.role entry %+v", e)
		}
		if e := f.lastAudit(t, "member.remove"); !strings.Contains(e.Before, "finance@acme.example") {
			t.Errorf("member.remove entry %+v", e)
		}
	})
}

func TestAPITokens(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminAPI(t, s)
		var cases []apiCase
		for _, role := range access.Roles[1:] {
			cases = append(cases,
				apiCase{name: "list as " + string(role), role: role, path: "acme/tokens", status: 403},
				apiCase{name: "create as " + string(role), role: role, method: "POST", path: "acme/tokens", body: `{"name":"x","role":"viewer"}`, status: 403},
				apiCase{name: "revoke as " + string(role), role: role, method: "DELETE", path: "acme/tokens/1", status: 403})
		}
		cases = append(cases,
			apiCase{name: "list", role: access.Owner, path: "acme/tokens", status: 200, want: []string{`"name":"viewer script"`, `"revoked_at":null`}},
			apiCase{name: "no name", role: access.Owner, method: "POST", path: "acme/tokens", body: `{"name":"","role":"viewer"}`, status: 422},
			apiCase{name: "blank name", role: access.Owner, method: "POST", path: "acme/tokens", body: `{"name":"  ","role":"viewer"}`, status: 422},
			apiCase{name: "bad role", role: access.Owner, method: "POST", path: "acme/tokens", body: `{"name":"x","role":"root"}`, status: 422},
			apiCase{name: "unknown field", role: access.Owner, method: "POST", path: "acme/tokens", body: `{"name":"x","role":"viewer","scopes":[]}`, status: 422},
			apiCase{name: "malformed", role: access.Owner, method: "POST", path: "acme/tokens", body: `nope`, status: 400},
			apiCase{name: "another workspace's token", role: access.Owner, method: "DELETE", path: fmt.Sprintf("acme/tokens/%d", f.otherTk), status: 404},
			apiCase{name: "not an id", role: access.Owner, method: "DELETE", path: "acme/tokens/x", status: 404},
		)
		f.run(t, cases)
		ts, _ := s.APITokens(context.Background(), f.ws.ID)
		if len(ts) != len(access.Roles) {
			t.Fatalf("refused requests made tokens: %d", len(ts))
		}

		code, body := f.call(t, f.tokens[access.Owner], "POST", "acme/tokens", `{"name":"Partner","role":"viewer"}`)
		var made struct {
			Token struct {
				ID     int64
				Prefix string
				Role   string
			}
			Secret string
		}
		if err := json.Unmarshal([]byte(body), &made); code != 201 || err != nil || !strings.HasPrefix(made.Secret, made.Token.Prefix) || made.Token.Role != "viewer" {
			t.Fatalf("create: %d %v %s", code, err, body)
		}
		if c, _ := f.call(t, made.Secret, "GET", "acme", ""); c != 200 {
			t.Errorf("the new token: %d", c)
		}
		if c, _ := f.call(t, made.Secret, "POST", "acme/shops", `{"slug":"x","platform":"tiktok_shop","currency":"USD"}`); c != 403 {
			t.Errorf("a viewer token creates a shop: %d", c)
		}
		if e := f.lastAudit(t, "token.create"); !strings.HasPrefix(e.Actor, "token ") || !strings.Contains(e.After, `"name":"Partner"`) {
			t.Errorf("token.create entry %+v", e)
		}
		_, body = f.call(t, f.tokens[access.Owner], "GET", "acme/tokens", "")
		if strings.Contains(body, made.Secret) {
			t.Error("the list holds a secret")
		}
		if !strings.Contains(body, `"created_by":0`) {
			t.Errorf("a token made by a token shows a creator: %s", body)
		}
		for i := 0; i < 2; i++ { // revoking twice changes nothing the second time
			if c, b := f.call(t, f.tokens[access.Owner], "DELETE", fmt.Sprintf("acme/tokens/%d", made.Token.ID), ""); c != 204 {
				t.Errorf("revoke #%d: %d %s", i+1, c, b)
			}
		}
		if c, _ := f.call(t, made.Secret, "GET", "acme", ""); c != 401 {
			t.Errorf("a revoked token: %d", c)
		}
		if recs, _ := s.AuditLog(context.Background(), f.ws.ID, store.AuditQuery{Action: "token.revoke"}); len(recs) != 1 {
			t.Errorf("%d token.revoke entries", len(recs))
		}
		// Pages, newest first.
		_, body = f.call(t, f.tokens[access.Owner], "GET", "acme/tokens?limit=2", "")
		var page struct {
			Items      []struct{ ID int64 }
			NextCursor string `json:"next_cursor"`
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil || len(page.Items) != 2 || page.Items[0].ID != made.Token.ID || page.NextCursor == "" {
			t.Fatalf("page 1: %v %s", err, body)
		}
		_, body = f.call(t, f.tokens[access.Owner], "GET", "acme/tokens?limit=2&cursor="+page.NextCursor, "")
		var page2 struct{ Items []struct{ ID int64 } }
		json.Unmarshal([]byte(body), &page2)
		if len(page2.Items) != 2 || page2.Items[0].ID >= page.Items[1].ID {
			t.Errorf("page 2: %s", body)
		}
	})
}

func TestAPIAudit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminAPI(t, s)
		f.call(t, f.tokens[access.Manager], "POST", "acme/shops", `{"slug":"eu","platform":"tiktok_shop","currency":"EUR"}`)
		f.call(t, f.tokens[access.Manager], "PATCH", "acme/shops/eu", `{"name":"Europe"}`)
		var cases []apiCase
		for _, role := range access.Roles {
			if access.Can(role, access.ViewAudit) {
				cases = append(cases, apiCase{name: "as " + string(role), role: role, path: "acme/audit", status: 200,
					want: []string{`"action":"shop.update"`, `"before":{`, `"name":"Europe"`, `"actor":"token cro_`}})
			} else {
				cases = append(cases, apiCase{name: "as " + string(role), role: role, path: "acme/audit", status: 403})
			}
		}
		cases = append(cases,
			apiCase{name: "filter", role: access.Finance, path: "acme/audit?action=shop.create", status: 200, want: []string{`"action":"shop.create"`, `"after":{"currency":"EUR"`}},
			apiCase{name: "bad cursor", role: access.Finance, path: "acme/audit?cursor=!!", status: 400},
			apiCase{name: "cursor not a position", role: access.Finance, path: "acme/audit?cursor=YWJj", status: 400},
			apiCase{name: "limit too big", role: access.Finance, path: "acme/audit?limit=100000", status: 422},
			apiCase{name: "another workspace", role: access.Finance, path: "other/audit", status: 404},
		)
		f.run(t, cases)
		_, body := f.call(t, f.tokens[access.Finance], "GET", "acme/audit?action=shop.update", "")
		if strings.Contains(body, `"action":"shop.create"`) {
			t.Error("the filter lets other actions through")
		}
		// Walk the log one entry a page: every entry once, newest first.
		var ids []int64
		cursor := ""
		for range 100 {
			_, body := f.call(t, f.tokens[access.Finance], "GET", "acme/audit?limit=1&cursor="+cursor, "")
			var page struct {
				Items      []struct{ ID int64 }
				NextCursor string `json:"next_cursor"`
			}
			if err := json.Unmarshal([]byte(body), &page); err != nil {
				t.Fatal(err)
			}
			for _, it := range page.Items {
				ids = append(ids, it.ID)
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		all, _ := s.AuditLog(context.Background(), f.ws.ID, store.AuditQuery{Limit: 1000})
		if len(ids) != len(all) || len(ids) < 3 {
			t.Fatalf("walked %d entries, the log has %d", len(ids), len(all))
		}
		for i := 1; i < len(ids); i++ {
			if ids[i] >= ids[i-1] {
				t.Fatalf("not newest first: %v", ids)
			}
		}
	})
}
