package tiktokshoptest

import (
	"strconv"
)

// AddSampleApplication adds a creator's new sample request, as the platform would when a
// creator asks for one between two syncs, and returns its id. An empty ID is minted, an empty
// Status is PENDING, a zero CreateTime is the fake's now; the creator and product need not be
// generated ones.
func (s *Server) AddSampleApplication(sa SampleApplication) string {
	if sa.ID == "" {
		sa.ID = s.nextID(7400000000000000000 + 1_000_000)
	}
	if sa.Status == "" {
		sa.Status = "PENDING"
	}
	if sa.CreateTime.IsZero() {
		sa.CreateTime = s.Now().Truncate(1e9)
	}
	if sa.SKUID == "" {
		sa.SKUID = "1731" + strconv.FormatInt(sa.CreateTime.Unix(), 10)
	}
	s.mu.Lock()
	s.samples = append(s.samples, sa)
	s.mu.Unlock()
	return sa.ID
}

// SetSampleStatus moves an application on as the platform does after a review (SHIPPED,
// DELIVERED, CONTENT_POSTED, COMPLETED, …) or as a review made in Seller Center would
// (APPROVED, REJECTED). It reports whether the application exists.
func (s *Server) SetSampleStatus(id, status string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.samples {
		if s.samples[i].ID == id {
			s.samples[i].Status = status
			return true
		}
	}
	return false
}
