package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// bearer sends a request with an API token and returns the status.
func bearer(t *testing.T, base, method, path, token, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestTokensPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, false)
		ctx := context.Background()
		for _, role := range access.Roles[1:] {
			code, _, body := f.send(t, role, "GET", "/w/acme/tokens", nil)
			expect(t, "tokens as "+string(role), code, body, 403)
			code, _, body = f.send(t, role, "POST", "/w/acme/tokens", url.Values{"name": {"x"}, "role": {"viewer"}})
			expect(t, "create as "+string(role), code, body, 403)
			code, _, body = f.send(t, role, "GET", "/w/acme/tokens.csv", nil)
			expect(t, "tokens.csv as "+string(role), code, body, 403)
		}
		code, _, body := f.send(t, access.Owner, "GET", "/w/acme/tokens", nil)
		expect(t, "empty list", code, body, 200, "No API tokens yet.", "New token")

		for _, b := range []struct {
			name string
			form url.Values
			want string
		}{
			{"no name", url.Values{"name": {"  "}, "role": {"viewer"}}, "Name the token"},
			{"long name", url.Values{"name": {strings.Repeat("n", 101)}, "role": {"viewer"}}, "Name the token"},
			{"bad role", url.Values{"name": {"x"}, "role": {"root"}}, "Role &#34;root&#34; does not exist"},
		} {
			code, _, body := f.send(t, access.Owner, "POST", "/w/acme/tokens", b.form)
			expect(t, b.name, code, body, 400, b.want)
		}
		if ts, _ := s.APITokens(ctx, f.ws.ID); len(ts) != 0 {
			t.Fatalf("refused forms made %d tokens", len(ts))
		}

		code, _, body = f.send(t, access.Owner, "POST", "/w/acme/tokens", url.Values{"name": {"Nightly export"}, "role": {"viewer"}})
		expect(t, "create", code, body, 200, "Token “Nightly export” created", "shown only this once", "curl -H")
		secret := secretOf(t, body)
		if !strings.HasPrefix(secret, "cro_") {
			t.Fatalf("secret %q", secret)
		}
		if c := bearer(t, f.srv.URL, "GET", "/api/v1/workspaces/acme", secret, ""); c != 200 {
			t.Errorf("the new token reads its workspace: %d", c)
		}
		if c := bearer(t, f.srv.URL, "GET", "/api/v1/workspaces/other", secret, ""); c != 404 {
			t.Errorf("the new token reads another workspace: %d", c)
		}
		if c := bearer(t, f.srv.URL, "POST", "/api/v1/workspaces/acme/shops", secret, `{"slug":"x","platform":"tiktok_shop","currency":"USD"}`); c != 403 {
			t.Errorf("a viewer token creates a shop: %d", c)
		}
		ts, _ := s.APITokens(ctx, f.ws.ID)
		if len(ts) != 1 || ts[0].Role != "viewer" || ts[0].CreatedBy != f.people[access.Owner].userID {
			t.Fatalf("tokens %+v", ts)
		}
		if e := lastAudit(t, s, f.ws, "token.create"); !strings.Contains(e.After, `"role":"viewer"`) {
			t.Errorf("token.create entry %+v", e)
		}
		code, _, body = f.send(t, access.Owner, "GET", "/w/acme/tokens", nil)
		expect(t, "list", code, body, 200, "Nightly export", ts[0].Prefix+"…", "owner@acme.example", "active", "Revoke…")
		if strings.Contains(body, secret) {
			t.Error("the list shows the secret again")
		}
		code, _, body = f.send(t, access.Owner, "GET", "/w/acme/tokens.csv", nil)
		expect(t, "tokens.csv", code, body, 200, "id,name,prefix,role,created_by,created,last_used,revoked", "Nightly export,"+ts[0].Prefix+",viewer,owner@acme.example")
		if strings.Contains(body, secret) {
			t.Error("the CSV holds the secret")
		}

		// Another workspace's token is a 404 and stays live.
		otherSecret, otherTok, err := f.otherToken(t)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{fmt.Sprintf("/w/acme/tokens/%d/revoke", otherTok), "/w/acme/tokens/abc/revoke", "/w/acme/tokens/999999/revoke"} {
			code, _, body := f.send(t, access.Owner, "POST", p, nil)
			expect(t, p, code, body, 404)
		}
		if c := bearer(t, f.srv.URL, "GET", "/api/v1/workspaces/other", otherSecret, ""); c != 200 {
			t.Errorf("the other workspace's token stopped working: %d", c)
		}

		code, loc, body := f.send(t, access.Owner, "POST", fmt.Sprintf("/w/acme/tokens/%d/revoke", ts[0].ID), nil)
		expect(t, "revoke", code, body, 303)
		if loc != "/w/acme/tokens?ok=revoked" {
			t.Errorf("Location %q", loc)
		}
		if c := bearer(t, f.srv.URL, "GET", "/api/v1/workspaces/acme", secret, ""); c != 401 {
			t.Errorf("a revoked token still works: %d", c)
		}
		code, _, _ = f.send(t, access.Owner, "POST", fmt.Sprintf("/w/acme/tokens/%d/revoke", ts[0].ID), nil)
		if code != 303 || auditCount(t, s, f.ws, "token.revoke") != 1 {
			t.Errorf("revoking twice: %d, %d entries", code, auditCount(t, s, f.ws, "token.revoke"))
		}
		code, _, body = f.send(t, access.Owner, "GET", "/w/acme/tokens?ok=revoked", nil)
		expect(t, "list after revoking", code, body, 200, "Token revoked", "revoked ")
	})
}

