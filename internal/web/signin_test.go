package web

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// testPassword is every test user's password.
const testPassword = "correct horse battery"

// login is a test user's credentials.
type login struct {
	userID          int64
	email, password string
}

// addMember creates a user with a role in ws (bcrypt at the lowest cost, to keep tests quick).
func addMember(t testing.TB, s *store.Store, email string, ws *model.Workspace, role string) login {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.CreateUser(ctx, email, "", hash)
	if err != nil {
		t.Fatal(err)
	}
	if ws != nil {
		if err := s.AddMember(ctx, id, ws.ID, role); err != nil {
			t.Fatal(err)
		}
	}
	return login{userID: id, email: email, password: testPassword}
}

// noRedirects is a client that keeps cookies in jar and shows redirects as they are.
func noRedirects(jar http.CookieJar) *http.Client {
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signIn posts the sign-in form and returns a client holding the session; it follows redirects
// (as a browser does) except where a scenario checks them.
func signIn(t testing.TB, srv *httptest.Server, l login) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := noRedirects(jar)
	resp, err := c.PostForm(srv.URL+"/login", url.Values{"email": {l.email}, "password": {l.password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d", l.email, resp.StatusCode)
	}
	u, _ := url.Parse(srv.URL)
	if !strings.Contains(cookieNames(jar.Cookies(u)), sessionCookie) {
		t.Fatalf("sign in as %s: no session cookie", l.email)
	}
	c.CheckRedirect = nil
	return c
}

func cookieNames(cs []*http.Cookie) string {
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return strings.Join(names, ",")
}
