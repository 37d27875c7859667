// Package upload takes the exports people upload through the web app or the API: it streams
// each file to disk, checks it is the CSV or XLSX it claims to be, records its import run and
// imports it in the background, as "creatorops import" does from the shell.
package upload

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Error is an upload the user has to fix; Status is the HTTP status to answer with, and the
// message says what was wrong, naming the file or the field.
type Error struct {
	Status int
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// badRequest is a 400 with a formatted message.
func badRequest(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Msg: fmt.Sprintf(format, args...)}
}

// TooLarge is the answer to an upload over the limit, in bytes.
func TooLarge(limit int64) *Error {
	return &Error{Status: http.StatusRequestEntityTooLarge, Msg: fmt.Sprintf(
		"The upload is larger than this server's limit of %s. Export a shorter date range from Seller Center, "+
			"or ask the administrator to raise --max-upload-mb.", Size(limit))}
}

// Size writes a byte count for people: 512 MiB, 1.5 MiB, 12 KiB.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// File is an uploaded export saved on disk, alone in a directory of its own so the importer
// sees (and the run records) the name it was uploaded under.
type File struct {
	Name   string // as uploaded, without any directory
	Path   string
	Format string // "csv" or "xlsx"
	Bytes  int64
}

// Remove deletes the file and its directory.
func (f *File) Remove() error { return os.RemoveAll(filepath.Dir(f.Path)) }

// RemoveAll deletes files, for an upload that is refused.
func RemoveAll(files []*File) {
	for _, f := range files {
		f.Remove()
	}
}

// Save streams r into dir ("" for the system's temp dir) as the file name. It refuses a name
// that is not .csv or .xlsx and content that is not what the name says (an XLSX is a zip; a CSV
// is UTF-8 text), before writing more than its first bytes. When r is an http.MaxBytesReader
// that runs out, the error is TooLarge(limit).
func Save(dir, name string, r io.Reader, limit int64) (*File, error) {
	base := cleanName(name)
	if base == "" {
		return nil, badRequest("Choose a file to upload (a CSV or XLSX export).")
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, readError(err, limit)
	}
	format := sniff(head)
	ext := strings.ToLower(filepath.Ext(base))
	if format == "" || "."+format != ext {
		return nil, &Error{Status: http.StatusUnsupportedMediaType, Msg: notAnExport(base, ext, format)}
	}
	sub, err := os.MkdirTemp(dir, "creatorops-upload-")
	if err != nil {
		return nil, fmt.Errorf("upload: unable to make room for %s: %w", base, err)
	}
	f := &File{Name: base, Path: filepath.Join(sub, base), Format: format}
	out, err := os.Create(f.Path)
	if err != nil {
		f.Remove()
		return nil, fmt.Errorf("upload: unable to save %s: %w", base, err)
	}
	f.Bytes, err = io.Copy(out, br)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		f.Remove()
		return nil, readError(err, limit)
	}
	if f.Bytes == 0 {
		f.Remove()
		return nil, badRequest("%s is empty: export it again from Seller Center.", base)
	}
	return f, nil
}

// readError turns a failed read of the upload into its answer: too large, or cut off.
func readError(err error, limit int64) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return TooLarge(limit)
	}
	return &Error{Status: http.StatusBadRequest, Msg: "The upload was cut off before its end: try again. (" + err.Error() + ")"}
}

// cleanName keeps the last element of a client's file name (browsers on Windows used to send
// whole paths) and refuses names that could mean a directory.
func cleanName(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." || strings.ContainsRune(name, 0) {
		return ""
	}
	return name
}

// sniff says what the first bytes of a file are: "xlsx" for a zip (an XLSX workbook), "csv" for
// text (UTF-8 without NUL bytes), "" for anything else (an old .xls, a PDF, UTF-16 text).
func sniff(head []byte) string {
	if len(head) == 0 {
		return "csv" // empty: Save refuses it with its own message
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return "xlsx"
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return ""
	}
	// The sniffed bytes may end inside a character.
	for i := 0; i < utf8.UTFMax && len(head) > 0 && !utf8.Valid(head); i++ {
		head = head[:len(head)-1]
	}
	if !utf8.Valid(head) {
		return ""
	}
	return "csv"
}

func notAnExport(name, ext, format string) string {
	msg := name + " is not a CSV or XLSX export"
	switch {
	case ext == ".xls":
		return msg + ": open it in a spreadsheet and save it as .xlsx or .csv."
	case format == "xlsx" && ext == ".csv":
		return msg + ": it is named .csv but holds a workbook; rename it to .xlsx."
	case format == "csv" && ext == ".xlsx":
		return msg + ": it is named .xlsx but holds text; rename it to .csv."
	case format == "csv":
		return msg + ": name it .csv if it is comma-separated text."
	}
	return msg + ": download the affiliate-orders export (CSV or XLSX) from Seller Center and upload that."
}

// LimitBody caps a request body read outside net/http's server (the API reads its upload
// through huma): past limit bytes it fails with *http.MaxBytesError, as http.MaxBytesReader does.
func LimitBody(r io.Reader, limit int64) io.Reader {
	return &limitedBody{r: r, left: limit, limit: limit}
}

type limitedBody struct {
	r           io.Reader
	left, limit int64
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &http.MaxBytesError{Limit: l.limit}
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return int(int64(n) + l.left), &http.MaxBytesError{Limit: l.limit}
	}
	return n, err
}
