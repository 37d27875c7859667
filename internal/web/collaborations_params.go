package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// collaborationsPerPage is how many collaborations a page lists.
const collaborationsPerPage = 50

// collabFilter is the collaborations list's filters as the query string gives them.
type collabFilter struct {
	Kind, Status, Query string
	Before              int64
}

// parseCollabFilter reads the filters; unknown kinds and bad cursors are a problem, f keeping
// the filters as typed for the form.
func parseCollabFilter(r *http.Request) (collabFilter, listProblem) {
	q := r.URL.Query()
	path := wsURL(current(r).workspace, "collaborations")
	f := collabFilter{Kind: q.Get("kind"), Status: strings.TrimSpace(q.Get("status")), Query: strings.TrimSpace(q.Get("q"))}
	if f.Kind != "" && f.Kind != store.CollaborationOpen && f.Kind != store.CollaborationTarget {
		return f, problemAt("kind", "kind "+quote(f.Kind)+" is not open or target.", path)
	}
	if b := q.Get("before"); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			return f, problemAt("before", "before "+quote(b)+" is not a page of this list: follow the page's links.", listURL(path, f.values()))
		}
		f.Before = id
	}
	return f, listProblem{}
}

func (f collabFilter) values() url.Values {
	return url.Values{"kind": {f.Kind}, "status": {f.Status}, "q": {f.Query}}
}

func (f collabFilter) store(limit int) store.CollaborationFilter {
	return store.CollaborationFilter{Kind: f.Kind, Status: f.Status, Query: f.Query, BeforeID: f.Before, Limit: limit}
}

// collabRow is a collaboration as the list shows it.
type collabRow struct {
	*store.Collaboration
	URL       string
	Title     string // its name, or for an open collaboration its product
	KindLabel string
	Rate      string
	Ends      string
	Created   string
}

func collabRows(ws *model.Workspace, cs []*store.Collaboration) []collabRow {
	out := make([]collabRow, 0, len(cs))
	for _, c := range cs {
		out = append(out, collabRow{Collaboration: c, URL: wsURL(ws, "collaborations/"+fmtID(c.ID)), Title: collabTitle(c),
			KindLabel: collabKindLabel(c.Kind), Rate: formatBP(c.CommissionBP), Ends: timeOrDash(c.EndAt, ws),
			Created: c.CreatedAt.In(ws.Location()).Format("2 Jan 2006")})
	}
	return out
}

// collabTitle names a collaboration: open collaborations have no name of their own.
func collabTitle(c *store.Collaboration) string {
	switch {
	case c.Name != "":
		return c.Name
	case c.ProductName != "":
		return c.ProductName
	}
	return "Collaboration " + c.PlatformID
}

func collabKindLabel(kind string) string {
	if kind == store.CollaborationOpen {
		return "Open"
	}
	return "Target"
}

// formatBP writes basis points as a percentage: 1550 is "15.5%".
func formatBP(bp int64) string {
	if bp == 0 {
		return "—"
	}
	s := fmt.Sprintf("%d.%02d", bp/100, bp%100)
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	return s + "%"
}

// parsePercentBP reads a commission typed as a percentage ("15", "15.5", "15 %") into basis
// points; ok is false for anything else, or more than two decimals.
func parsePercentBP(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > 100 {
		return 0, false
	}
	f := int64(0)
	if frac != "" {
		if f, err = strconv.ParseInt(frac+strings.Repeat("0", 2-len(frac)), 10, 64); err != nil || f < 0 {
			return 0, false
		}
	}
	return w*100 + f, true
}

// connectionChoice is an active TikTok Shop connection a form may offer.
type connectionChoice struct {
	ID       int64
	Name     string
	Selected bool
}

// connectionChoices lists the workspace's active TikTok Shop connections, selected marking
// the one chosen (or the first).
func (h *handler) connectionChoices(ctx context.Context, ws *model.Workspace, selected int64) ([]connectionChoice, error) {
	conns, err := h.store.Connections(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	var out []connectionChoice
	for _, c := range conns {
		if c.Platform == model.PlatformTikTokShop && c.Status == store.ConnectionActive {
			out = append(out, connectionChoice{ID: c.ID, Name: c.ShopName, Selected: c.ID == selected})
		}
	}
	if selected == 0 && len(out) > 0 {
		out[0].Selected = true
	}
	return out, nil
}

// platformClients is the connect service as the actions take it, nil when this server has no
// TikTok Shop app (a nil *connect.Service in an interface would not compare equal to nil).
func (h *handler) platformClients() platformsync.Clients {
	if !h.opts.Connect.Configured() {
		return nil
	}
	return h.opts.Connect
}

// formInt64 reads an optional id from a form; 0 when empty, ok false when not a number.
func formInt64(r *http.Request, name string) (int64, bool) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n > 0
}

// fieldMessage writes a store.FieldError for a person: "Name: is empty: …".
func fieldMessage(fe *store.FieldError) string {
	label := map[string]string{"name": "Name", "message": "Message", "end": "End date", "creators": "Creators", "products": "Products",
		"commission": "Commission", "connection": "Shop", "text": "Text", "product": "Product", "collaboration": "Collaboration",
		"kind": "Kind", "creator": "Creator"}[fe.Field]
	if label == "" {
		label = fe.Field
	}
	if fe.Value != "" {
		return fmt.Sprintf("%s %s %s.", label, quote(fe.Value), fe.Reason)
	}
	return label + " " + fe.Reason + "."
}

// timeOrDash writes an optional time as a day in the workspace's zone.
func timeOrDash(t *time.Time, ws *model.Workspace) string {
	if t == nil {
		return "—"
	}
	return t.In(ws.Location()).Format("2 Jan 2006")
}
