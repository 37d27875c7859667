package web

import "github.com/creatorops/creatorops/internal/access"

// affiliateRoutes are what the platform's affiliate center holds, synced and acted on from
// here: sample applications, collaborations, promotion links, messages to a creator.
func (h *handler) affiliateRoutes() []route {
	_ = access.ManageAffiliate
	var rs []route
	rs = append(rs, h.sampleRoutes()...)
	rs = append(rs, h.collaborationRoutes()...)
	return rs
}
