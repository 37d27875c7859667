package web

import (
	"bufio"
	"encoding/csv"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// utf8BOM starts every CSV download: without it Excel reads UTF-8 as the machine's code page and
// mangles Thai, Vietnamese or emoji names. Seller Center's own exports carry one, and our
// importers (and Google Sheets, LibreOffice) read past it.
const utf8BOM = "\ufeff"

// csvExport is one CSV download in progress; writeCSV makes it.
type csvExport struct {
	w        http.ResponseWriter
	filename string
	header   []string
	buf      *bufio.Writer
	cw       *csv.Writer
	started  bool
}

// writeCSV streams a CSV download (RFC 4180, header row first) named filename. rows calls emit
// once per row as it reads them, so a list of millions of lines never sits in memory.
//
// Nothing is sent before the first row (or the end of an empty list): a query that fails at
// once still gets a clean 500 page. A failure after rows went out cannot change the status any
// more, so the connection is cut instead — the browser shows a failed download, never a file
// that looks complete but is not.
//
// Cells are written as given except that text starting like a formula (=, +, -, @) gets a
// leading apostrophe, so a creator named "=HYPERLINK(…)" cannot run in a spreadsheet; numbers
// such as "-12.50" are left alone.
func (h *handler) writeCSV(w http.ResponseWriter, r *http.Request, filename string, header []string,
	rows func(emit func([]string) error) error) {
	x := &csvExport{w: w, filename: filename, header: header}
	err := rows(x.emit)
	if err == nil {
		err = x.finish()
	}
	if err == nil {
		return
	}
	if !x.started {
		h.serverError(w, r, err)
		return
	}
	h.log.Error("web: CSV export failed part-way; connection cut", "path", r.URL.Path, "file", filename, "err", err)
	panic(http.ErrAbortHandler)
}

// start sends the headers and the header row.
func (x *csvExport) start() error {
	x.started = true
	h := x.w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": x.filename}))
	h.Set("Cache-Control", "no-store")
	x.w.WriteHeader(http.StatusOK)
	// 32 KiB between writes to the connection: few syscalls, and still a steady stream.
	x.buf = bufio.NewWriterSize(x.w, 32<<10)
	x.buf.WriteString(utf8BOM)
	x.cw = csv.NewWriter(x.buf)
	x.cw.UseCRLF = true // RFC 4180 line ends, as Excel writes them
	return x.cw.Write(x.header)
}

func (x *csvExport) emit(row []string) error {
	if !x.started {
		if err := x.start(); err != nil {
			return err
		}
	}
	for i, cell := range row {
		row[i] = csvSafe(cell)
	}
	return x.cw.Write(row)
}

func (x *csvExport) finish() error {
	if !x.started {
		if err := x.start(); err != nil {
			return err
		}
	}
	x.cw.Flush()
	if err := x.cw.Error(); err != nil {
		return err
	}
	return x.buf.Flush()
}

// csvSafe defuses a cell a spreadsheet would run as a formula (OWASP "CSV injection").
func csvSafe(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// csvFilename names a download after the workspace, the list and today in the workspace's
// zone, e.g. "acme-creators-2026-11-15.csv", so several downloads do not overwrite each other.
func csvFilename(ws *model.Workspace, list string) string {
	return ws.Slug + "-" + list + "-" + time.Now().In(ws.Location()).Format("2006-01-02") + ".csv"
}
