package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestChangeOwnPassword(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws, _ := storetest.USDShop(t, s)
		l := addMember(t, s, "ana@example.com", ws, "specialist")
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		other := signIn(t, srv, l)
		c := signIn(t, srv, l)
		run(t, srv, c, []scenario{{name: "account page", path: "/account", status: 200,
			want: []string{"Your account", "ana@example.com", "specialist", "Change your password"}}})
		for _, tt := range []struct {
			name, current, next, again, want string
		}{
			{"wrong current", "not my password", "brand-new-password", "brand-new-password", "The current password is wrong."},
			{"differ", testPassword, "brand-new-password", "brand-new-passw0rd", "differ"},
			{"short", testPassword, "short", "short", "at least 10 characters"},
		} {
			resp, body := postForm(t, noRedirects(c.Jar), srv.URL+"/account/password", url.Values{"current": {tt.current}, "new": {tt.next}, "new2": {tt.again}})
			if resp.StatusCode != 422 || !strings.Contains(body, tt.want) {
				t.Errorf("%s: %d, body lacks %q", tt.name, resp.StatusCode, tt.want)
			}
		}
		resp, _ := postForm(t, noRedirects(c.Jar), srv.URL+"/account/password", url.Values{"current": {testPassword}, "new": {"brand-new-password"}, "new2": {"brand-new-password"}})
		if resp.StatusCode != 303 {
			t.Fatalf("change: %d", resp.StatusCode)
		}
		run(t, srv, c, []scenario{{name: "this browser stays signed in", path: "/account?changed=1", status: 200, want: []string{"Your password is changed"}}})
		other.CheckRedirect = noRedirects(nil).CheckRedirect
		run(t, srv, other, []scenario{{name: "the other session ended", path: "/account", status: 303}})
		l.password = "brand-new-password"
		signIn(t, srv, l)
	})
}
