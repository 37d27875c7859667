package web

import (
	"net/http"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
)

// samplesCSVChunk is how many applications each query of an export reads: the export walks
// the list by key like the pages do, so a big one neither sits in memory nor holds one read
// transaction open.
const samplesCSVChunk = 2000

// samplesCSV downloads the sample applications matching the list's filters, all of them.
func (h *handler) samplesCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	v := r.URL.Query()
	v.Del("after")
	f, bad := sampleFilterFrom(v, ws)
	if bad.Message != "" {
		h.badRequest(w, r, bad.Message)
		return
	}
	loc := ws.Location()
	stamp := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04:05")
	}
	header := []string{"requested_at", "application_id", "shop", "creator", "creator_platform_id", "product_id", "product_name",
		"sku_id", "status", "platform_status", "commission_rate", "reviewed_at", "reviewed_by", "reject_reason",
		"shipped_at", "delivered_at", "content_posted_at", "updated_at"}
	h.writeCSV(w, r, csvFilename(ws, "samples"), header, func(emit func([]string) error) error {
		q := f.query
		q.Limit = samplesCSVChunk
		for {
			rows, more, err := h.store.SampleApplications(r.Context(), ws.ID, q)
			if err != nil {
				return err
			}
			for i := range rows {
				s := &rows[i]
				rate := ""
				if s.CommissionRateBP != nil {
					rate = intl.FormatRate(*s.CommissionRateBP)
				}
				if err := emit([]string{stamp(&s.RequestedAt), s.PlatformID, s.ShopName, s.CreatorHandle, s.CreatorUserID,
					s.ProductID, s.ProductName, s.SKUID, s.Status, s.PlatformStatus, rate, stamp(s.ReviewedAt), s.ReviewedBy,
					s.RejectReason, stamp(s.ShippedAt), stamp(s.DeliveredAt), stamp(s.ContentPostedAt), stamp(&s.UpdatedAt)}); err != nil {
					return err
				}
			}
			if !more {
				return nil
			}
			k := rows[len(rows)-1].Key()
			q.After = &k
		}
	})
}
