package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// tokensPage lists a workspace's API tokens and the form that makes one.
type tokensPage struct {
	basePage
	Workspace *model.Workspace
	Tokens    []tokenRow
	Roles     []access.Role // the roles the signed-in member may hand out
	Name      string
	Role      string
	Error     string
	Notice    string
	Secret    string // a new token's value, shown once on the page answering the POST
	SecretFor string
	APIBase   string // the API's address on this server, for the example
}

// tokenRow is one token of the list.
type tokenRow struct {
	*store.APIToken
	CreatedBy string
}

// tokensList shows the tokens.
func (h *handler) tokensList(w http.ResponseWriter, r *http.Request) {
	page := newTokensPage(r)
	if r.URL.Query().Get("ok") == "revoked" {
		page.Notice = "Token revoked: requests with it are refused from now on."
	}
	h.renderTokens(w, r, http.StatusOK, page)
}

func newTokensPage(r *http.Request) *tokensPage {
	st := current(r)
	page := &tokensPage{basePage: basePage{Title: st.workspace.Name + " — API tokens"}, Workspace: st.workspace,
		Role: string(access.Viewer), APIBase: requestOrigin(r) + "/api/v1"}
	for _, role := range access.Roles {
		if access.AtMost(role, st.role) {
			page.Roles = append(page.Roles, role)
		}
	}
	return page
}

// renderTokens loads the tokens into page and renders it with status.
func (h *handler) renderTokens(w http.ResponseWriter, r *http.Request, status int, page *tokensPage) {
	ctx := r.Context()
	tokens, err := h.store.APITokens(ctx, page.Workspace.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	creators, err := h.store.TokenCreators(ctx, page.Workspace.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, t := range tokens {
		page.Tokens = append(page.Tokens, tokenRow{APIToken: t, CreatedBy: tokenCreator(t, creators)})
	}
	h.render(w, r, status, "tokens", page)
}

// tokenCreator names who made a token: a member's email, or "an API token" for one made
// through the API.
func tokenCreator(t *store.APIToken, creators map[int64]string) string {
	if t.CreatedBy == 0 {
		return "an API token"
	}
	if e, ok := creators[t.CreatedBy]; ok {
		return e
	}
	return "a deleted user"
}

// requestOrigin is the scheme and host the browser used, for examples it can paste.
func requestOrigin(r *http.Request) string {
	scheme := "http"
	if overHTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
