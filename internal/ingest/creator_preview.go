package ingest

import (
	"context"
	"errors"
	"io"
	"path/filepath"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// CreatorPreview is how a creator list would be read, before it is imported: each column with
// the field it goes to, and the first rows as they would be read.
type CreatorPreview struct {
	File    string
	Columns []PreviewColumn
	Rows    []PreviewRow
	// Missing names the required fields no column gives (then no row can be read).
	Missing []string
	// Reused is set when the mapping came from an earlier import of a list with this header.
	Reused bool
}

// PreviewColumn is one column of the file and the field it is read as ("ignore" for none).
type PreviewColumn struct {
	Header string
	Field  string
}

// PreviewRow is one row as read: its cells, and the first problem with it.
type PreviewRow struct {
	Number int64 // the row of the file, the header being 1
	Cells  []string
	// ErrColumn is the index of the cell at fault, -1 for none (or the row as a whole).
	ErrColumn int
	Error     string // "" when the row reads well
	Reason    string // Error without the column's name, for a page that marks the cell
	ErrHeader string // the header of the cell at fault, "" for none
}

// PreviewCreatorList reads the header and the first n rows of a creator list with the mapping
// o.Mapping gives over the one found by header names. Without o.Mapping, the mapping of the
// workspace's latest import of a list with the same header is used, when there is one. A
// mapping naming an unknown column or field is an error.
func PreviewCreatorList(ctx context.Context, s *store.Store, ws *model.Workspace, path string, o CreatorListOptions, n int) (*CreatorPreview, error) {
	t, err := OpenTable(path)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	header := t.Header()
	p := &CreatorPreview{File: filepath.Base(path)}
	overrides := o.Mapping
	if overrides == nil {
		if overrides, err = s.LastCreatorMapping(ctx, ws.ID, header); err != nil {
			return nil, err
		}
		p.Reused = overrides != nil
	}
	cols, err := MapCreatorColumns(header, overrides)
	if err != nil {
		return nil, err
	}
	for i, k := range cols.ColumnKeys() {
		p.Columns = append(p.Columns, PreviewColumn{Header: header[i], Field: k})
	}
	p.Missing = cols.Missing(requiredCreatorFields, creatorAliases)
	if len(p.Missing) > 0 {
		return p, nil
	}
	owners, err := workspaceOwners(ctx, s, ws.ID)
	if err != nil {
		return nil, err
	}
	parser, err := NewMappedCreatorRowParser(header, overrides, cmpOr(o.Currency, "USD"), o.Locale, owners)
	if err != nil {
		return nil, err
	}
	for len(p.Rows) < n {
		row, num, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var rerr *RowError
		if err != nil && !errors.As(err, &rerr) {
			return nil, err
		}
		r := PreviewRow{Number: num, Cells: append([]string(nil), row...), ErrColumn: -1}
		if rerr == nil {
			_, rerr = parser.Parse(row)
		}
		if rerr != nil {
			r.Error, r.Reason = rerr.Error(), rerr.Reason
			if rerr.Column != "" {
				r.ErrColumn, r.ErrHeader = findHeader(header, rerr.Column), rerr.Column
			}
		}
		p.Rows = append(p.Rows, r)
	}
	return p, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Cell returns the row's cell i ("" past the end of a short row).
func (r PreviewRow) Cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}
