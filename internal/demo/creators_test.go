package demo

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

func TestWriteCreatorList(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"defaults", Options{}},
		{"quirks", Options{Creators: 500, Seed: 3, Quirks: true}},
		{"one creator", Options{Creators: 1, Orders: 5, Seed: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCreatorList(&buf, tt.opt); err != nil {
				t.Fatal(err)
			}
			rows := readCSV(t, buf.Bytes())
			if got, want := strings.Join(rows[0], ","), strings.Join(creatorHeader, ","); got != want {
				t.Fatalf("header\n got %s\nwant %s", got, want)
			}
			opt, _ := tt.opt.normalize()
			if len(rows)-1 != opt.Creators {
				t.Fatalf("%d creators, want %d", len(rows)-1, opt.Creators)
			}
			names := map[string]bool{}
			for i, row := range rows[1:] {
				if len(row) != len(creatorHeader) {
					t.Fatalf("row %d has %d fields", i+2, len(row))
				}
				if names[row[0]] || !strings.HasSuffix(row[0], "_"+strconv.Itoa(i)) {
					t.Fatalf("row %d: username %q is not unique or not indexed", i+2, row[0])
				}
				names[row[0]] = true
				f, err := strconv.ParseInt(strings.ReplaceAll(row[2], ",", ""), 10, 64)
				if err != nil || f < 1000 || f > 5_000_000 {
					t.Fatalf("row %d: followers %q", i+2, row[2])
				}
				if _, err := parseAmount(row[4]); err != nil || row[4][0] != '$' {
					t.Fatalf("row %d: GMV %q", i+2, row[4])
				}
				if !strings.HasSuffix(row[7], "%") {
					t.Fatalf("row %d: engagement %q", i+2, row[7])
				}
			}
		})
	}
}

// TestCreatorListMatchesOrders checks both files name the same creators.
func TestCreatorListMatchesOrders(t *testing.T) {
	opt := Options{Creators: 150, Orders: 3000, Seed: 8}
	var list, orders bytes.Buffer
	if err := WriteCreatorList(&list, opt); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteOrderExport(&orders, opt); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, row := range readCSV(t, list.Bytes())[1:] {
		known[row[0]] = true
	}
	for _, row := range readExport(t, orders.Bytes()) {
		if !known[row[colCreator]] {
			t.Fatalf("order by %s, who is not in the creator list", row[colCreator])
		}
	}
}
