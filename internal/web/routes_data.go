package web

// dataRoutes are the creators, products and order lines pages.
func (h *handler) dataRoutes() []route {
	return nil
}
