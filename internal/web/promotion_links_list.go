package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// promotionLinksPerPage is how many links a page lists.
const promotionLinksPerPage = 50

// promotionLinksPage is the data of the promotion_links template.
type promotionLinksPage struct {
	basePage
	Workspace   *model.Workspace
	Query       string
	Missing     bool
	Rows        []promotionLinkRow
	MoreURL     string
	FirstURL    string
	ExportURL   string
	CanGenerate bool
	Connected   bool
	Notice      string
	Filtered    bool
	Problem     listProblem // a page address that cannot be used: no list, and why
}

type promotionLinkRow struct {
	store.PromotionLink
	ProductURL string
	Generated  string
	Attempted  string
}

// parseLinkFilter reads the list's filters; a bad offset is a message.
func parseLinkFilter(r *http.Request) (store.PromotionLinkFilter, string) {
	q := r.URL.Query()
	f := store.PromotionLinkFilter{Query: strings.TrimSpace(q.Get("q")), Missing: q.Get("missing") == "1", Limit: promotionLinksPerPage}
	if o := q.Get("offset"); o != "" {
		n, err := strconv.Atoi(o)
		if err != nil || n < 0 {
			return f, "offset " + quote(o) + " is not a page of this list: follow the page's links."
		}
		f.Offset = n
	}
	return f, ""
}

// promotionLinksList lists the products' affiliate promotion links, by product name.
func (h *handler) promotionLinksList(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	f, msg := parseLinkFilter(r)
	path := wsURL(ws, "promotion-links")
	v := linkValues(f)
	var bad listProblem
	var links []store.PromotionLink
	var more bool
	var err error
	if msg != "" {
		// The page answers with its filters and the way to the first page of them.
		bad = problemAt("offset", msg, listURL(path, v))
	} else if links, more, err = h.store.PromotionLinks(r.Context(), ws.ID, f); err != nil {
		h.serverError(w, r, err)
		return
	}
	conns, err := h.connectionChoices(r.Context(), ws, 0)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	loc := ws.Location()
	page := &promotionLinksPage{basePage: basePage{Title: ws.Name + " — Promotion links"}, Workspace: ws, Query: f.Query, Missing: f.Missing,
		CanGenerate: st.can(access.ManageAffiliate), Connected: len(conns) > 0, Filtered: f.Query != "" || f.Missing, Problem: bad}
	if r.URL.Query().Get("ok") == "generate" {
		page.Notice = "Generation queued: links for the products without one appear within a minute or two."
	}
	for _, l := range links {
		row := promotionLinkRow{PromotionLink: l, ProductURL: wsURL(ws, "products/"+l.ProductID), Attempted: l.AttemptedAt.In(loc).Format("2 Jan 2006 15:04")}
		if l.GeneratedAt != nil {
			row.Generated = l.GeneratedAt.In(loc).Format("2 Jan 2006")
		}
		page.Rows = append(page.Rows, row)
	}
	if bad.Message != "" {
		h.render(w, r, http.StatusBadRequest, "promotion_links", page)
		return
	}
	if more {
		page.MoreURL = listURL(path, v, "offset", strconv.Itoa(f.Offset+len(links)))
	}
	if f.Offset > 0 {
		page.FirstURL = listURL(path, v)
	}
	if st.can(access.ExportData) {
		page.ExportURL = listURL(wsURL(ws, "promotion-links.csv"), v)
	}
	h.render(w, r, http.StatusOK, "promotion_links", page)
}

func linkValues(f store.PromotionLinkFilter) map[string][]string {
	v := map[string][]string{"q": {f.Query}}
	if f.Missing {
		v["missing"] = []string{"1"}
	}
	return v
}
