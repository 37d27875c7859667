package ingest

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"

	"github.com/creatorops/creatorops/internal/store"
)

// ErrMixedHeaders says rejected rows come from files with different headers: they cannot share
// one CSV, since the importer finds columns by the header.
var ErrMixedHeaders = errors.New("the rejected rows come from files with different headers")

// RejectedHeader returns the header the files of rejected rows share (nil when there are
// none), or ErrMixedHeaders.
func RejectedHeader(headers [][]string) ([]string, error) {
	var out []string
	for _, h := range headers {
		if out == nil {
			out = h
			continue
		}
		if !slices.Equal(out, h) {
			return nil, ErrMixedHeaders
		}
	}
	return out, nil
}

// RejectedWriter writes rejected rows back out in their file's original format: its header
// row, then each row's cells exactly as read (no formula escaping: the cells go back into the
// importer), so a user can fix the values in a spreadsheet and import the file again.
type RejectedWriter struct{ cw *csv.Writer }

// NewRejectedWriter writes the header (if any) and returns the writer; crlf asks for RFC 4180
// line ends, as spreadsheets write them.
func NewRejectedWriter(w io.Writer, header []string, crlf bool) (*RejectedWriter, error) {
	cw := csv.NewWriter(w)
	cw.UseCRLF = crlf
	if header != nil {
		if err := cw.Write(header); err != nil {
			return nil, err
		}
	}
	return &RejectedWriter{cw: cw}, nil
}

// Write writes one rejected row's cells.
func (rw *RejectedWriter) Write(r store.RejectedRow) error { return rw.cw.Write(r.Raw) }

// Flush writes out what is buffered and reports any error of the whole file.
func (rw *RejectedWriter) Flush() error {
	rw.cw.Flush()
	return rw.cw.Error()
}
