package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/store"
)

// shopeeAuthorize starts connecting a Shopee shop: it checks where its orders will go (form
// field "shop": a Shopee shop's slug, or "new-<market>"), records a one-use state for this
// user and workspace, and sends the browser to Shopee's authorization page.
func (h *handler) shopeeAuthorize(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	choice := strings.TrimSpace(r.PostFormValue("shop"))
	fail := func(status int, msg string) {
		h.renderConnections(w, r, status, &connectionsPage{Error: msg})
	}
	if !h.opts.Connect.ShopeeConfigured() {
		fail(http.StatusServiceUnavailable, "Connecting Shopee shops is not set up on this server: "+connect.ErrShopeeNotConfigured.Error())
		return
	}
	var target connect.ShopeeTarget
	switch region, isNew := strings.CutPrefix(choice, "new-"); {
	case choice == "":
		fail(http.StatusBadRequest, "Choose the shop the Shopee shop's orders go to (field “shop”).")
		return
	case isNew:
		target.Region = strings.ToUpper(region)
	default:
		sh, err := h.store.ShopBySlug(r.Context(), st.workspace.ID, choice)
		if errors.Is(err, store.ErrNotFound) {
			fail(http.StatusBadRequest, fmt.Sprintf("Shop %q is not a shop of this workspace: choose one of the list.", clip(choice, 40)))
			return
		}
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		target.ShopID = sh.ID
	}
	u, err := h.opts.Connect.ShopeeAuthorizeURL(r.Context(), st.workspace.ID, st.principal.User.ID, target, h.shopeeCallbackURL(r))
	var shopErr *connect.ShopeeShopError
	switch {
	case errors.As(err, &shopErr):
		fail(http.StatusBadRequest, "Field “shop”: "+shopErr.Error()+".")
		return
	case errors.Is(err, connect.ErrNoKey):
		fail(http.StatusServiceUnavailable, "Connecting shops is not set up on this server: "+err.Error())
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}
