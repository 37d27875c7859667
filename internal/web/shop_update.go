package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// shopUpdate saves a shop's name, region, number format, time zone and (while it has no
// lines) currency. The shop is looked up first, so another workspace's shop is a 404 whatever
// the form holds.
func (h *handler) shopUpdate(w http.ResponseWriter, r *http.Request) {
	page, ok := h.loadShopPage(w, r)
	if !ok {
		return
	}
	st := current(r)
	f := readShopForm(r)
	f.Slug, f.Platform = page.Shop.Slug, page.Shop.Platform
	if f.Currency == "" {
		f.Currency = page.Shop.Currency
	}
	page.Form = f
	if page.Error = page.Form.check(false); page.Error != "" {
		h.render(w, r, http.StatusBadRequest, "shop", page)
		return
	}
	f = page.Form
	_, err := h.store.UpdateShop(r.Context(), st.principal.Actor(), st.workspace.ID, page.Shop.Slug,
		store.ShopChanges{Name: f.Name, Region: f.Region, Currency: f.Currency, Locale: f.Locale, Timezone: f.Timezone})
	switch {
	case errors.Is(err, store.ErrCurrencyLocked):
		page.Error = fmt.Sprintf("Currency cannot change from %s to %s: this shop has order lines, whose amounts are stored in %s and summed per currency in every report. Create a new shop for sales in %s.",
			page.Shop.Currency, f.Currency, page.Shop.Currency, f.Currency)
		h.render(w, r, http.StatusConflict, "shop", page)
		return
	case errors.Is(err, store.ErrNotFound):
		h.notFound(w, r)
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "shops/"+page.Shop.Slug+"?saved=1"), http.StatusSeeOther)
}
