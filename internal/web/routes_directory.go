package web

// directoryRoutes are the creator directory, saved views and bulk actions.
func (h *handler) directoryRoutes() []route {
	return nil
}