// otherToken makes a token in the other workspace and returns its secret and id.
func (f *adminFixture) otherToken(t *testing.T) (string, int64, error) {
	t.Helper()
	c := signIn(t, f.srv, f.outside)
	code, _, body := adminSend(t, c, f.srv.URL, "POST", "/w/other/tokens", url.Values{"name": {"theirs"}, "role": {"viewer"}})
	if code != 200 {
		return "", 0, fmt.Errorf("other token: %d", code)
	}
	ts, err := f.s.APITokens(context.Background(), f.other.ID)
	if err != nil || len(ts) == 0 {
		return "", 0, fmt.Errorf("other token: %v", err)
	}
	return secretOf(t, body), ts[0].ID, nil
}

func TestAuditPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, false)
		ctx := context.Background()
		code, _, body := f.send(t, access.Finance, "GET", "/w/acme/audit", nil)
		expect(t, "empty log", code, body, 200, "Nothing recorded yet.")

		f.send(t, access.Manager, "POST", "/w/acme/shops", url.Values{"slug": {"eu"}, "platform": {"tiktok_shop"}, "currency": {"EUR"}, "timezone": {"UTC"}})
		f.send(t, access.Manager, "POST", "/w/acme/shops/eu", url.Values{"name": {"Europe <main>"}, "locale": {"de-DE"}, "timezone": {"Europe/Berlin"}, "currency": {"EUR"}})
		for _, role := range access.Roles {
			code, _, body := f.send(t, role, "GET", "/w/acme/audit", nil)
			csvCode, _, csvBody := f.send(t, role, "GET", "/w/acme/audit.csv", nil)
			if !access.Can(role, access.ViewAudit) {
				expect(t, "audit as "+string(role), code, body, 403)
				expect(t, "audit.csv as "+string(role), csvCode, csvBody, 403)
				continue
			}
			expect(t, "audit as "+string(role), code, body, 200, "shop.update", "shop.create", "manager@acme.example",
				// changed keys only, old → new, escaped
				"<dt>name</dt>", "<del>eu</del> → <ins>Europe &lt;main&gt;</ins>", "<dt>timezone</dt>", "<del>UTC</del> → <ins>Europe/Berlin</ins>")
			expect(t, "audit.csv as "+string(role), csvCode, csvBody, 200, "id,at,actor,action,object_type,object_id,summary,before,after", ",manager@acme.example,shop.update,shop,eu,")
		}
		code, _, body = f.send(t, access.Owner, "GET", "/w/acme/audit?action=shop.update", nil)
		if code != 200 || strings.Contains(body, "<dt>currency</dt>") || strings.Contains(body, "<dt>slug</dt>") || !strings.Contains(body, "<dt>name</dt>") || strings.Contains(body, "<dt>locale</dt>") {
			t.Errorf("the update's unchanged fields are shown as changes: %d", code)
		}
		code, _, body = f.send(t, access.Owner, "GET", "/w/acme/audit?action=shop.create", nil)
		expect(t, "filtered", code, body, 200, "shop.create", `<option selected>shop.create</option>`)
		if strings.Contains(body, ">shop.update</a>") {
			t.Error("the filter shows other actions")
		}
		code, _, body = f.send(t, access.Owner, "GET", "/w/acme/audit.csv?action=shop.create", nil)
		if code != 200 || strings.Contains(body, "shop.update") || !strings.Contains(body, "shop.create") {
			t.Errorf("filtered CSV: %d %s", code, body)
		}
		code, _, body = f.send(t, access.Owner, "GET", "/w/acme/audit?action=nothing.here", nil)
		expect(t, "filter without entries", code, body, 200, "No “nothing.here” entries")

		// Pages of 50, newest first, and a cursor that survives new entries.
		for i := range 60 {
			if err := s.Audit(ctx, store.CLIActor, store.AuditEntry{WorkspaceID: f.ws.ID, Action: "test.entry", ObjectType: "test",
				ObjectID: fmt.Sprint(i), Summary: fmt.Sprintf("entry number %d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		code, _, body = f.send(t, access.Owner, "GET", "/w/acme/audit?action=test.entry", nil)
		expect(t, "first page", code, body, 200, "entry number 59", "entry number 10", "Older →")
		if strings.Contains(body, "entry number 9<") || strings.Contains(body, "← Newest") {
			t.Error("the first page holds more than 50 entries or a way back")
		}
		older := regexpFind(t, body, `href="(/w/acme/audit\?[^"]*before=\d+[^"]*)"`)
		older = strings.ReplaceAll(older, "&amp;", "&")
		code, _, body = f.send(t, access.Owner, "GET", older, nil)
		expect(t, "second page", code, body, 200, "entry number 9", "entry number 0", "← Newest", "The oldest entries.")
		if strings.Contains(body, "entry number 10<") {
			t.Error("the second page repeats the first")
		}
		for _, q := range []string{"before=abc", "before=-4", "action=" + strings.Repeat("a", 101)} {
			code, _, body := f.send(t, access.Owner, "GET", "/w/acme/audit?"+q, nil)
			expect(t, q, code, body, 400)
		}
		// The other workspace's entries never show.
		if err := s.Audit(ctx, store.CLIActor, store.AuditEntry{WorkspaceID: f.other.ID, Action: "secret.thing", ObjectType: "x", Summary: "other brand's secret"}); err != nil {
			t.Fatal(err)
		}
		code, _, body = f.send(t, access.Owner, "GET", "/w/acme/audit.csv", nil)
		if code != 200 || strings.Contains(body, "secret") || strings.Count(body, "test.entry") != 60 {
			t.Errorf("full CSV: %d, %d test entries, secret shown: %v", code, strings.Count(body, "test.entry"), strings.Contains(body, "secret"))
		}
	})
}

func TestAuditDiff(t *testing.T) {
	for _, c := range []struct {
		name, before, after string
		want                []auditChange
	}{
		{"nothing", "", "", nil},
		{"created", "", `{"b":"2","a":1}`, []auditChange{{Field: "a", New: "1", Added: true, Removed: false}, {Field: "b", New: "2", Added: true}}},
		{"removed", `{"email":"x@y"}`, "", []auditChange{{Field: "email", Old: "x@y", Removed: true}}},
		{"changed keys only", `{"role":"viewer","email":"x"}`, `{"role":"owner","email":"x"}`, []auditChange{{Field: "role", Old: "viewer", New: "owner"}}},
		{"key added and dropped", `{"a":"1"}`, `{"b":true}`, []auditChange{{Field: "a", Old: "1", Removed: true}, {Field: "b", New: "true", Added: true}}},
		{"not an object", `[1]`, `[2]`, []auditChange{{Old: "[1]", New: "[2]"}}},
		{"same non-object", `"x"`, `"x"`, nil},
	} {
		got := auditDiff(c.before, c.after)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// regexpFind returns the first group of pattern in s, failing the test when it is not there.
func regexpFind(t *testing.T, s, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in %.600s", pattern, s)
	}
	return m[1]
}
