package store

import (
	"context"
	"database/sql"
	"time"
)

// SampleRequestedAtTest reads creators.sample_requested_at, which only the outreach engine
// reads otherwise.
func SampleRequestedAtTest(s *Store, creatorID int64) (*time.Time, error) {
	var v sql.NullInt64
	err := s.read.QueryRowContext(context.Background(), `SELECT sample_requested_at FROM creators WHERE id = $1`, creatorID).Scan(&v)
	return optTime(v), err
}
