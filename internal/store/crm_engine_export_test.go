package store

import "context"

// ExecCRMEngineTest runs a raw statement for the CRM engine's tests: a merge or a reply set
// by hand, without the setters of other parts.
func ExecCRMEngineTest(s *Store, q string, args ...any) error {
	_, err := s.write.ExecContext(context.Background(), q, args...)
	return err
}
