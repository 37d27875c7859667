package web

// connectionRoutes are connecting shops to the platforms (OAuth) and their syncs.
func (h *handler) connectionRoutes() []route {
	return nil
}
