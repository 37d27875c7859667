package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// setupPage is the one-time form that creates the first owner.
type setupPage struct {
	basePage
	NeedWorkspace bool // no workspace exists yet: ask for the brand's name
	Name, Email   string
	Workspace     string
	Error         string
}

// showSetup shows the setup form while no user exists, and sends everyone to sign in after.
func (h *handler) showSetup(w http.ResponseWriter, r *http.Request) {
	page, done, err := h.setupPage(r)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if done {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "setup", page)
}

func (h *handler) setupPage(r *http.Request) (*setupPage, bool, error) {
	n, err := h.store.UserCount(r.Context())
	if err != nil || n > 0 {
		return nil, n > 0, err
	}
	all, err := h.store.Workspaces(r.Context())
	if err != nil {
		return nil, false, err
	}
	return &setupPage{basePage: basePage{Title: "Set up creatorops"}, NeedWorkspace: len(all) == 0}, false, nil
}

// setup creates the owner, signs them in and opens the app.
func (h *handler) setup(w http.ResponseWriter, r *http.Request) {
	page, done, err := h.setupPage(r)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if done {
		http.Error(w, "Setup is already done: sign in instead.", http.StatusConflict)
		return
	}
	page.Name = strings.TrimSpace(r.PostFormValue("name"))
	page.Email = strings.TrimSpace(r.PostFormValue("email"))
	page.Workspace = strings.TrimSpace(r.PostFormValue("workspace"))
	var ws *model.Workspace
	if page.NeedWorkspace {
		ws = &model.Workspace{Name: page.Workspace, Slug: model.SlugFrom(page.Workspace), Timezone: "UTC"}
	}
	page.Error = checkSetup(page, r.PostFormValue("password"), r.PostFormValue("password2"), ws)
	hash := ""
	if page.Error == "" {
		hash, err = auth.HashPassword(r.PostFormValue("password"))
		if err != nil {
			page.Error = err.Error() + "."
		}
	}
	if page.Error != "" {
		h.render(w, r, http.StatusUnprocessableEntity, "setup", page)
		return
	}
	id, err := h.store.SetupOwner(r.Context(), page.Email, page.Name, hash, ws)
	if errors.Is(err, store.ErrSetupDone) {
		http.Error(w, "Setup is already done: sign in instead.", http.StatusConflict)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	token, err := h.auth.NewSessionToken(r.Context(), id, clientIP(r), r.UserAgent())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	setSessionCookie(w, r, token)
	h.log.Info("setup done: first owner created", "user", page.Email)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// checkSetup returns what is wrong with the form, or "".
func checkSetup(p *setupPage, password, again string, ws *model.Workspace) string {
	switch {
	case !strings.Contains(p.Email, "@") || len(p.Email) > 254:
		return "Enter your email address: it is how you sign in."
	case password != again:
		return "The two passwords differ."
	case ws != nil && ws.Slug == "":
		return "Name your brand or first workspace (letters or digits)."
	}
	return ""
}
