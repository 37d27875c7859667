package web

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// sampleFilter is the sample applications list's filters as the user wrote them, and the
// query they make.
type sampleFilter struct {
	Status, Product, Creator, From, To string

	query store.SampleQuery
}

// active reports whether any filter is set.
func (f *sampleFilter) active() bool {
	return f.Status != "" || f.Product != "" || f.Creator != "" || f.From != "" || f.To != ""
}

// sampleFilterFrom reads the filters of the list or its export from v; bad is a problem for a
// 400 naming the parameter and its value (f then holds the filters as typed, for the form).
func sampleFilterFrom(v url.Values, ws *model.Workspace) (f *sampleFilter, bad listProblem) {
	lq := &listQuery{v: v}
	f = &sampleFilter{Status: lq.choice("status", store.SampleStatuses, ""), Product: lq.text("product"),
		Creator: model.CanonicalHandle(lq.text("creator"))}
	loc := ws.Location()
	from, to := lq.day("from", loc), lq.day("to", loc)
	if !from.IsZero() {
		f.From = from.Format("2006-01-02")
	}
	if !to.IsZero() {
		f.To = to.Format("2006-01-02")
		to = to.AddDate(0, 0, 1) // the whole last day
	}
	if lq.err == "" && !from.IsZero() && !to.IsZero() && !from.Before(to) {
		lq.fail("from", "from %s is after to %s.", f.From, f.To)
	}
	if s := v.Get("after"); s != "" && lq.err == "" {
		k, ok := decodeSampleKey(s)
		if !ok {
			lq.fail("after", "after %s is not a page of this list: follow the list's links, or start again from the first page.", s)
		}
		f.query.After = k
	}
	if lq.err != "" {
		clear := wsURL(ws, "samples")
		if lq.field == "after" {
			clear = listURL(clear, v, "after", "", "done", "")
		}
		return f, lq.problem(clear)
	}
	f.query = store.SampleQuery{Status: f.Status, ProductID: f.Product, Creator: f.Creator, From: from, To: to,
		After: f.query.After, Limit: listPageSize}
	return f, listProblem{}
}

// encodeSampleKey makes a page cursor of a row's key.
func encodeSampleKey(k store.SampleKey) string {
	return base64.RawURLEncoding.EncodeToString([]byte(k.String()))
}

// decodeSampleKey reads a cursor made by encodeSampleKey.
func decodeSampleKey(s string) (*store.SampleKey, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	k, ok := store.ParseSampleKey(string(b))
	return &k, ok
}

// sampleRow is a sample application formatted for a table.
type sampleRow struct {
	ID                      int64
	Requested, RequestedAge string
	RequestedTitle          string
	Creator, CreatorURL     string
	Product, ProductID      string
	ProductURL              string // the product's sample applications
	SKU                     string
	Status, StatusLabel     string
	PlatformStatus          string // shown when it says more than the normalized status
	Rate                    string
	Review                  string // "by anna@… · 3 Mar 14:05", or the rejection reason
	RejectReason            string
	Milestones              string // shipped / delivered / content posted, when seen
	Shop                    string
	Pending                 bool // reviewable
	Reviewing               bool // a review is being sent now
	ReviewURL               string
}

// sampleRows formats applications for the list and the creator page.
func sampleRows(ws *model.Workspace, rows []store.SampleRow, now time.Time) []sampleRow {
	loc := ws.Location()
	list := wsURL(ws, "samples")
	out := make([]sampleRow, 0, len(rows))
	for i := range rows {
		s := &rows[i]
		row := sampleRow{ID: s.ID, Requested: s.RequestedAt.In(loc).Format("2 Jan 2006 15:04"), RequestedTitle: inZoneTime(s.RequestedAt, loc),
			RequestedAge: ageOf(now.Sub(s.RequestedAt)), Creator: s.CreatorHandle, Product: s.ProductName, ProductID: s.ProductID,
			ProductURL: listURL(list, nil, "product", s.ProductID), SKU: s.SKUID, Status: s.Status,
			StatusLabel: store.SampleStatusLabel(s.Status), Shop: s.ShopName, RejectReason: s.RejectReason,
			Pending: s.Status == store.SamplePending, ReviewURL: wsURL(ws, "samples/"+strconv.FormatInt(s.ID, 10)+"/review")}
		if row.Product == "" {
			row.Product = "Product " + s.ProductID
		}
		if s.CreatorID != nil {
			row.CreatorURL = wsURL(ws, "creators/"+strconv.FormatInt(*s.CreatorID, 10))
		}
		if !strings.EqualFold(s.PlatformStatus, s.Status) {
			row.PlatformStatus = s.PlatformStatus
		}
		if s.CommissionRateBP != nil {
			row.Rate = intl.FormatRate(*s.CommissionRateBP)
		}
		if s.ReviewedAt != nil {
			row.Review = "by " + s.ReviewedBy + " · " + s.ReviewedAt.In(loc).Format("2 Jan 15:04")
		}
		if s.ReviewStartedAt != nil && now.Sub(*s.ReviewStartedAt) < store.SampleReviewLease {
			row.Reviewing = true
		}
		var ms []string
		for _, m := range []struct {
			label string
			at    *time.Time
		}{{"shipped", s.ShippedAt}, {"delivered", s.DeliveredAt}, {"content posted", s.ContentPostedAt}} {
			if m.at != nil {
				ms = append(ms, m.label+" "+m.at.In(loc).Format("2 Jan"))
			}
		}
		for i, m := range ms {
			if i > 0 {
				row.Milestones += " · "
			}
			row.Milestones += m
		}
		out = append(out, row)
	}
	return out
}

// ageOf is how long ago something was, in the largest whole unit: "3 h", "2 d".
func ageOf(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + " min ago"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + " h ago"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + " days ago"
}
