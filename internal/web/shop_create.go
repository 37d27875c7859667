package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// shopCreate adds a shop. A bad field re-renders the list with the form as typed and a message
// naming the field, and nothing is written.
func (h *handler) shopCreate(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	page := newShopsPage(r)
	page.Form = readShopForm(r)
	if page.Error = page.Form.check(true); page.Error != "" {
		h.renderShops(w, r, http.StatusBadRequest, page)
		return
	}
	f := page.Form
	_, err := h.store.AddShop(r.Context(), st.principal.Actor(), model.Shop{WorkspaceID: st.workspace.ID, Slug: f.Slug, Name: f.Name,
		Platform: f.Platform, Region: f.Region, Currency: f.Currency, Locale: f.Locale, Timezone: f.Timezone})
	if errors.Is(err, store.ErrShopExists) {
		page.Error = fmt.Sprintf("Slug %q is taken: this workspace already has a shop with it. Choose another slug.", f.Slug)
		h.renderShops(w, r, http.StatusConflict, page)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "shops/"+f.Slug+"?created=1"), http.StatusSeeOther)
}
