package web

// importRoutes are the import pages: upload, progress, summary, rejected rows.
func (h *handler) importRoutes() []route {
	return nil
}
