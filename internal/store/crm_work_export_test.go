package store

import "context"

// ExecWorkTest runs a raw statement for the pipeline and SLA tests: the clocks they test
// (stage_since, last_contacted_at) are set by automation and outreach, not by a setter.
func ExecWorkTest(s *Store, q string, args ...any) error {
	_, err := s.write.ExecContext(context.Background(), q, args...)
	return err
}
