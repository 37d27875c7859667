package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func postForm(t *testing.T, c *http.Client, u string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestSetup walks a brand-new install: every page leads to setup, setup creates the owner and
// the first workspace and signs them in, and it cannot run twice.
func TestSetup(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		run(t, srv, nil, []scenario{
			{name: "home leads to setup", path: "/", status: 303, headers: map[string]string{"Location": "/setup"}},
			{name: "sign-in leads to setup", path: "/login", status: 303, headers: map[string]string{"Location": "/setup"}},
			{name: "setup form", path: "/setup", status: 200, want: []string{"Set up creatorops", `name="workspace"`}},
		})
		jar, _ := cookiejar.New(nil)
		c := noRedirects(jar)
		form := url.Values{"name": {"Ana"}, "email": {"Ana@Example.com"}, "password": {"short"}, "password2": {"short"}, "workspace": {"Glow Lab US"}}
		if resp, body := postForm(t, c, srv.URL+"/setup", form); resp.StatusCode != 422 || !strings.Contains(body, "at least 10 characters") {
			t.Fatalf("short password: %d %s", resp.StatusCode, body)
		}
		form.Set("password", testPassword)
		form.Set("password2", testPassword+"x")
		if resp, body := postForm(t, c, srv.URL+"/setup", form); resp.StatusCode != 422 || !strings.Contains(body, "differ") {
			t.Fatalf("passwords differ: %d %s", resp.StatusCode, body)
		}
		if n, _ := s.UserCount(context.Background()); n != 0 {
			t.Fatalf("a refused setup wrote %d users", n)
		}
		form.Set("password2", testPassword)
		if resp, _ := postForm(t, c, srv.URL+"/setup", form); resp.StatusCode != 303 || resp.Header.Get("Location") != "/" {
			t.Fatalf("setup: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		c.CheckRedirect = nil
		run(t, srv, c, []scenario{
			{name: "owner lands in the new workspace", path: "/", status: 200, want: []string{"Glow Lab US", "No orders yet", "owner"}},
			{name: "setup is closed", path: "/setup", status: 200, want: []string{"Sign in"}},
		})
		if resp, _ := postForm(t, noRedirects(nil), srv.URL+"/setup", form); resp.StatusCode != http.StatusConflict {
			t.Errorf("second setup: %d, want 409", resp.StatusCode)
		}
		ms, err := s.Memberships(context.Background(), mustUser(t, s, "ana@example.com"))
		if err != nil || len(ms) != 1 || ms[0].Role != "owner" || ms[0].Workspace.Slug != "glow-lab-us" {
			t.Errorf("memberships %+v, %v", ms, err)
		}
	})
}

func mustUser(t *testing.T, s *store.Store, email string) int64 {
	t.Helper()
	u, _, err := s.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// TestSignIn covers the session cookie, wrong passwords, the rate limit, safe redirects and
// signing out.
func TestSignIn(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws, _ := storetest.USDShop(t, s)
		l := addMember(t, s, "ana@example.com", ws, "manager")
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		anon := noRedirects(nil)

		resp, _ := postForm(t, anon, srv.URL+"/login", url.Values{"email": {"ANA@example.com"}, "password": {testPassword}, "next": {"/w/acme/"}},
			"X-Forwarded-Proto", "https")
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/w/acme/" {
			t.Fatalf("sign in: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		cookie := resp.Cookies()[0]
		if cookie.Name != sessionCookie || !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" {
			t.Errorf("session cookie %+v", cookie)
		}

		for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example"} {
			resp, _ := postForm(t, anon, srv.URL+"/login", url.Values{"email": {l.email}, "password": {l.password}, "next": {next}})
			if resp.Header.Get("Location") != "/" {
				t.Errorf("next %q: redirected to %q", next, resp.Header.Get("Location"))
			}
		}

		// Signing out ends the session in the database: the copied cookie is worthless after.
		c := signIn(t, srv, l)
		u, _ := url.Parse(srv.URL)
		stolen := c.Jar.Cookies(u)
		if resp, _ := postForm(t, noRedirects(c.Jar), srv.URL+"/logout", nil); resp.StatusCode != 303 {
			t.Fatalf("sign out: %d", resp.StatusCode)
		}
		jar, _ := cookiejar.New(nil)
		jar.SetCookies(u, stolen)
		run(t, srv, noRedirects(jar), []scenario{{name: "old cookie after sign-out", path: "/w/acme/", status: 303}})

		// Five wrong passwords for one email lock it for a while, even with the right one after.
		for i := 0; i < 5; i++ {
			if resp, body := postForm(t, anon, srv.URL+"/login", url.Values{"email": {l.email}, "password": {"wrong password"}}); resp.StatusCode != 401 ||
				!strings.Contains(body, "The email or the password is wrong.") {
				t.Fatalf("wrong password %d: %d", i, resp.StatusCode)
			}
		}
		resp, body := postForm(t, anon, srv.URL+"/login", url.Values{"email": {l.email}, "password": {l.password}})
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "too many failed sign-ins") {
			t.Errorf("after 5 failures: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		// An unknown email gets the same answer as a wrong password.
		if resp, body := postForm(t, anon, srv.URL+"/login", url.Values{"email": {"nobody@example.com"}, "password": {"whatever it is"}}); resp.StatusCode != 401 ||
			!strings.Contains(body, "The email or the password is wrong.") {
			t.Errorf("unknown email: %d", resp.StatusCode)
		}
	})
}

