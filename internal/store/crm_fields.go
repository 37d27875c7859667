package store

import (
	"errors"
	"fmt"
)

// FieldError is bad input to a CRM change, naming the field and the value so a page or the API
// can say exactly what to fix ("followers: -3 is below zero").
type FieldError struct {
	Field  string // the form field / JSON property
	Value  string
	Reason string
}

func (e *FieldError) Error() string {
	if e.Value == "" {
		return e.Field + ": " + e.Reason
	}
	return fmt.Sprintf("%s: %q %s", e.Field, e.Value, e.Reason)
}

// AsFieldError returns err's FieldError, if it carries one.
func AsFieldError(err error) (*FieldError, bool) {
	var fe *FieldError
	ok := errors.As(err, &fe)
	return fe, ok
}

// ErrNotMember is returned when a task is given to someone who is not a member of the
// workspace: the task would sit in nobody's list.
var ErrNotMember = errors.New("not a member of this workspace")

// validDay reports whether d is a real YYYYMMDD date.
func validDay(d int32) bool {
	if d < 19000101 || d > 99991231 {
		return false
	}
	t := dateOf(d)
	return dayKey(t) == d
}
