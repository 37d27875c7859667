package web

// pipelineRoutes are the pipeline board, stage changes, notes, tasks and the timeline.
func (h *handler) pipelineRoutes() []route {
	return nil
}
