package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/platform/shopee"
	"github.com/creatorops/creatorops/internal/store"
)

// errShopeeNotMember and errShopeeForbidden end a Shopee callback whose user may no longer
// connect shops in the workspace the state names.
var (
	errShopeeNotMember = errors.New("not a member of the workspace")
	errShopeeForbidden = errors.New("may not manage shops")
)

// shopeeCallback is where Shopee sends the seller back with a code and the shop id. The
// state in the query ties it to the workspace and the user who started; the user must still
// be allowed to manage that workspace's shops, which is checked before the code is used.
// The shop is then connected at once: a Shopee authorization covers one shop, and where its
// orders go was chosen before leaving.
func (h *handler) shopeeCallback(w http.ResponseWriter, r *http.Request) {
	p := current(r).principal
	if p.User == nil {
		h.notFound(w, r)
		return
	}
	var slug string
	var role access.Role
	allow := func(wsID int64) error {
		var err error
		if slug, role, err = h.memberWorkspace(r, p.User.ID, wsID); err != nil {
			return err
		}
		switch {
		case slug == "":
			return errShopeeNotMember
		case !access.Can(role, access.ManageShops):
			return errShopeeForbidden
		}
		return nil
	}
	_, err := h.opts.Connect.ShopeeCallback(r.Context(), p.Actor(), p.User.ID, r.URL.Query(), allow)
	switch {
	case err == nil:
		http.Redirect(w, r, "/w/"+slug+"/connections?ok=connected", http.StatusSeeOther)
	case errors.Is(err, errShopeeNotMember):
		h.notFound(w, r)
	case errors.Is(err, errShopeeForbidden):
		h.forbidden(w, r, role, access.ManageShops)
	case errors.Is(err, connect.ErrNoKey), errors.Is(err, connect.ErrShopeeNotConfigured):
		h.connectFailed(w, r, http.StatusServiceUnavailable, err.Error())
	case errors.Is(err, store.ErrConnectedElsewhere):
		h.connectFailed(w, r, http.StatusConflict, err.Error())
	case errors.Is(err, connect.ErrUnknownState), errors.Is(err, store.ErrOAuthStateUsed),
		errors.Is(err, store.ErrOAuthStateExpired), errors.Is(err, store.ErrOAuthStateOtherUser):
		h.connectFailed(w, r, http.StatusBadRequest, err.Error())
	default:
		var shopErr *connect.ShopeeShopError
		var apiErr *shopee.APIError
		switch {
		case errors.As(err, &shopErr), errors.Is(err, connect.ErrBadShopeeCallback):
			h.connectFailed(w, r, http.StatusBadRequest, err.Error())
		case errors.As(err, &apiErr):
			h.log.Warn("web: a Shopee authorization failed", "user", p.User.ID, "err", err)
			h.connectFailed(w, r, http.StatusBadGateway, err.Error())
		default:
			h.serverError(w, r, err)
		}
	}
}
