package intl

import (
	"errors"
	"strings"
	"testing"
)

// cur and loc fetch table entries by name; a typo in a test table should fail loudly.
func cur(code string) Currency {
	c, ok := LookupCurrency(code)
	if !ok {
		panic("no currency " + code)
	}
	return c
}

func loc(tag string) Locale {
	l, ok := LookupLocale(tag)
	if !ok {
		panic("no locale " + tag)
	}
	return l
}

// checkErr compares err with a wanted error: "" means none, "EMPTY" means ErrEmpty, anything
// else must appear in the message, so tables pin the reason a value is rejected.
func checkErr(t *testing.T, input string, err error, want string) bool {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%q: unexpected error %v", input, err)
	case want == "":
		return true
	case err == nil:
		t.Errorf("%q: no error, want %q", input, want)
	case want == "EMPTY":
		if !errors.Is(err, ErrEmpty) {
			t.Errorf("%q: error %v, want ErrEmpty", input, err)
		}
	case !strings.Contains(err.Error(), want):
		t.Errorf("%q: error %q, want it to contain %q", input, err, want)
	}
	return false
}
