package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// ensureWorkspaceDB makes db, a SQLite database whose workspace "bench" holds a generated export
// of about lines lines imported by the real binary bin, unless db is there already. prepare, when
// not nil, runs on the new database before it takes its final name, so an interrupted build never
// leaves a half-made db behind to be reused.
func ensureWorkspaceDB(dir, bin, db string, lines int, prepare func(tmp string) error) error {
	if _, err := os.Stat(db); err == nil {
		return nil
	}
	export := filepath.Join(dir, fmt.Sprintf("export-%d.csv", lines))
	fmt.Fprintf(os.Stderr, "writing %s…\n", export)
	if _, err := ensureExport(export, lines); err != nil {
		return err
	}
	tmp := db + ".tmp"
	suffixes := []string{"", "-wal", "-shm"}
	// A build that was interrupted left a partial database: importing into it would be a re-import.
	for _, s := range suffixes {
		os.Remove(tmp + s)
	}
	fmt.Fprintf(os.Stderr, "importing it into %s…\n", db)
	r, err := timed(bin, []string{"--db", tmp, "import", "tiktok-orders", "--workspace", "bench", "--shop", "us", "--quiet", export}, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "imported in %.1fs (%d MiB peak)\n", r.wall.Seconds(), r.maxRSS/1024)
	if prepare != nil {
		if err := prepare(tmp); err != nil {
			return err
		}
	}
	for _, s := range suffixes {
		if err := os.Rename(tmp+s, db+s); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}