// TestAPIAuthentication checks tokens and sessions on the API, and its problem details.
func TestAPIAuthentication(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		other, _, _ := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		l := addMember(t, s, "ana@example.com", ws, "finance")
		if err := s.AddMember(ctx, l.userID, other.ID, "viewer"); err != nil {
			t.Fatal(err)
		}
		a := auth.New(s, testLogger(t))
		secret, tok, err := a.NewAPIToken(ctx, store.Actor{UserID: l.userID}, ws.ID, "script", access.Viewer)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		call := func(c *http.Client, path, bearer string) (int, map[string]any, http.Header) {
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			if bearer != "" {
				req.Header.Set("Authorization", "Bearer "+bearer)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var v map[string]any
			json.NewDecoder(resp.Body).Decode(&v)
			return resp.StatusCode, v, resp.Header
		}
		anon := noRedirects(nil)
		code, body, h := call(anon, "/api/v1/workspaces", "")
		if code != 401 || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") || body["detail"] == nil {
			t.Errorf("anonymous: %d %v %v", code, h.Get("Content-Type"), body)
		}
		if code, _, _ := call(anon, "/api/v1/workspaces", "cro_not-a-real-token-at-all"); code != 401 {
			t.Errorf("bad token: %d", code)
		}
		code, body, _ = call(anon, "/api/v1/workspaces", secret)
		if items, _ := body["items"].([]any); code != 200 || len(items) != 1 {
			t.Errorf("token sees %d: %v", code, body)
		}
		if code, _, _ := call(anon, "/api/v1/workspaces/other", secret); code != 404 {
			t.Errorf("token on another workspace of its user: %d, want 404", code)
		}
		code, body, _ = call(signIn(t, srv, l), "/api/v1/workspaces", "")
		if items, _ := body["items"].([]any); code != 200 || len(items) != 2 {
			t.Errorf("session sees %d: %v", code, body)
		}
		if err := s.RevokeAPIToken(ctx, store.Actor{UserID: l.userID}, ws.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if code, _, _ := call(anon, "/api/v1/workspaces/acme", secret); code != 401 {
			t.Errorf("revoked token: %d, want 401", code)
		}
		if code, _, _ := call(anon, "/api/v1/workspaces?nope=1", ""); code != 401 {
			t.Errorf("anonymous with an unknown parameter: %d, want 401", code)
		}
	})
}
