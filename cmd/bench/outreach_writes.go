package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// writeCost is what PostgreSQL wrote for an engine phase: WAL bytes and, per table, the rows
// updated and how many of those updates were HOT (no index entries written). Unlike time, these
// do not depend on what else the machine is doing, so they compare schema changes exactly.
type writeCost struct {
	walBytes int64
	tables   []tableWrites
}

type tableWrites struct {
	name                         string
	inserts, updates, hotUpdates int64
}

// walPosition reads the server's current WAL position in bytes.
func (s *outreachSeed) walPosition(ctx context.Context) (int64, error) {
	var lsn int64
	err := s.raw.QueryRowContext(ctx, `SELECT pg_current_wal_lsn() - '0/0'::pg_lsn`).Scan(&lsn)
	return lsn, err
}

// tableWrites reads the write counters of the engine's tables in the phase's schema (fresh
// for each phase, so the counters are the phase's).
func (s *outreachSeed) tableWrites(ctx context.Context) ([]tableWrites, error) {
	rows, err := s.raw.QueryContext(ctx, `SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables
		WHERE schemaname = current_schema() AND relname IN ('outreach_outbox', 'outreach_enrollments', 'creators',
		'creator_events', 'outreach_quota_usage', 'outreach_conversations') ORDER BY relname`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tableWrites
	for rows.Next() {
		var t tableWrites
		if err := rows.Scan(&t.name, &t.inserts, &t.updates, &t.hotUpdates); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// machineBusy is the CPU time the whole machine spent busy so far (all processes), from
// /proc/stat, in seconds; 0 where it cannot be read.
func machineBusy() float64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	var busy float64
	for i, v := range f {
		if i == 0 || i == 4 || i == 5 { // the label, idle, iowait
			continue
		}
		n, _ := strconv.ParseFloat(v, 64)
		busy += n
	}
	return busy / 100 // USER_HZ
}

func (w *writeCost) print(messages int) {
	fmt.Printf("  WAL %.1f KiB a message;", float64(w.walBytes)/float64(messages)/1024)
	for _, t := range w.tables {
		fmt.Printf(" %s %.2f inserts, %.2f updates (%.0f%% HOT) a message;", t.name, float64(t.inserts)/float64(messages),
			float64(t.updates)/float64(messages), 100*float64(t.hotUpdates)/float64(max(t.updates, 1)))
	}
	fmt.Println()
}
