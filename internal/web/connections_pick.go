package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// connectionPickPage lists the shops a seller just authorized, to choose which to connect
// and which creatorops shop each one feeds.
type connectionPickPage struct {
	basePage
	Workspace *model.Workspace
	State     string
	Shops     []pickRow
	Targets   []*store.ShopSummary
	ExpiresAt time.Time
	Error     string
}

// pickRow is one authorized shop with the form's current choice for it.
type pickRow struct {
	connect.AuthorizedShop
	Checked bool
	Target  string // a shop slug, or "new"
	Live    bool   // already connected to this workspace (connecting again renews it)
}

// connectionPick shows the pick form of the user's pending authorization.
func (h *handler) connectionPick(w http.ResponseWriter, r *http.Request) {
	page, ok := h.loadPick(w, r, r.URL.Query().Get("state"))
	if !ok {
		return
	}
	for i := range page.Shops {
		page.Shops[i].Checked = len(page.Shops) == 1 || !page.Shops[i].Live
	}
	h.render(w, r, http.StatusOK, "connections_pick", page)
}

// loadPick builds the pick page for state, or answers (404 for another workspace's or an
// unknown state, 400 for a used or expired one) and returns false.
func (h *handler) loadPick(w http.ResponseWriter, r *http.Request, state string) (*connectionPickPage, bool) {
	st := current(r)
	pending, err := h.opts.Connect.Pending(r.Context(), st.principal.User.ID, state)
	switch {
	case errors.Is(err, connect.ErrUnknownState) || (err == nil && pending.WorkspaceID != st.workspace.ID):
		h.notFound(w, r)
		return nil, false
	case errors.Is(err, connect.ErrNotConfigured):
		h.connectFailed(w, r, http.StatusServiceUnavailable, err.Error())
		return nil, false
	case errors.Is(err, store.ErrOAuthStateUsed), errors.Is(err, store.ErrOAuthStateExpired), errors.Is(err, store.ErrOAuthStateOtherUser):
		h.connectFailed(w, r, http.StatusBadRequest, err.Error())
		return nil, false
	case err != nil:
		h.serverError(w, r, err)
		return nil, false
	}
	shops, err := h.store.ShopSummaries(r.Context(), st.workspace.ID)
	if err != nil {
		h.serverError(w, r, err)
		return nil, false
	}
	conns, err := h.store.Connections(r.Context(), st.workspace.ID)
	if err != nil {
		h.serverError(w, r, err)
		return nil, false
	}
	page := &connectionPickPage{basePage: basePage{Title: st.workspace.Name + " — Connect shops"}, Workspace: st.workspace,
		State: state, ExpiresAt: pending.ExpiresAt}
	for _, sh := range shops {
		if sh.Platform == model.PlatformTikTokShop {
			page.Targets = append(page.Targets, sh)
		}
	}
	for _, a := range pending.Shops {
		row := pickRow{AuthorizedShop: a, Target: defaultTarget(a, page.Targets, conns)}
		for _, c := range conns {
			row.Live = row.Live || (c.Live() && c.ExternalShopID == a.ID)
		}
		page.Shops = append(page.Shops, row)
	}
	return page, true
}

// defaultTarget proposes the shop an authorized shop feeds: the one it fed before, else the
// only TikTok shop of the region, else a new one.
func defaultTarget(a connect.AuthorizedShop, targets []*store.ShopSummary, conns []*store.Connection) string {
	for _, c := range conns {
		if c.ExternalShopID == a.ID && c.ShopID != nil {
			for _, t := range targets {
				if t.ID == *c.ShopID {
					return t.Slug
				}
			}
		}
	}
	var match []*store.ShopSummary
	for _, t := range targets {
		if t.Region == "" || t.Region == a.Region {
			match = append(match, t)
		}
	}
	if len(match) == 1 {
		return match[0].Slug
	}
	return "new"
}
