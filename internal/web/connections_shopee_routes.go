package web

import (
	"net/http"
	"strings"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/shopee"
)

// shopeeConnectionRoutes are connecting Shopee shops (connectionRoutes appends them).
func (h *handler) shopeeConnectionRoutes() []route {
	return []route{
		{pattern: "POST /w/{ws}/connections/shopee/authorize", perm: access.ManageShops, handler: h.shopeeAuthorize},
		// Shopee sends the seller back here; the state in the query names the workspace (and
		// guard still requires a session).
		{pattern: "GET " + connect.ShopeeCallbackPath, handler: h.shopeeCallback},
	}
}

// shopeeConnect is the Connections page's "Connect a Shopee shop" form
// (templates/partials/connections_shopee.html).
type shopeeConnect struct {
	Configured  bool
	Connected   bool // a live Shopee connection exists: the how-to note is not needed
	Action      string
	Targets     []shopeeTargetOption
	RedirectURL string // the callback to register in the Open Platform console (its domain)
}

// shopeeTargetOption is one choice of where a Shopee shop's orders go.
type shopeeTargetOption struct {
	Value, Label string
	Selected     bool
}

// shopeeMarkets are the Shopee markets in the order the form offers new shops for them.
var shopeeMarkets = []struct{ Region, Name string }{
	{"ID", "Indonesia"}, {"VN", "Vietnam"}, {"TH", "Thailand"}, {"MY", "Malaysia"}, {"PH", "Philippines"},
	{"SG", "Singapore"}, {"TW", "Taiwan"}, {"BR", "Brazil"}, {"MX", "Mexico"},
}

// shopeeConnectFor builds the form for the workspace: its Shopee shops that can hold a
// market's orders, then a new shop per market; selected is the value chosen before, if any.
func (h *handler) shopeeConnectFor(r *http.Request, ws *model.Workspace, selected string) (shopeeConnect, error) {
	c := shopeeConnect{Configured: h.opts.Connect.ShopeeConfigured(), Action: wsURL(ws, "connections/shopee/authorize"),
		RedirectURL: h.shopeeCallbackURL(r)}
	conns, err := h.store.Connections(r.Context(), ws.ID)
	if err != nil {
		return c, err
	}
	for _, cn := range conns {
		c.Connected = c.Connected || (cn.Platform == model.PlatformShopee && cn.Live())
	}
	shops, err := h.store.ImportShops(r.Context(), ws.ID)
	if err != nil {
		return c, err
	}
	for _, sh := range shops {
		if _, err := connect.CheckShopeeTarget(sh); err == nil {
			c.Targets = append(c.Targets, shopeeTargetOption{Value: sh.Slug, Label: sh.Name + " (" + sh.Currency + ")"})
		}
	}
	for _, m := range shopeeMarkets {
		mk, _ := shopee.LookupMarket(m.Region)
		c.Targets = append(c.Targets, shopeeTargetOption{Value: "new-" + strings.ToLower(m.Region),
			Label: "New shop: Shopee " + m.Name + " (" + mk.Currency + ")"})
	}
	for i := range c.Targets {
		c.Targets[i].Selected = c.Targets[i].Value == selected
	}
	return c, nil
}

// shopeeCallbackURL is where Shopee sends the seller back: the configured public URL, or
// else this request's own origin.
func (h *handler) shopeeCallbackURL(r *http.Request) string {
	return strings.TrimSuffix(h.callbackURL(r), connect.CallbackPath) + connect.ShopeeCallbackPath
}
