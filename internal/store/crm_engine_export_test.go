package store

import "context"

// ExecCRMEngineTest runs a raw statement for the CRM engine's tests: a merge or a reply set
// by hand, without the setters of other parts.
func ExecCRMEngineTest(s *Store, q string, args ...any) error {
	_, err := s.write.ExecContext(context.Background(), q, args...)
	return err
}

// SetCRMCommitRows makes CRM refreshes commit every n creator rows, for tests of runs that
// span several transactions; it returns the function that restores the default.
func SetCRMCommitRows(n int) (restore func()) {
	old := crmCommitRows
	crmCommitRows = n
	return func() { crmCommitRows = old }
}

// IntegrityCheck runs SQLite's integrity check ("ok" when every index agrees with its table);
// "ok" on PostgreSQL, which keeps its indexes itself.
func IntegrityCheck(s *Store) (string, error) {
	if s.dialect != SQLite {
		return "ok", nil
	}
	var out string
	err := s.read.QueryRowContext(context.Background(), `PRAGMA integrity_check`).Scan(&out)
	return out, err
}
