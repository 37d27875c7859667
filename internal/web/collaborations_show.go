package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// collaborationPage is the data of the collaboration template.
type collaborationPage struct {
	basePage
	Workspace *model.Workspace
	C         collabRow
	Starts    string
	Updated   string
	Products  []collabProductRow
	Creators  []collabCreatorRow
	Unknown   int // invited creators not in the CRM
	BackURL   string
	InviteURL string // a new target collaboration for the same creators
}

type collabProductRow struct {
	ID, Name, Rate, URL string
}

type collabCreatorRow struct {
	Handle, URL, UserID string
}

// collaborationShow shows one collaboration: its terms, its products and the creators a
// target collaboration invites.
func (h *handler) collaborationShow(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	id, err := strconv.ParseInt(r.PathValue("collaboration"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return
	}
	c, err := h.store.Collaboration(r.Context(), ws.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page := &collaborationPage{basePage: basePage{Title: collabTitle(c) + " — Collaborations"}, Workspace: ws, C: collabRows(ws, []*store.Collaboration{c})[0],
		Starts: timeOrDash(c.StartAt, ws), Updated: c.UpdatedAt.In(ws.Location()).Format("2 Jan 2006 15:04"), BackURL: wsURL(ws, "collaborations")}
	for _, p := range c.Products {
		page.Products = append(page.Products, collabProductRow{ID: p.ProductID, Name: p.Name, Rate: formatBP(p.CommissionBP),
			URL: wsURL(ws, "products/"+p.ProductID)})
	}
	invite := wsURL(ws, "collaborations/new") + "?"
	for _, cr := range c.Creators {
		if cr.CreatorID == nil {
			page.Unknown++
			continue
		}
		page.Creators = append(page.Creators, collabCreatorRow{Handle: cr.Handle, UserID: cr.UserID, URL: wsURL(ws, "creators/"+fmtID(*cr.CreatorID))})
		invite += "creator=" + fmtID(*cr.CreatorID) + "&"
	}
	if st.can(access.ManageAffiliate) && len(page.Creators) > 0 && len(page.Creators) <= 200 {
		page.InviteURL = invite[:len(invite)-1]
	}
	h.render(w, r, http.StatusOK, "collaboration", page)
}
