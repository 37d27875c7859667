package store

import "context"

// ExecDirectoryTest runs a raw statement for the directory tests (a merge before the merge
// feature exists in the test's package, a column no setter writes).
func ExecDirectoryTest(s *Store, q string, args ...any) error {
	_, err := s.write.ExecContext(context.Background(), q, args...)
	return err
}
