package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// shopsPage lists a workspace's shops and, for those who may, the form that adds one.
type shopsPage struct {
	basePage
	Workspace  *model.Workspace
	Shops      []shopRow
	CanManage  bool
	CanExport  bool
	Form       shopForm
	Error      string
	Notice     string
	Platforms  []adminOption
	Currencies []string
	Locales    []string
	Zones      []string
}

// shopRow is one shop of the list.
type shopRow struct {
	*store.ShopSummary
	PlatformLabel string
}

// shopsList shows the shops.
func (h *handler) shopsList(w http.ResponseWriter, r *http.Request) {
	page := newShopsPage(r)
	if r.URL.Query().Get("welcome") != "" {
		page.Notice = "Workspace created, and you are its owner. Add the shop its exports come from, then upload them on the Imports page."
	}
	h.renderShops(w, r, http.StatusOK, page)
}

func newShopsPage(r *http.Request) *shopsPage {
	st := current(r)
	return &shopsPage{basePage: basePage{Title: st.workspace.Name + " — Shops"}, Workspace: st.workspace,
		CanManage: st.can(access.ManageShops), CanExport: st.can(access.ExportData),
		Form:      shopForm{Platform: model.PlatformTikTokShop, Currency: "USD", Timezone: "UTC"},
		Platforms: shopPlatforms, Currencies: shopCurrencies, Locales: shopLocales, Zones: commonZones}
}

// renderShops loads the list into page and renders it with status (a bad form re-renders the
// list with its error).
func (h *handler) renderShops(w http.ResponseWriter, r *http.Request, status int, page *shopsPage) {
	shops, err := h.store.ShopSummaries(r.Context(), page.Workspace.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, sh := range shops {
		page.Shops = append(page.Shops, shopRow{ShopSummary: sh, PlatformLabel: platformLabel(sh.Platform)})
	}
	h.render(w, r, status, "shops", page)
}
