package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// navPattern reads the main navigation back from a page: its plain links, its groups' summaries
// and their links, with the current ones marked.
var (
	navBlock   = regexp.MustCompile(`(?s)<nav class="mainnav"[^>]*>(.*?)</nav>`)
	navPattern = regexp.MustCompile(`<details class="menu navgroup( current)?">\s*<summary>([^<]+)</summary>|<a href="([^"]+)"( class="current" aria-current="page")?>([^<]+)</a>|</details>`)
)

// navOutline is a page's navigation as one line: "Overview* | Creators[Directory Pipeline*]"
// (* marks the current page and the current group), with each link's address in hrefs.
func navOutline(t *testing.T, body string) (outline string, hrefs map[string]string) {
	t.Helper()
	m := navBlock.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no main navigation on the page:\n%s", body)
	}
	var b strings.Builder
	hrefs = map[string]string{}
	inGroup := false
	for _, p := range navPattern.FindAllStringSubmatch(m[1], -1) {
		switch {
		case p[2] != "": // a group opens
			if b.Len() > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(p[2])
			if p[1] != "" {
				b.WriteString("*")
			}
			b.WriteString("[")
			inGroup = true
		case p[5] != "": // a link
			if inGroup && !strings.HasSuffix(b.String(), "[") {
				b.WriteString(" ")
			} else if !inGroup && b.Len() > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(p[5])
			if p[4] != "" {
				b.WriteString("*")
			}
			hrefs[p[5]] = p[3]
		default: // a group closes
			b.WriteString("]")
			inGroup = false
		}
	}
	return b.String(), hrefs
}

// TestNavGroups: each role sees its pages grouped in menus, only pages it may open (each
// answers 200) and never one it may not (each of those answers 403); the current page keeps
// aria-current inside its menu and its group is highlighted, also on pages reached from a
// menu's page (promotion links from collaborations, duplicates from the directory).
func TestNavGroups(t *testing.T) {
	const (
		creators = "Creators[Directory Pipeline Tasks Prospects]"
		outreach = "Outreach[Outreach Samples Collaborations]"
		sales    = "Sales[Creator sales Products Orders Imports]"
	)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws, _ := storetest.USDShop(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		t.Cleanup(srv.Close)
		clients := map[access.Role]*http.Client{}
		for _, r := range access.Roles {
			clients[r] = signIn(t, srv, addMember(t, s, string(r)+"@acme.example", ws, string(r)))
		}
		get := func(t *testing.T, role access.Role, path string) (int, string) {
			t.Helper()
			resp, err := clients[role].Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}

		creator, err := s.AddCreator(context.Background(), store.CLIActor, ws.ID, store.NewCreator{Username: "navcreator"})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			role access.Role
			path string
			want string
		}{
			// A creator's page is the CRM's, though its address is under the Creator sales list.
			{access.Specialist, fmt.Sprintf("/w/acme/creators/%d", creator), "Overview | Creators*[Directory Pipeline Tasks Prospects] | " + outreach + " | " + sales +
				" | Setup[Shops Connections]"},
			{access.Owner, "/w/acme/", "Overview* | " + creators + " | " + outreach + " | " + sales +
				" | Setup[Shops Connections Members API tokens Audit log Settings]"},
			{access.Manager, "/w/acme/pipeline", "Overview | Creators*[Directory Pipeline* Tasks Prospects] | " + outreach + " | " + sales +
				" | Setup[Shops Connections Audit log]"},
			{access.Specialist, "/w/acme/promotion-links", "Overview | " + creators + " | Outreach*[Outreach Samples Collaborations] | " + sales +
				" | Setup[Shops Connections]"},
			{access.Finance, "/w/acme/audit", "Overview | " + creators + " | " + outreach + " | " + sales +
				" | Setup*[Shops Connections Audit log*]"},
			{access.Viewer, "/w/acme/duplicates", "Overview | Creators*[Directory Pipeline Tasks Prospects] | " + outreach + " | " + sales +
				" | Setup[Shops Connections]"},
			{access.Owner, "/w/acme/outreach/settings", "Overview | " + creators + " | Outreach*[Outreach* Samples Collaborations] | " + sales +
				" | Setup[Shops Connections Members API tokens Audit log Settings]"},
			{access.Owner, "/w/acme/settings", "Overview | " + creators + " | " + outreach + " | " + sales +
				" | Setup*[Shops Connections Members API tokens Audit log Settings*]"},
		}
		for _, tt := range tests {
			t.Run(string(tt.role)+tt.path, func(t *testing.T) {
				code, body := get(t, tt.role, tt.path)
				if code != 200 {
					t.Fatalf("GET %s as %s: %d", tt.path, tt.role, code)
				}
				got, hrefs := navOutline(t, body)
				if got != tt.want {
					t.Errorf("navigation of %s as %s:\n got %s\nwant %s", tt.path, tt.role, got, tt.want)
				}
				if n := strings.Count(navBlock.FindString(body), `aria-current="page"`); n > 1 {
					t.Errorf("%d links of the navigation say they are the current page", n)
				}
				// The same pages, at the same addresses, as before the menus: each one the role
				// sees opens; each one it does not see is refused.
				for _, it := range navItems {
					href, shown := hrefs[it.label]
					if shown && href != wsURL(ws, it.path) {
						t.Errorf("%s links to %s, want %s", it.label, href, wsURL(ws, it.path))
					}
					if !shown {
						href = wsURL(ws, it.path)
					}
					code, _ := get(t, tt.role, href)
					if shown && code != 200 || !shown && code != 403 {
						t.Errorf("%s (%s, shown: %v) answers %s with %d", it.label, href, shown, tt.role, code)
					}
				}
			})
		}
	})
}
