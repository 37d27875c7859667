package ingest

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// PeekCurrency returns the currency an affiliate-orders export is in: the first value of its
// Currency column within its first rows.
func PeekCurrency(path string) (string, error) {
	t, err := OpenTable(path)
	if err != nil {
		return "", err
	}
	defer t.Close()
	cols := MapColumns(t.Header(), orderAliases, int(orderFieldCount))
	if !cols.Has(ColCurrency) {
		return "", fmt.Errorf("%s has no Currency column", filepath.Base(path))
	}
	for i := 0; i < 1000; i++ {
		row, _, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			continue
		}
		if c := cols.Cell(row, ColCurrency); c != "" {
			return strings.ToUpper(c), nil
		}
	}
	return "", fmt.Errorf("%s has no value in its Currency column", filepath.Base(path))
}
