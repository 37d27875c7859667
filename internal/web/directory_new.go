package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
)

// directoryNewPage is the data of the directory_new template: the add-creator form.
type directoryNewPage struct {
	basePage
	Workspace *model.Workspace
	Form      dirCreatorForm
	Error     string
	Field     string // the input the error is about, focused
	ExistsURL string // the creator who already has the handle
	Members   []dirMember
	CanManage bool
	Stages    []dirOption
}

// dirCreatorForm is the add-creator form as typed.
type dirCreatorForm struct {
	Handle, DisplayName, Email, Discord, Followers string
	Verticals, Region, Language, TimeZone, Agency  string
	Tags, Owner, Stage                             string
}

// directoryNew shows the add-creator form.
func (h *handler) directoryNew(w http.ResponseWriter, r *http.Request) {
	page, err := h.newCreatorPage(r, dirCreatorForm{Owner: "me"})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "directory_new", page)
}

// newCreatorPage fills the form's choices: owners (any member for managers; themselves or
// nobody for the others) and the stages a new creator may start in.
func (h *handler) newCreatorPage(r *http.Request, f dirCreatorForm) (*directoryNewPage, error) {
	st := current(r)
	page := &directoryNewPage{basePage: basePage{Title: st.workspace.Name + " — Add creator"}, Workspace: st.workspace,
		Form: f, CanManage: st.can(access.ManageCreators)}
	if page.CanManage {
		members, err := h.store.WorkspaceMembers(r.Context(), st.workspace.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			page.Members = append(page.Members, dirMember{ID: m.ID, Email: m.Email})
		}
	}
	for _, s := range model.Stages {
		if !s.Blocked() {
			page.Stages = append(page.Stages, dirOption{Value: string(s), Label: s.Label(), Checked: string(s) == f.Stage})
		}
	}
	return page, nil
}
