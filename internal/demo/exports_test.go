package demo

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
)

// final reports whether a status can no longer change.
func final(status string) bool { return status != "Processing" }

func TestWriteOrderExportsSeries(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"defaults with quirks", Options{Seed: 5, Quirks: true}},
		{"short period", Options{Creators: 50, Orders: 900, Days: 10, Seed: 6}},
		{"long period", Options{Creators: 100, Orders: 3000, Days: 365, Seed: 7, Quirks: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths, err := WriteOrderExports(t.TempDir(), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) != exportCount {
				t.Fatalf("%d files, want %d", len(paths), exportCount)
			}
			var all bytes.Buffer
			if _, err := WriteOrderExport(&all, tt.opt); err != nil {
				t.Fatal(err)
			}
			everyLine := checkRows(t, readExport(t, all.Bytes()), tt.opt)

			seen := map[string]string{} // key → status in the latest file holding it
			var last map[string][]string
			overlaps := 0
			for i, path := range paths {
				if want := "tiktok-affiliate-orders-0" + string(rune('1'+i)) + ".csv"; filepath.Base(path) != want {
					t.Fatalf("file %d is %s, want %s", i, filepath.Base(path), want)
				}
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				rows := readExport(t, data)
				if len(rows) == 0 {
					t.Fatalf("%s is empty", path)
				}
				last = checkRows(t, rows, tt.opt)
				for k, row := range last {
					if _, ok := everyLine[k]; !ok {
						t.Fatalf("%s: line %s is not in the full export", path, k)
					}
					if before, ok := seen[k]; ok {
						overlaps++
						if final(before) && before != row[colStatus] {
							t.Fatalf("%s: line %s went from %s to %s", path, k, before, row[colStatus])
						}
					}
					seen[k] = row[colStatus]
				}
			}
			if len(seen) != len(everyLine) {
				t.Fatalf("the series holds %d distinct lines, the period has %d", len(seen), len(everyLine))
			}
			if overlaps == 0 {
				t.Fatal("consecutive exports do not overlap")
			}
			// The last export is taken at End, like the single export: the same lines must agree.
			for k, row := range last {
				if got, want := row[colStatus], everyLine[k][colStatus]; got != want {
					t.Fatalf("line %s: %s in the last export, %s in the full export", k, got, want)
				}
			}
		})
	}
}

func TestWriteOrderExportsDeterministic(t *testing.T) {
	opt := Options{Creators: 80, Orders: 1500, Seed: 11, Quirks: true}
	sums := func() [exportCount][32]byte {
		paths, err := WriteOrderExports(t.TempDir(), opt)
		if err != nil {
			t.Fatal(err)
		}
		var s [exportCount][32]byte
		for i, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			s[i] = sha256.Sum256(data)
		}
		return s
	}
	if sums() != sums() {
		t.Fatal("same options, different files")
	}
}

// TestStatusesProgress checks that over the series some lines really do settle, so the importer
// sees status changes and not just repeated rows.
func TestStatusesProgress(t *testing.T) {
	paths, err := WriteOrderExports(t.TempDir(), Options{Seed: 12})
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]string{}
	changed := map[string]int{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range readExport(t, data) {
			k := key(row)
			if s, ok := first[k]; ok && s == "Processing" && final(row[colStatus]) {
				changed[row[colStatus]]++
			}
			if _, ok := first[k]; !ok {
				first[k] = row[colStatus]
			}
		}
	}
	for _, s := range []string{"Completed", "Refunded"} {
		if changed[s] == 0 {
			t.Errorf("no line moved from Processing to %s across the series", s)
		}
	}
}
