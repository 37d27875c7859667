package tiktokshoptest

import "slices"

// RemoveProduct takes a product out of the shop's affiliate pool, as a seller does in Seller
// Center: the platform then refuses collaborations, cards and promotion links for it. It
// reports whether the product was in the pool.
func (s *Server) RemoveProduct(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.products)
	s.products = slices.DeleteFunc(s.products, func(p Product) bool { return p.ID == id })
	return len(s.products) < n
}

// RemoveCreator takes a creator out of the marketplace (an account closed or banned): the
// platform then refuses to invite or message them. It reports whether the creator was there.
func (s *Server) RemoveCreator(userID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.creators)
	s.creators = slices.DeleteFunc(s.creators, func(c Creator) bool { return c.UserID == userID })
	return len(s.creators) < n
}
