package web

// adminRoutes are the shops, members, settings, API tokens and audit log pages.
func (h *handler) adminRoutes() []route {
	return nil
}
