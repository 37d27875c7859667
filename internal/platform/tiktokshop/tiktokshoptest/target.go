package tiktokshoptest

import (
	"fmt"
	"net/http"
	"time"
)

// wireTarget is a target collaboration in requests and search results.
type wireTarget struct {
	ID             string   `json:"id,omitempty"`
	Name           string   `json:"name"`
	Message        string   `json:"message,omitempty"`
	EndTime        int64    `json:"end_time"`
	CreatorUserIDs []string `json:"creator_user_ids"`
	Products       []struct {
		ID                   string `json:"id"`
		TargetCommissionRate int64  `json:"target_commission_rate"`
	} `json:"products"`
	FreeSampleRule *struct {
		HasFreeSample bool `json:"has_free_sample"`
	} `json:"free_sample_rule,omitempty"`
	Status string `json:"status,omitempty"`
}

// createTargetCollaboration accepts at most 50 creators and 100 products per call.
func (s *Server) createTargetCollaboration(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	var f wireTarget
	if err := decode(q.body, &f); err != nil {
		s.badParam(w, "Invalid request body: "+err.Error())
		return
	}
	switch {
	case f.Name == "":
		s.badParam(w, "Invalid parameter. `name` is required.")
		return
	case len(f.CreatorUserIDs) == 0 || len(f.CreatorUserIDs) > maxTargetCreators:
		s.badParam(w, fmt.Sprintf("Invalid parameter. `creator_user_ids` has %d entries; 1–%d are allowed.", len(f.CreatorUserIDs), maxTargetCreators))
		return
	case len(f.Products) == 0 || len(f.Products) > maxTargetProducts:
		s.badParam(w, fmt.Sprintf("Invalid parameter. `products` has %d entries; 1–%d are allowed.", len(f.Products), maxTargetProducts))
		return
	case !time.Unix(f.EndTime, 0).After(s.Now()):
		s.badParam(w, "Invalid parameter. `end_time` must be in the future.")
		return
	}
	tc := TargetCollaboration{Name: f.Name, Message: f.Message, Status: "ACTIVE", EndTime: time.Unix(f.EndTime, 0).UTC(),
		CreatorUserIDs: f.CreatorUserIDs, FreeSample: f.FreeSampleRule != nil && f.FreeSampleRule.HasFreeSample}
	for _, id := range f.CreatorUserIDs {
		if !s.creatorExists(id) {
			s.reject(w, "Creator %s not found.", id)
			return
		}
	}
	for _, p := range f.Products {
		if !s.productExists(p.ID) {
			s.reject(w, "Product %q is not in the affiliate pool.", p.ID)
			return
		}
		if p.TargetCommissionRate < 100 || p.TargetCommissionRate > 8000 {
			s.reject(w, "target_commission_rate %d of product %s is outside 100–8000.", p.TargetCommissionRate, p.ID)
			return
		}
		tc.Products = append(tc.Products, TargetProduct{ProductID: p.ID, CommissionRateBP: p.TargetCommissionRate})
	}
	tc.ID = s.nextID(7310000000000000000)
	s.mu.Lock()
	s.targets = append(s.targets, tc)
	s.mu.Unlock()
	s.ok(w, map[string]any{"target_collaboration": map[string]string{"id": tc.ID}})
}

// searchTargetCollaborations pages through target collaborations.
func (s *Server) searchTargetCollaborations(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	var f struct {
		Status string `json:"status"`
	}
	if err := decode(q.body, &f); err != nil {
		s.badParam(w, "Invalid request body: "+err.Error())
		return
	}
	filter := "target " + f.Status
	size, offset, ok := s.pageParams(w, q.query, nil, filter)
	if !ok {
		return
	}
	var match []map[string]any
	for _, tc := range s.TargetCollaborations() {
		if f.Status != "" && f.Status != tc.Status {
			continue
		}
		products := make([]map[string]any, 0, len(tc.Products))
		for _, p := range tc.Products {
			products = append(products, map[string]any{"id": p.ProductID, "target_commission_rate": p.CommissionRateBP})
		}
		m := map[string]any{"id": tc.ID, "name": tc.Name, "message": tc.Message, "status": tc.Status,
			"end_time": tc.EndTime.Unix(), "creator_user_ids": tc.CreatorUserIDs, "products": products}
		if tc.FreeSample {
			m["free_sample_rule"] = map[string]bool{"has_free_sample": true}
		}
		match = append(match, m)
	}
	page, next := window(match, offset, size, filter)
	s.ok(w, map[string]any{"target_collaborations": page, "next_page_token": next})
}

// searchSamples pages through sample applications.
func (s *Server) searchSamples(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	var f struct {
		Status string `json:"status"`
	}
	if err := decode(q.body, &f); err != nil {
		s.badParam(w, "Invalid request body: "+err.Error())
		return
	}
	filter := "samples " + f.Status
	size, offset, ok := s.pageParams(w, q.query, nil, filter)
	if !ok {
		return
	}
	var match []map[string]any
	for _, sa := range s.SampleApplications() {
		if f.Status != "" && f.Status != sa.Status {
			continue
		}
		match = append(match, map[string]any{
			"id": sa.ID, "status": sa.Status, "product_id": sa.ProductID, "sku_id": sa.SKUID,
			"creator":         map[string]string{"user_id": sa.CreatorUserID, "username": sa.CreatorUsername},
			"commission_rate": formatFraction(sa.CommissionRateBP), "create_time": sa.CreateTime.Unix(),
		})
	}
	page, next := window(match, offset, size, filter)
	s.ok(w, map[string]any{"sample_applications": page, "next_page_token": next})
}

// reviewSample approves or rejects a pending application.
func (s *Server) reviewSample(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	var f struct {
		Result string `json:"review_result"`
		Reason string `json:"reject_reason"`
	}
	if err := decode(q.body, &f); err != nil {
		s.badParam(w, "Invalid request body: "+err.Error())
		return
	}
	if f.Result != "APPROVE" && (f.Result != "REJECT" || f.Reason == "") {
		s.badParam(w, "Invalid parameter. review_result must be APPROVE, or REJECT with a reject_reason.")
		return
	}
	id := r.PathValue("id")
	if problem := s.review(id, f.Result, f.Reason); problem != "" {
		s.reject(w, "%s", problem)
		return
	}
	s.ok(w, nil)
}

// review applies a decision, or says why it cannot.
func (s *Server) review(id, result, reason string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.samples {
		sa := &s.samples[i]
		if sa.ID != id {
			continue
		}
		if sa.Status != "PENDING" {
			return fmt.Sprintf("Sample application %s is %s, not PENDING.", id, sa.Status)
		}
		sa.Status = map[string]string{"APPROVE": "APPROVED", "REJECT": "REJECTED"}[result]
		s.reviews = append(s.reviews, Review{ApplicationID: id, Result: result, Reason: reason})
		return ""
	}
	return "Sample application " + id + " not found."
}

// promotionLink returns a stable link per product.
func (s *Server) promotionLink(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	id := r.PathValue("id")
	if !s.productExists(id) {
		s.reject(w, "Product %q is not in the affiliate pool.", id)
		return
	}
	s.ok(w, map[string]string{"product_promotion_link": s.URL + "/promotion/" + id})
}
