package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// shopPage is one shop's settings: a form for those who may change them, a read-out for others.
type shopPage struct {
	basePage
	Workspace     *model.Workspace
	Shop          *model.Shop
	PlatformLabel string
	HasLines      bool // the currency is then fixed
	CanManage     bool
	Form          shopForm
	Error         string
	Notice        string
	Currencies    []string
	Locales       []string
	Zones         []string
}

// shopShow shows a shop of the workspace; another workspace's shop is a 404.
func (h *handler) shopShow(w http.ResponseWriter, r *http.Request) {
	page, ok := h.loadShopPage(w, r)
	if !ok {
		return
	}
	switch {
	case r.URL.Query().Get("created") != "":
		page.Notice = "Shop created. Upload its first Seller Center export on the Imports page."
	case r.URL.Query().Get("saved") != "":
		page.Notice = "Saved."
	}
	h.render(w, r, http.StatusOK, "shop", page)
}

// loadShopPage loads the {shop} of the current workspace into a page, answering 404 (and false)
// when the workspace has no such shop.
func (h *handler) loadShopPage(w http.ResponseWriter, r *http.Request) (*shopPage, bool) {
	st := current(r)
	sh, err := h.store.ShopBySlug(r.Context(), st.workspace.ID, r.PathValue("shop"))
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return nil, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return nil, false
	}
	has, err := h.store.ShopHasLines(r.Context(), sh.ID)
	if err != nil {
		h.serverError(w, r, err)
		return nil, false
	}
	return &shopPage{basePage: basePage{Title: st.workspace.Name + " — Shop " + sh.Name}, Workspace: st.workspace, Shop: sh,
		PlatformLabel: platformLabel(sh.Platform), HasLines: has, CanManage: st.can(access.ManageShops), Form: shopFormOf(sh),
		Currencies: shopCurrencies, Locales: shopLocales, Zones: commonZones}, true
}
