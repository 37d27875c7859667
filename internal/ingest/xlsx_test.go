package ingest_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// csvToXLSX writes a CSV file's cells into the first sheet of a new workbook, as a team that
// downloads the XLSX export would have it.
func csvToXLSX(t *testing.T, csvPath string) string {
	t.Helper()
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		row := make([]any, len(rec))
		for j, v := range rec {
			row[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(csvPath), ".csv")+".xlsx")
	if err := f.SaveAs(out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportXLSXGivesTheSameFigures(t *testing.T) {
	want := loadExpected(t)
	var files []string
	for _, f := range sampleFiles() {
		files = append(files, csvToXLSX(t, f))
	}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws, shop := newShop(t, s)
		sums := importAll(t, s, ws, shop, files...)
		if sums[0].Rejected+sums[1].Rejected != want.BadRows {
			t.Errorf("rejected %d, want %d", sums[0].Rejected+sums[1].Rejected, want.BadRows)
		}
		checkFigures(t, s, ws, want)
		// The CSV exports of the same data change nothing.
		for _, sum := range importAll(t, s, ws, shop, sampleFiles()...) {
			if sum.Inserted != 0 || sum.Updated != 0 {
				t.Errorf("CSV after XLSX: %+v", sum)
			}
		}
	})
}
