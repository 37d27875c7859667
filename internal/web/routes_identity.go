package web

// identityRoutes are duplicates, merges and unmerges, and creator list imports with column mapping.
func (h *handler) identityRoutes() []route {
	return nil
}
