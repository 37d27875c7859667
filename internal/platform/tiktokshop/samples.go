package tiktokshop

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
)

// SampleApplication is a creator's request for a free sample.
type SampleApplication struct {
	ID               string
	Status           string
	CreatorUserID    string
	CreatorUsername  string
	ProductID        string
	SKUID            string
	CommissionRateBP int64 // the platform writes it as a fraction ("0.15")
	CreatedAt        time.Time
}

// SampleQuery filters a search; an empty Status does not filter.
type SampleQuery struct {
	Status   string
	PageSize int // 1–100; 0 means 50
}

// wireSample is a sample application as the platform sends it.
type wireSample struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Creator struct {
		UserID   string `json:"user_id"`
		Username string `json:"username"`
	} `json:"creator"`
	ProductID      string `json:"product_id"`
	SKUID          string `json:"sku_id"`
	CommissionRate string `json:"commission_rate"`
	CreateTime     int64  `json:"create_time"`
}

const samplesPath = "/affiliate_seller/202409/sample_applications"

// SampleApplications walks the shop's sample applications. One that cannot be read is
// yielded as a *LineError and the walk goes on.
func (cl *Client) SampleApplications(ctx context.Context, shop ShopAuth, q SampleQuery) iter.Seq2[SampleApplication, error] {
	path := samplesPath + "/search"
	size, err := pageSize(path, q.PageSize)
	if err != nil {
		return failed[SampleApplication](err)
	}
	body := struct {
		Status string `json:"status,omitempty"`
	}{q.Status}
	type page struct {
		SampleApplications []wireSample `json:"sample_applications"`
		NextPageToken      string       `json:"next_page_token"`
	}
	return walk(ctx, cl, cl.shopCall(http.MethodPost, path, shop, body, false), size, func(p *page) pageOf[SampleApplication] {
		out := pageOf[SampleApplication]{next: p.NextPageToken}
		for _, w := range p.SampleApplications {
			sa := SampleApplication{
				ID: w.ID, Status: w.Status, CreatorUserID: w.Creator.UserID, CreatorUsername: w.Creator.Username,
				ProductID: w.ProductID, SKUID: w.SKUID, CreatedAt: unixUTC(w.CreateTime),
			}
			if w.CommissionRate != "" {
				bp, err := intl.ParseFractionRate(w.CommissionRate)
				if err != nil {
					out.errs = append(out.errs, &LineError{Path: path, ID: "sample application " + w.ID, Field: "commission_rate", Err: err})
					continue
				}
				sa.CommissionRateBP = bp
			}
			out.items = append(out.items, sa)
		}
		return out
	})
}

// SampleDecision is a review's outcome.
type SampleDecision string

// The two outcomes of a sample review.
const (
	SampleApprove SampleDecision = "APPROVE"
	SampleReject  SampleDecision = "REJECT"
)

// ReviewSampleApplication approves or rejects an application; a rejection needs a reason,
// which the creator sees.
func (cl *Client) ReviewSampleApplication(ctx context.Context, shop ShopAuth, id string, d SampleDecision, reason string) error {
	tmpl := samplesPath + "/{id}/review"
	if err := checkID(http.MethodPost, tmpl, "sample application id", id); err != nil {
		return err
	}
	switch {
	case d != SampleApprove && d != SampleReject:
		return fmt.Errorf("tiktokshop: POST %s: decision %q is not APPROVE or REJECT", tmpl, d)
	case d == SampleReject && reason == "":
		return fmt.Errorf("tiktokshop: POST %s: rejecting application %s needs a reason", tmpl, id)
	}
	body := struct {
		ReviewResult string `json:"review_result"`
		RejectReason string `json:"reject_reason,omitempty"`
	}{string(d), reason}
	return cl.do(ctx, cl.shopCall(http.MethodPost, samplesPath+"/"+id+"/review", shop, body, true), nil)
}
