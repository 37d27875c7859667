package tiktokshoptest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// routes registers every endpoint the fake serves; anything else is the platform's 404.
func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /open/authorize", s.authorize)
	m.HandleFunc("GET /api/v2/token/get", s.tokenGet)
	m.HandleFunc("GET /api/v2/token/refresh", s.tokenRefresh)
	m.Handle("GET /authorization/202309/shops", s.api(false, s.shops))
	const a = "/affiliate_seller/"
	m.Handle("POST "+a+"202410/orders/search", s.api(true, s.ordersSearch))
	m.Handle("POST "+a+"202406/marketplace_creators/search", s.api(true, s.creatorsSearch))
	m.Handle("GET "+a+"202406/marketplace_creators/{id}", s.api(true, s.creatorProfile))
	m.Handle("POST "+a+"202412/conversations", s.api(true, s.createConversation))
	m.Handle("POST "+a+"202412/conversations/{id}/messages", s.api(true, s.sendMessage))
	m.Handle("GET "+a+"202412/conversations/{id}/messages", s.api(true, s.conversationMessages))
	m.Handle("POST "+a+"202405/open_collaborations", s.api(true, s.createOpenCollaboration))
	m.Handle("POST "+a+"202409/open_collaborations/search", s.api(true, s.searchOpenCollaborations))
	m.Handle("POST "+a+"202405/target_collaborations", s.api(true, s.createTargetCollaboration))
	m.Handle("POST "+a+"202409/target_collaborations/search", s.api(true, s.searchTargetCollaborations))
	m.Handle("POST "+a+"202409/sample_applications/search", s.api(true, s.searchSamples))
	m.Handle("POST "+a+"202409/sample_applications/{id}/review", s.api(true, s.reviewSample))
	m.Handle("POST "+a+"202405/products/{id}/promotion_link/generate", s.api(true, s.promotionLink))
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, http.StatusNotFound, codeNotFoundPath, "Invalid path. "+r.Method+" "+r.URL.Path+" does not exist.")
	})
	s.mux = m
}

// money is the wire form of an amount.
func (s *Server) money(v int64) map[string]string {
	return map[string]string{"amount": formatMinor(v, s.opts.Currency), "currency": s.opts.Currency}
}

// ordersSearch serves affiliate order lines created in [create_time_ge, create_time_lt) and
// last updated in [update_time_ge, update_time_lt).
func (s *Server) ordersSearch(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	var f struct {
		GE  *int64 `json:"create_time_ge"`
		LT  *int64 `json:"create_time_lt"`
		UGE *int64 `json:"update_time_ge"`
		ULT *int64 `json:"update_time_lt"`
	}
	if err := decode(q.body, &f); err != nil {
		s.badParam(w, "Invalid request body: "+err.Error())
		return
	}
	filter := fmt.Sprintf("orders %v %v", deref(f.GE), deref(f.LT))
	if f.UGE != nil || f.ULT != nil {
		filter += fmt.Sprintf(" updated %v %v", deref(f.UGE), deref(f.ULT))
	}
	size, offset, ok := s.pageParams(w, q.query, nil, filter)
	if !ok {
		return
	}
	s.mu.Lock()
	var match []Order
	lines := 0
	for _, o := range s.orders {
		t, u := o.CreateTime.Unix(), o.UpdateTime.Unix()
		if (f.GE == nil || t >= *f.GE) && (f.LT == nil || t < *f.LT) && (f.UGE == nil || u >= *f.UGE) && (f.ULT == nil || u < *f.ULT) {
			o.SKUs = slices.Clone(o.SKUs)
			match = append(match, o)
			lines += len(o.SKUs)
		}
	}
	s.mu.Unlock()
	page, next := window(match, offset, size, filter)
	out := make([]map[string]any, 0, len(page))
	for _, o := range page {
		out = append(out, s.wireOrder(o))
	}
	// total_count counts SKU lines, not orders, as the platform's does.
	s.ok(w, map[string]any{"orders": out, "next_page_token": next, "total_count": lines})
}

func deref(p *int64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatInt(*p, 10)
}

