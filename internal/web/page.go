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

// navLink is one entry of a workspace's navigation: a page, or a group of pages (Links set,
// URL empty) shown as a drop-down menu, so the whole navigation fits one row of a 1366 px
// laptop (and still of a 1024 px one) however many pages the role may open.
type navLink struct {
	Label string
	URL   string
	// Current: the page shown is this one, or for a group one of its pages or of its sections.
	Current bool
	Links   []navLink
}

// Navigation groups. An item with no group is a link of its own in the top bar.
const (
	navCreators = "Creators"
	navOutreach = "Outreach"
	navSales    = "Sales"
	navSetup    = "Setup"
)

// navItems are the workspace pages in menu order, each shown only to roles that may open it,
// in its group's menu; a group appears where its first item is and only when the role may
// open at least one of its pages.
var navItems = []struct {
	label, path, group string
	perm               access.Permission
}{
	{"Overview", "", "", access.ViewData},
	{"Directory", "directory", navCreators, access.ViewData},
	{"Pipeline", "pipeline", navCreators, access.ViewData},
	{"Tasks", "tasks", navCreators, access.ViewData},
	{"Prospects", "prospects", navCreators, access.ViewData},
	{"Outreach", "outreach", navOutreach, access.ViewData},
	{"Samples", "samples", navOutreach, access.ViewData},
	{"Collaborations", "collaborations", navOutreach, access.ViewData},
	{"Creator sales", "creators", navSales, access.ViewData},
	{"Products", "products", navSales, access.ViewData},
	{"Orders", "orders", navSales, access.ViewData},
	{"Imports", "imports", navSales, access.ViewData},
	{"Shops", "shops", navSetup, access.ViewData},
	{"Connections", "connections", navSetup, access.ViewData},
	{"Members", "members", navSetup, access.ManageMembers},
	{"API tokens", "tokens", navSetup, access.ManageTokens},
	{"Audit log", "audit", navSetup, access.ViewAudit},
	{"Settings", "settings", navSetup, access.ManageSettings},
}

// navSections are pages reached from a menu's pages rather than from the menu itself: the
// group is highlighted there too, so the top bar still says where the user is.
var navSections = map[string]string{
	"views":           navCreators, // a saved view of the directory
	"duplicates":      navCreators,
	"merges":          navCreators,
	"promotion-links": navOutreach, // from the collaborations page
	"creator":         navCreators, // a creator's own pages (see sectionOf)
}

// buildNav is the navigation of ws for a role that may open the pages can allows, with the
// page of section (sectionOf) marked current.
func buildNav(ws *model.Workspace, section string, can func(access.Permission) bool) []navLink {
	var nav []navLink
	groups := map[string]int{} // group label → index in nav
	for _, it := range navItems {
		if !can(it.perm) {
			continue
		}
		l := navLink{Label: it.label, URL: wsURL(ws, it.path), Current: it.path == section}
		if it.group == "" {
			nav = append(nav, l)
			continue
		}
		i, ok := groups[it.group]
		if !ok {
			i = len(nav)
			groups[it.group] = i
			nav = append(nav, navLink{Label: it.group, Current: navSections[section] == it.group})
		}
		nav[i].Links = append(nav[i].Links, l)
		nav[i].Current = nav[i].Current || l.Current
	}
	return nav
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
		c.Nav = buildNav(st.workspace, sectionOf(r.URL.Path, st.workspace.Slug), st.can)
	}
	return c, nil
}

// wsURL is the address of a page of a workspace.
func wsURL(ws *model.Workspace, path string) string { return "/w/" + ws.Slug + "/" + path }

// sectionOf is the first path element after the workspace: "directory" for
// /w/acme/directory/new. A creator's own pages (/w/acme/creators/12, …/message) share their
// address with the Creator sales list but are the CRM's: they are the section "creator", in the
// Creators menu.
func sectionOf(path, slug string) string {
	rest := path[min(len(path), len("/w/"+slug+"/")):]
	for i := 0; i < len(rest); i++ {
		if rest[i] == '/' {
			if rest[:i] == "creators" && i+1 < len(rest) {
				return "creator"
			}
			return rest[:i]
		}
	}
	return rest
}

// principalOf is the signed-in principal of a request behind guard.
func principalOf(r *http.Request) *auth.Principal { return current(r).principal }
