package web

import "github.com/creatorops/creatorops/internal/access"

// outreachRoutes are templates, sequences, enrollments, the quota planner, sender mailboxes
// and suppressions (issue 6), and the public unsubscribe page.
func (h *handler) outreachRoutes() []route {
	_ = access.RunOutreach
	return []route{}
}
