package upload

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
)

// maxFieldBytes caps a text field of an upload; only the files may be large.
const maxFieldBytes = 1 << 10

// Form is an upload as read: its text fields and its files, saved to disk in the order sent.
type Form struct {
	Fields map[string]string
	Files  []*File
}

// ReadForm reads a multipart upload part by part, streaming each part named fileField to dir
// (Save), never the whole body into memory. limit is the body's cap, for the message when it is
// exceeded. On error the files already saved are removed, and the form holds the fields read
// so far (a page can show them again).
func ReadForm(mr *multipart.Reader, fileField, dir string, limit int64) (*Form, error) {
	f := &Form{Fields: map[string]string{}}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		if err != nil {
			return f.drop(), partError(err, limit)
		}
		name := part.FormName()
		if name == fileField {
			if part.FileName() == "" {
				continue // a file input left empty
			}
			file, err := Save(dir, part.FileName(), part, limit)
			if err != nil {
				return f.drop(), err
			}
			f.Files = append(f.Files, file)
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
		if err != nil {
			return f.drop(), partError(err, limit)
		}
		if len(v) > maxFieldBytes {
			return f.drop(), badRequest("The field %s is longer than %d bytes.", strconv.Quote(name), maxFieldBytes)
		}
		f.Fields[name] = strings.TrimSpace(string(v))
	}
}

// partError is the answer to a multipart body that could not be read: too large, or cut off.
func partError(err error, limit int64) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return TooLarge(limit)
	}
	return badRequest("The upload could not be read as multipart/form-data (%v): send it again.", err)
}

// drop removes the files saved so far, for a form that is refused.
func (f *Form) drop() *Form {
	RemoveAll(f.Files)
	f.Files = nil
	return f
}
