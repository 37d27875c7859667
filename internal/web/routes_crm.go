package web

// crmRoutes are the creator CRM's pages (issue 4): the directory, the pipeline board and tasks,
// identity (duplicates and merges) and the CRM settings. Each part lists its routes in its own
// file so the parts grow apart.
func (h *handler) crmRoutes() []route {
	var rs []route
	rs = append(rs, h.directoryRoutes()...)
	rs = append(rs, h.pipelineRoutes()...)
	rs = append(rs, h.identityRoutes()...)
	rs = append(rs, h.crmConfigRoutes()...)
	return rs
}
