package ingest

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

// xlsxTable streams the first sheet of a workbook, so a large export is never held in memory.
type xlsxTable struct {
	name   string
	f      *excelize.File
	rows   *excelize.Rows
	header []string
	row    int64
	total  int64
}

func openXLSX(path string) (Table, error) {
	name := filepath.Base(path)
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable XLSX workbook: %w", name, err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, fmt.Errorf("%s: the workbook has no sheet", name)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: sheet %q cannot be read: %w", name, sheets[0], err)
	}
	t := &xlsxTable{name: name, f: f, rows: rows}
	if dim, err := f.GetSheetDimension(sheets[0]); err == nil {
		if _, lastRow, err := excelize.CellNameToCoordinates(lastCell(dim)); err == nil {
			t.total = int64(lastRow)
		}
	}
	for t.header == nil {
		if !rows.Next() {
			f.Close()
			return nil, fmt.Errorf("%s: the sheet %q is empty", name, sheets[0])
		}
		t.row++
		cols, err := rows.Columns()
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: the header row cannot be read: %w", name, err)
		}
		if len(cols) > 0 {
			t.header = cols
		}
	}
	return t, nil
}

func lastCell(dim string) string {
	for i := len(dim) - 1; i >= 0; i-- {
		if dim[i] == ':' {
			return dim[i+1:]
		}
	}
	return dim
}

func (t *xlsxTable) Header() []string { return t.header }

func (t *xlsxTable) Next() ([]string, int64, error) {
	for t.rows.Next() {
		t.row++
		cols, err := t.rows.Columns()
		if err != nil {
			return nil, t.row, &RowError{Reason: "the row cannot be read: " + err.Error()}
		}
		empty := true
		for _, c := range cols {
			if c != "" {
				empty = false
				break
			}
		}
		if !empty {
			return cols, t.row, nil
		}
	}
	if err := t.rows.Error(); err != nil {
		return nil, t.row, fmt.Errorf("%s: %w", t.name, err)
	}
	return nil, t.row, io.EOF
}

func (t *xlsxTable) Progress() float64 {
	if t.total <= 0 {
		return 0
	}
	return min(1, float64(t.row)/float64(t.total))
}

func (t *xlsxTable) Close() error {
	t.rows.Close()
	return t.f.Close()
}
