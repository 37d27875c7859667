package tiktokshop

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"time"
)

// Limits of one target collaboration call; CreateTargetCollaborations splits larger requests.
const (
	MaxTargetCreators = 50
	MaxTargetProducts = 100
)

// TargetProduct is a product in a target collaboration with the rate offered on it.
type TargetProduct struct {
	ProductID        string
	CommissionRateBP int64
}

// TargetCollaboration is an invitation to chosen creators at the seller's own rates.
type TargetCollaboration struct {
	ID             string // set by the platform
	Name           string
	Message        string // shown to the creators
	EndTime        time.Time
	CreatorUserIDs []string
	Products       []TargetProduct
	FreeSample     bool // creators may request a free sample
	Status         string
}

const targetCollabPath = "/affiliate_seller/202405/target_collaborations"

// SplitTargetCollaboration cuts tc into requests within the platform's limits. Every
// creator is invited to every product exactly once: each batch of creators gets every batch
// of products.
func SplitTargetCollaboration(tc TargetCollaboration) []TargetCollaboration {
	creators := chunks(tc.CreatorUserIDs, MaxTargetCreators)
	products := chunks(tc.Products, MaxTargetProducts)
	out := make([]TargetCollaboration, 0, len(creators)*len(products))
	for _, cs := range creators {
		for _, ps := range products {
			part := tc
			part.CreatorUserIDs = cs
			part.Products = ps
			out = append(out, part)
		}
	}
	return out
}

// chunks cuts s into consecutive pieces of at most n.
func chunks[T any](s []T, n int) [][]T {
	var out [][]T
	for len(s) > n {
		out = append(out, s[:n:n])
		s = s[n:]
	}
	if len(s) > 0 {
		out = append(out, s)
	}
	return out
}

// wireTargetCollab is the platform's form of a target collaboration, in requests and search results.
type wireTargetCollab struct {
	ID             string              `json:"id,omitempty"`
	Name           string              `json:"name"`
	Message        string              `json:"message,omitempty"`
	EndTime        int64               `json:"end_time"`
	CreatorUserIDs []string            `json:"creator_user_ids"`
	Products       []wireTargetProduct `json:"products"`
	FreeSampleRule *wireFreeSample     `json:"free_sample_rule,omitempty"`
	Status         string              `json:"status,omitempty"`
}

type wireTargetProduct struct {
	ID                   string `json:"id"`
	TargetCommissionRate int64  `json:"target_commission_rate"`
}

type wireFreeSample struct {
	HasFreeSample bool `json:"has_free_sample"`
}

// CreateTargetCollaborations creates tc, in as many calls as the limits require, and returns
// the ids in SplitTargetCollaboration's order. If a call fails it stops there and returns the
// ids created so far with the error, so the caller can record them and resume with the rest.
func (cl *Client) CreateTargetCollaborations(ctx context.Context, shop ShopAuth, tc TargetCollaboration) ([]string, error) {
	switch {
	case tc.Name == "":
		return nil, fmt.Errorf("tiktokshop: POST %s: a target collaboration needs a name", targetCollabPath)
	case len(tc.CreatorUserIDs) == 0 || len(tc.Products) == 0:
		return nil, fmt.Errorf("tiktokshop: POST %s: %d creators and %d products: need at least one of each", targetCollabPath, len(tc.CreatorUserIDs), len(tc.Products))
	case tc.EndTime.IsZero():
		return nil, fmt.Errorf("tiktokshop: POST %s: a target collaboration needs an end time", targetCollabPath)
	}
	for _, id := range tc.CreatorUserIDs {
		if err := checkID(http.MethodPost, targetCollabPath, "creator user id", id); err != nil {
			return nil, err
		}
	}
	for _, p := range tc.Products {
		if err := checkID(http.MethodPost, targetCollabPath, "product id", p.ProductID); err != nil {
			return nil, err
		}
		if err := checkCommission(http.MethodPost, targetCollabPath, p.CommissionRateBP); err != nil {
			return nil, fmt.Errorf("%w (product %s)", err, p.ProductID)
		}
	}
	parts := SplitTargetCollaboration(tc)
	ids := make([]string, 0, len(parts))
	for i, part := range parts {
		var d struct {
			TargetCollaboration struct {
				ID string `json:"id"`
			} `json:"target_collaboration"`
		}
		if err := cl.do(ctx, cl.shopCall(http.MethodPost, targetCollabPath, shop, toWireTarget(part), true), &d); err != nil {
			return ids, fmt.Errorf("tiktokshop: target collaboration %q part %d of %d: %w", tc.Name, i+1, len(parts), err)
		}
		ids = append(ids, d.TargetCollaboration.ID)
	}
	return ids, nil
}

// toWireTarget converts a request within limits.
func toWireTarget(tc TargetCollaboration) wireTargetCollab {
	w := wireTargetCollab{Name: tc.Name, Message: tc.Message, EndTime: tc.EndTime.Unix(), CreatorUserIDs: tc.CreatorUserIDs}
	for _, p := range tc.Products {
		w.Products = append(w.Products, wireTargetProduct{ID: p.ProductID, TargetCommissionRate: p.CommissionRateBP})
	}
	if tc.FreeSample {
		w.FreeSampleRule = &wireFreeSample{HasFreeSample: true}
	}
	return w
}

// TargetCollaborationQuery filters a search; empty fields do not filter.
type TargetCollaborationQuery struct {
	Status   string
	PageSize int // 1–100; 0 means 50
}

// TargetCollaborations walks the shop's target collaborations.
func (cl *Client) TargetCollaborations(ctx context.Context, shop ShopAuth, q TargetCollaborationQuery) iter.Seq2[TargetCollaboration, error] {
	path := "/affiliate_seller/202409/target_collaborations/search"
	size, err := pageSize(path, q.PageSize)
	if err != nil {
		return failed[TargetCollaboration](err)
	}
	body := struct {
		Status string `json:"status,omitempty"`
	}{q.Status}
	type page struct {
		TargetCollaborations []wireTargetCollab `json:"target_collaborations"`
		NextPageToken        string             `json:"next_page_token"`
	}
	return walk(ctx, cl, cl.shopCall(http.MethodPost, path, shop, body, false), size, func(p *page) pageOf[TargetCollaboration] {
		out := pageOf[TargetCollaboration]{next: p.NextPageToken}
		for _, w := range p.TargetCollaborations {
			tc := TargetCollaboration{
				ID: w.ID, Name: w.Name, Message: w.Message, EndTime: unixUTC(w.EndTime),
				CreatorUserIDs: w.CreatorUserIDs, FreeSample: w.FreeSampleRule != nil && w.FreeSampleRule.HasFreeSample, Status: w.Status,
			}
			for _, p := range w.Products {
				tc.Products = append(tc.Products, TargetProduct{ProductID: p.ID, CommissionRateBP: p.TargetCommissionRate})
			}
			out.items = append(out.items, tc)
		}
		return out
	})
}
