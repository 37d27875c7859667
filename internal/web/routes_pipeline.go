package web

import "github.com/creatorops/creatorops/internal/access"

// pipelineRoutes are the pipeline board, stage changes, notes, tasks and the timeline.
func (h *handler) pipelineRoutes() []route {
	return []route{
		{pattern: "GET /w/{ws}/pipeline", perm: access.ViewData, handler: h.pipelineBoard},
		{pattern: "GET /w/{ws}/pipeline/sla", perm: access.ViewData, handler: h.pipelineSLA},
		{pattern: "GET /w/{ws}/pipeline/sla.csv", perm: access.ExportData, handler: h.pipelineSLACSV},
		{pattern: "GET /w/{ws}/tasks", perm: access.ViewData, handler: h.tasksList},
		{pattern: "GET /w/{ws}/tasks.csv", perm: access.ExportData, handler: h.tasksCSV},
		{pattern: "POST /w/{ws}/tasks", perm: access.EditCreators, handler: h.taskCreate},
		{pattern: "POST /w/{ws}/tasks/{task}/done", perm: access.EditCreators, handler: h.taskDone},
		{pattern: "POST /w/{ws}/creators/{creator}/stage", perm: access.EditCreators, handler: h.creatorStage},
		// Specialists may take an unowned creator themselves; the handler refuses them the rest.
		{pattern: "POST /w/{ws}/creators/{creator}/owner", perm: access.EditCreators, handler: h.creatorOwner},
		{pattern: "POST /w/{ws}/creators/{creator}/tags", perm: access.EditCreators, handler: h.creatorTags},
		{pattern: "POST /w/{ws}/creators/{creator}/profile", perm: access.EditCreators, handler: h.creatorProfile},
		{pattern: "POST /w/{ws}/creators/{creator}/notes", perm: access.EditCreators, handler: h.creatorNote},
	}
}
