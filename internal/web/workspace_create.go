package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// workspaceNewPage is the form an agency uses to add a brand.
type workspaceNewPage struct {
	basePage
	Name, Slug, Timezone string
	Zones                []string
	Error                string
}

// workspaceNew shows the new-workspace form to owners of at least one workspace.
func (h *handler) workspaceNew(w http.ResponseWriter, r *http.Request) {
	if !h.ownsSomewhere(w, r) {
		return
	}
	h.render(w, r, http.StatusOK, "workspace_new", &workspaceNewPage{basePage: basePage{Title: "New workspace"},
		Timezone: "UTC", Zones: commonZones})
}

// workspaceCreate makes a workspace with the signed-in user as its owner. Only owners may:
// it lets an agency lead add brands, and keeps a specialist from opening workspaces of their own.
func (h *handler) workspaceCreate(w http.ResponseWriter, r *http.Request) {
	if !h.ownsSomewhere(w, r) {
		return
	}
	p := principalOf(r)
	page := &workspaceNewPage{basePage: basePage{Title: "New workspace"}, Zones: commonZones,
		Name: strings.TrimSpace(r.PostFormValue("name")), Slug: strings.ToLower(strings.TrimSpace(r.PostFormValue("slug"))),
		Timezone: strings.TrimSpace(r.PostFormValue("timezone"))}
	if page.Slug == "" {
		page.Slug = model.SlugFrom(page.Name)
	}
	switch {
	case page.Name == "" || utf8.RuneCountInString(page.Name) > 100:
		page.Error = "Name the brand (1 to 100 characters), e.g. Glow Lab US."
	case !model.ValidSlug(page.Slug):
		page.Error = fmt.Sprintf("Slug %q cannot name a workspace: use lowercase letters, digits, '-' or '_' (at most 63), starting with a letter or digit.", page.Slug)
	default:
		page.Error = checkZone("Time zone", page.Timezone)
	}
	if page.Error != "" {
		h.render(w, r, http.StatusBadRequest, "workspace_new", page)
		return
	}
	ws, err := h.store.CreateWorkspace(r.Context(), p.Actor(), model.Workspace{Slug: page.Slug, Name: page.Name, Timezone: page.Timezone}, p.User.ID)
	if errors.Is(err, store.ErrWorkspaceExists) {
		page.Error = fmt.Sprintf("Slug %q is taken by another workspace: choose another.", page.Slug)
		h.render(w, r, http.StatusConflict, "workspace_new", page)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(ws, "shops?welcome=1"), http.StatusSeeOther)
}

// ownsSomewhere reports whether the signed-in user owns a workspace, answering 403 when not.
func (h *handler) ownsSomewhere(w http.ResponseWriter, r *http.Request) bool {
	ms, err := h.store.Memberships(r.Context(), principalOf(r).User.ID)
	if err != nil {
		h.serverError(w, r, err)
		return false
	}
	for _, m := range ms {
		if m.Role == string(access.Owner) {
			return true
		}
	}
	h.render(w, r, http.StatusForbidden, "error", &errorPage{basePage: basePage{Title: "Not allowed"}, Heading: "Not allowed",
		Message: "Only the owner of a workspace can create new ones. Ask the owner of your agency's workspaces to create it and add you."})
	return false
}
