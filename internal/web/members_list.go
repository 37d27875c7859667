package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// membersPage lists a workspace's members with what each role may do.
type membersPage struct {
	basePage
	Workspace *model.Workspace
	Me        int64 // the signed-in user, whose row says "you"
	Members   []*store.WorkspaceMember
	Owners    int
	Roles     []access.Role
	Matrix    []matrixRow
	Form      memberForm
	Error     string
	Notice    string
	Secret    *shownSecret // a temporary password, shown once on the page answering the POST
}

// matrixRow is one permission of the matrix with, per role in Roles order, whether it has it.
type matrixRow struct {
	Description string
	Permission  access.Permission
	Allowed     []bool
}

// memberForm is the add-a-member form as typed.
type memberForm struct{ Email, Name, Role string }

// shownSecret is a password shown once, with whose it is.
type shownSecret struct{ Email, Password string }

// memberNotices are the messages after a successful change (the POST redirects here with ?ok=).
var memberNotices = map[string]string{
	"added":   "Member added. They sign in with their existing password.",
	"role":    "Role changed.",
	"removed": "Member removed. Their account stays for the other workspaces they belong to.",
}

// membersList shows the members.
func (h *handler) membersList(w http.ResponseWriter, r *http.Request) {
	page := newMembersPage(r)
	page.Notice = memberNotices[r.URL.Query().Get("ok")]
	h.renderMembers(w, r, http.StatusOK, page)
}

func newMembersPage(r *http.Request) *membersPage {
	st := current(r)
	page := &membersPage{basePage: basePage{Title: st.workspace.Name + " — Members"}, Workspace: st.workspace,
		Me: st.principal.User.ID, Roles: access.Roles, Form: memberForm{Role: string(access.Specialist)}}
	for _, rule := range access.Matrix() {
		row := matrixRow{Description: rule.Description, Permission: rule.Permission}
		for _, role := range access.Roles {
			row.Allowed = append(row.Allowed, access.Can(role, rule.Permission))
		}
		page.Matrix = append(page.Matrix, row)
	}
	return page
}

// renderMembers loads the members into page and renders it with status.
func (h *handler) renderMembers(w http.ResponseWriter, r *http.Request, status int, page *membersPage) {
	ms, err := h.store.WorkspaceMembers(r.Context(), page.Workspace.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page.Members = ms
	for _, m := range ms {
		if m.Role == string(access.Owner) {
			page.Owners++
		}
	}
	h.render(w, r, status, "members", page)
}
