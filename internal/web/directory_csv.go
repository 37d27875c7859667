package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// directoryCSVHeader are the directory export's columns: every CRM field of a creator.
var directoryCSVHeader = []string{"id", "handle", "display_name", "email", "discord", "followers", "region", "language",
	"time_zone", "agency", "verticals", "tags", "stage", "stage_since", "stage_reason", "owner", "tier", "tier_override",
	"score", "currency", "gmv_30d", "gmv_90d", "gmv_all", "orders_30d", "orders_90d", "units_all", "first_sale",
	"last_sale", "stats_day", "last_contacted_at", "last_reply_at", "created_at", "url"}

// directoryCSV downloads every creator matching the directory's filters, in its sort.
func (h *handler) directoryCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	q, err := parseDirectoryQuery(r)
	if err != nil {
		h.badRequest(w, r, err.Error())
		return
	}
	q.Limit, q.SkipCount, q.After = store.DirectoryMaxLimit, true, nil
	h.writeCSV(w, r, csvFilename(ws, "directory"), directoryCSVHeader, func(emit func([]string) error) error {
		for {
			page, err := h.store.Directory(r.Context(), ws.ID, q)
			if err != nil {
				return err
			}
			for i := range page.Rows {
				if err := emit(directoryCSVRow(r, ws, &page.Rows[i])); err != nil {
					return err
				}
			}
			if page.Next == nil {
				return nil
			}
			q.After = page.Next
		}
	})
}

// directoryCSVRow writes a creator as the export's columns: money as plain decimals, days as
// 2026-11-15, instants as RFC 3339 in the workspace's zone.
func directoryCSVRow(r *http.Request, ws *model.Workspace, c *store.DirectoryRow) []string {
	loc := ws.Location()
	at := func(t *time.Time) string {
		if t == nil || t.IsZero() {
			return ""
		}
		return t.In(loc).Format(time.RFC3339)
	}
	cur := c.Sales.Currency
	money := func(v int64) string {
		if cur == "" {
			return strconv.FormatInt(v, 10)
		}
		return plainMoney(v, cur)
	}
	since, created := c.StageSince, c.CreatedAt
	base := "https://" + r.Host
	if r.TLS == nil {
		base = "http://" + r.Host
	}
	return []string{strconv.FormatInt(c.ID, 10), c.Username, c.DisplayName, c.Email, c.Discord, optCount(c.Followers),
		c.Region, c.Language, c.TimeZone, c.Agency, strings.Join(c.Verticals, "|"), strings.Join(c.Tags, "|"),
		string(c.Stage), at(&since), c.StageReason, c.OwnerEmail, c.Tier, c.TierOverride, strconv.Itoa(c.Score), cur,
		money(c.Sales.GMV30d), money(c.Sales.GMV90d), money(c.Sales.GMVAll), strconv.FormatInt(c.Sales.Orders30d, 10),
		strconv.FormatInt(c.Sales.Orders90d, 10), strconv.FormatInt(c.Sales.UnitsAll, 10), isoDay(c.Sales.FirstSaleDay),
		isoDay(c.Sales.LastSale), isoDay(c.Sales.StatsDay), at(c.LastContactedAt), at(c.LastReplyAt), at(&created),
		base + wsURL(ws, "creators/"+strconv.FormatInt(c.ID, 10))}
}
