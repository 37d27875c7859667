// Package doctest keeps a generated section of a document equal to what the code says, for
// tables in docs/ that are written from the code (the permission matrix, template variables).
package doctest

import (
	"os"
	"strings"
	"testing"
)

// Section checks that the text of path between the lines start and end is body. With update
// it rewrites the section instead; otherwise a difference fails t, telling how to update
// (fix: the command that does).
func Section(t testing.TB, path, start, end, body string, update bool, fix string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, start), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s has no %q … %q markers", path, start, end)
	}
	want := doc[:i+len(start)] + body + doc[j:]
	if want == doc {
		return
	}
	if update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is out of date with the code: run %s", path, fix)
}
