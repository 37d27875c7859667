package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// connectionConnect connects the shops picked on the pick page. The pending authorization is
// found first (another workspace's is a 404), then the form is checked as a whole before
// anything is written: a bad choice re-renders the form with a message naming it.
func (h *handler) connectionConnect(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	page, ok := h.loadPick(w, r, r.PostFormValue("state"))
	if !ok {
		return
	}
	fail := func(status int, msg string) {
		page.Error = msg
		h.render(w, r, status, "connections_pick", page)
	}
	chosen := r.PostForm["shop"]
	for i := range page.Shops {
		row := &page.Shops[i]
		row.Checked = contains(chosen, row.ID)
		if t := r.PostFormValue("target_" + row.ID); t != "" {
			row.Target = t
		}
	}
	if len(chosen) == 0 {
		fail(http.StatusBadRequest, "Choose at least one shop to connect.")
		return
	}
	var picks []connect.Pick
	var create []pickRow
	for _, id := range chosen {
		row, ok := findPickRow(page.Shops, id)
		if !ok {
			fail(http.StatusBadRequest, fmt.Sprintf("Shop %q is not among the shops the seller authorized.", clip(id, 40)))
			return
		}
		if other, err := h.store.ConnectionByExternalShop(r.Context(), model.PlatformTikTokShop, id); err == nil && other.WorkspaceID != st.workspace.ID {
			fail(http.StatusConflict, fmt.Sprintf("“%s”: %s.", row.Name, store.ErrConnectedElsewhere))
			return
		}
		pick := connect.Pick{ExternalShopID: id}
		switch {
		case row.Target == "new":
			create = append(create, row)
		default:
			t := findTarget(page.Targets, row.Target)
			if t == nil {
				fail(http.StatusBadRequest, fmt.Sprintf("“%s” feeds shop %q, which is not a TikTok shop of this workspace: choose one of the list.", row.Name, clip(row.Target, 40)))
				return
			}
			pick.ShopID = &t.ID
		}
		picks = append(picks, pick)
	}
	for _, row := range create {
		sh, err := h.createShopFor(r, row.AuthorizedShop)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		for i := range picks {
			if picks[i].ExternalShopID == row.ID {
				picks[i].ShopID = &sh.ID
			}
		}
	}
	_, err := h.opts.Connect.Connect(r.Context(), st.principal.Actor(), st.workspace.ID, st.principal.User.ID, page.State, picks)
	switch {
	case errors.Is(err, store.ErrConnectedElsewhere):
		fail(http.StatusConflict, err.Error())
		return
	case errors.Is(err, connect.ErrNoKey):
		fail(http.StatusServiceUnavailable, err.Error())
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "connections?ok=connected"), http.StatusSeeOther)
}

// createShopFor adds a creatorops shop for an authorized shop, named after it, with its
// region's currency, number format and time zone; the slug gets a number when taken.
func (h *handler) createShopFor(r *http.Request, a connect.AuthorizedShop) (*model.Shop, error) {
	st := current(r)
	d := regionDefaultsFor(a.Region)
	base := "tiktok-" + strings.ToLower(a.Region)
	if a.Region == "" {
		base = "tiktok"
	}
	for n := 1; n < 100; n++ {
		slug := base
		if n > 1 {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		sh, err := h.store.AddShop(r.Context(), st.principal.Actor(), model.Shop{WorkspaceID: st.workspace.ID, Slug: slug, Name: a.Name,
			Platform: model.PlatformTikTokShop, Region: a.Region, Currency: d.currency, Locale: d.locale, Timezone: d.zone})
		if errors.Is(err, store.ErrShopExists) {
			continue
		}
		return sh, err
	}
	return nil, fmt.Errorf("web: no free slug for a shop %q", base)
}

func findPickRow(rows []pickRow, id string) (pickRow, bool) {
	for _, r := range rows {
		if r.ID == id {
			return r, true
		}
	}
	return pickRow{}, false
}

func findTarget(targets []*store.ShopSummary, slug string) *store.ShopSummary {
	for _, t := range targets {
		if t.Slug == slug {
			return t
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
