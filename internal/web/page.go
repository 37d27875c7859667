package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// basePage is embedded in every page's data: the title and the chrome around the content.
type basePage struct {
	Title  string
	Chrome *chrome
}

func (b *basePage) base() *basePage { return b }

// page is what render accepts: any page data embedding basePage.
type page interface{ base() *basePage }

// chrome is the top bar: who is signed in, the workspace switcher and the links the role may use.
type chrome struct {
	User        *store.User
	Workspace   *model.Workspace
	Role        access.Role
	Memberships []store.Membership
	Nav         []navLink
	// CanAddWorkspace: owners (of any workspace) may add brands, as an agency does.
	CanAddWorkspace bool
}

// navLink is one entry of a workspace's navigation.
type navLink struct {
	Label   string
	URL     string
	Current bool
}

// navItems are the workspace pages in menu order, each shown only to roles that may open it.
var navItems = []struct {
	label, path string
	perm        access.Permission
}{
	{"Overview", "", access.ViewData},
	{"Directory", "directory", access.ViewData},
	{"Pipeline", "pipeline", access.ViewData},
	{"Tasks", "tasks", access.ViewData},
	{"Prospects", "prospects", access.ViewData},
	{"Outreach", "outreach", access.ViewData},
	{"Samples", "samples", access.ViewData},
	{"Collaborations", "collaborations", access.ViewData},
	{"Creator sales", "creators", access.ViewData},
	{"Products", "products", access.ViewData},
	{"Orders", "orders", access.ViewData},
	{"Imports", "imports", access.ViewData},
	{"Shops", "shops", access.ViewData},
	{"Members", "members", access.ManageMembers},
	{"API tokens", "tokens", access.ManageTokens},
	{"Audit log", "audit", access.ViewAudit},
	{"Settings", "settings", access.ManageSettings},
}

// buildChrome fills the top bar for a signed-in request; nil for anonymous pages.
func (h *handler) buildChrome(r *http.Request) (*chrome, error) {
	st := current(r)
	if st.principal == nil || st.principal.User == nil {
		return nil, nil
	}
	ms, err := h.store.Memberships(r.Context(), st.principal.User.ID)
	if err != nil {
		return nil, err
	}
	c := &chrome{User: st.principal.User, Workspace: st.workspace, Role: st.role, Memberships: ms}
	for _, m := range ms {
		c.CanAddWorkspace = c.CanAddWorkspace || m.Role == string(access.Owner)
	}
	if st.workspace != nil {
		section := sectionOf(r.URL.Path, st.workspace.Slug)
		for _, it := range navItems {
			if st.can(it.perm) {
				c.Nav = append(c.Nav, navLink{Label: it.label, URL: wsURL(st.workspace, it.path), Current: it.path == section})
			}
		}
	}
	return c, nil
}

// wsURL is the address of a page of a workspace.
func wsURL(ws *model.Workspace, path string) string { return "/w/" + ws.Slug + "/" + path }

// sectionOf is the first path element after the workspace: "creators" for /w/acme/creators/12.
func sectionOf(path, slug string) string {
	rest := path[min(len(path), len("/w/"+slug+"/")):]
	for i := 0; i < len(rest); i++ {
		if rest[i] == '/' {
			return rest[:i]
		}
	}
	return rest
}

// principalOf is the signed-in principal of a request behind guard.
func principalOf(r *http.Request) *auth.Principal { return current(r).principal }
