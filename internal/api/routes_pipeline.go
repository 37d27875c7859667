package api

// registerPipeline adds the operations on stage changes, notes, tasks and timelines.
func registerPipeline(a *API) {
	registerPipelineCreators(a)
	registerPipelineTimeline(a)
	registerPipelineTasks(a)
	registerPipelineBoard(a)
}
