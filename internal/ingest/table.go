// Package ingest turns platform exports (CSV and XLSX files) into normalized order lines and
// creators, and feeds them to the store in batches. A row it cannot read is rejected with its
// file, row, column, value and reason; it never stops the other rows.
package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Table reads a spreadsheet row by row.
type Table interface {
	// Header is the first row.
	Header() []string
	// Next returns the next row and its 1-based row number in the file (the header is row 1).
	// A row the format itself cannot read comes back with a *RowError; io.EOF ends the table.
	// The returned slice is reused by the next call.
	Next() (row []string, number int64, err error)
	// Progress is how far through the file the reader is, 0 to 1.
	Progress() float64
	Close() error
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// OpenTable opens a CSV or XLSX file, telling them apart by their first bytes, not their name.
func OpenTable(path string) (Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	if n == 4 && bytes.Equal(head, []byte("PK\x03\x04")) {
		f.Close()
		return openXLSX(path)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return newCSVTable(path, f, st.Size())
}

// csvTable reads comma-separated (or semicolon- or tab-separated) text.
type csvTable struct {
	name   string
	f      io.Closer
	r      *csv.Reader
	count  *countingReader
	size   int64
	header []string
	row    int64
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func newCSVTable(path string, f *os.File, size int64) (*csvTable, error) {
	name := filepath.Base(path)
	count := &countingReader{r: f}
	br := bufio.NewReaderSize(count, 256<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	// Some locales save "CSV" with semicolons or tabs: take the separator the header uses most.
	sep := ','
	if line, err := br.Peek(min(br.Buffered(), 4096)); err == nil || len(line) > 0 {
		first, _, _ := bytes.Cut(line, []byte("\n"))
		if c, s, t := bytes.Count(first, []byte(",")), bytes.Count(first, []byte(";")), bytes.Count(first, []byte("\t")); s > c && s >= t {
			sep = ';'
		} else if t > c && t > s {
			sep = '\t'
		}
	}
	r := csv.NewReader(br)
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	t := &csvTable{name: name, f: f, r: r, count: count, size: size}
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		f.Close()
		return nil, fmt.Errorf("%s: the file is empty", name)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: the header row cannot be read: %w", name, err)
	}
	t.header = append([]string(nil), header...)
	t.row = 1
	return t, nil
}

func (t *csvTable) Header() []string { return t.header }

func (t *csvTable) Next() ([]string, int64, error) {
	for {
		rec, err := t.r.Read()
		t.row++
		if err == io.EOF {
			return nil, t.row, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				t.row = int64(pe.StartLine)
				return rec, t.row, &RowError{Reason: "the row is not valid CSV: " + pe.Err.Error()}
			}
			return nil, t.row, fmt.Errorf("%s: %w", t.name, err)
		}
		// encoding/csv skips blank lines; count rows by the reader's own line number so
		// row numbers match what a spreadsheet shows.
		line, _ := t.r.FieldPos(0)
		t.row = int64(line)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		return rec, t.row, nil
	}
}

func (t *csvTable) Progress() float64 {
	if t.size <= 0 {
		return 0
	}
	return min(1, float64(t.count.n)/float64(t.size))
}

func (t *csvTable) Close() error { return t.f.Close() }