// wireOrder renders an order, computing its amounts as the platform does.
func (s *Server) wireOrder(o Order) map[string]any {
	m := map[string]any{"id": o.ID, "status": o.Status, "create_time": o.CreateTime.Unix(), "update_time": o.UpdateTime.Unix(), "paid_time": o.PaidTime.Unix()}
	if !o.DeliveryTime.IsZero() {
		m["delivery_time"] = o.DeliveryTime.Unix()
	}
	skus := make([]map[string]any, 0, len(o.SKUs))
	for _, k := range o.SKUs {
		base := k.PriceMinor * k.Quantity
		l := map[string]any{
			"sku_id": k.SKUID, "product_id": k.ProductID, "product_name": k.ProductName,
			"quantity": k.Quantity, "refunded_quantity": k.RefundedQuantity, "returned_quantity": k.ReturnedQuantity,
			"price": s.money(k.PriceMinor), "creator_username": k.CreatorUsername,
			"content_type": k.ContentType, "content_id": k.ContentID,
			"open_collaboration_id": k.OpenCollaborationID, "target_collaboration_id": k.TargetCollaborationID,
			"commission_rate":           strconv.FormatInt(k.CommissionRateBP, 10),
			"estimated_commission_base": s.money(base),
			"estimated_paid_commission": s.money(base * k.CommissionRateBP / 10000),
		}
		if k.ShopAdsCommissionRateBP > 0 {
			l["shop_ads_commission_rate"] = strconv.FormatInt(k.ShopAdsCommissionRateBP, 10)
			l["estimated_paid_shop_ads_commission"] = s.money(base * k.ShopAdsCommissionRateBP / 10000)
		}
		if k.CofundedBonusMinor > 0 {
			l["estimated_cofunded_creator_bonus"] = s.money(k.CofundedBonusMinor)
		}
		if k.Settled {
			kept := max(k.Quantity-k.RefundedQuantity-k.ReturnedQuantity, 0)
			actual := k.PriceMinor * kept
			l["actual_commission_base"] = s.money(actual)
			l["actual_paid_commission"] = s.money(actual * k.CommissionRateBP / 10000)
			if k.ShopAdsCommissionRateBP > 0 {
				l["actual_paid_shop_ads_commission"] = s.money(actual * k.ShopAdsCommissionRateBP / 10000)
			}
			if k.CofundedBonusMinor > 0 {
				bonus := int64(0)
				if actual > 0 {
					bonus = k.CofundedBonusMinor
				}
				l["actual_cofunded_creator_bonus"] = s.money(bonus)
			}
		}
		skus = append(skus, l)
	}
	m["skus"] = skus
	return m
}

// creatorsSearch serves the marketplace in pages of 12 or 20, the only sizes it allows.
func (s *Server) creatorsSearch(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	var f struct {
		Keyword   string `json:"keyword"`
		Followers struct {
			Min, Max int64
		} `json:"follower_count_range"`
	}
	if err := decode(q.body, &f); err != nil {
		s.badParam(w, "Invalid request body: "+err.Error())
		return
	}
	filter := fmt.Sprintf("creators %q %d %d", f.Keyword, f.Followers.Min, f.Followers.Max)
	size, offset, ok := s.pageParams(w, q.query, []int{12, 20}, filter)
	if !ok {
		return
	}
	kw := strings.ToLower(f.Keyword)
	var match []map[string]any
	for _, c := range s.Creators() {
		if kw != "" && !strings.Contains(strings.ToLower(c.Username+" "+c.Nickname), kw) {
			continue
		}
		if c.FollowerCount < f.Followers.Min || (f.Followers.Max > 0 && c.FollowerCount > f.Followers.Max) {
			continue
		}
		match = append(match, wireCreator(c))
	}
	page, next := window(match, offset, size, filter)
	s.ok(w, map[string]any{"creators": page, "next_page_token": next})
}

func wireCreator(c Creator) map[string]any {
	return map[string]any{
		"user_id": c.UserID, "username": c.Username, "nickname": c.Nickname, "region": c.Region,
		"follower_count": c.FollowerCount, "categories": c.Categories,
		"avatar_url": "https://fake.invalid/avatar/" + c.UserID,
	}
}

// creatorProfile serves one creator.
func (s *Server) creatorProfile(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	for _, c := range s.Creators() {
		if c.UserID == r.PathValue("id") {
			m := wireCreator(c)
			m["bio"] = "Fake creator " + c.Username
			s.ok(w, map[string]any{"creator": m})
			return
		}
	}
	s.fail(w, http.StatusOK, codeBusinessRejected, "Creator not found.")
}

// creatorExists reports whether the marketplace has this creator.
func (s *Server) creatorExists(id string) bool {
	return slices.ContainsFunc(s.Creators(), func(c Creator) bool { return c.UserID == id })
}

// productExists reports whether the product is in the shop's pool.
func (s *Server) productExists(id string) bool {
	return slices.ContainsFunc(s.Products(), func(p Product) bool { return p.ID == id })
}
