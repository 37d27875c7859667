package access

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the table in docs/permissions.md")

const (
	docPath    = "../../docs/permissions.md"
	tableStart = "<!-- matrix:start -->\n"
	tableEnd   = "<!-- matrix:end -->"
)

// TestPermissionsDoc keeps docs/permissions.md equal to the matrix the code enforces.
// Run `go test ./internal/access -update` after changing the matrix.
func TestPermissionsDoc(t *testing.T) {
	b, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, tableStart), strings.Index(doc, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("%s has no %q … %q markers", docPath, tableStart, tableEnd)
	}
	want := doc[:i+len(tableStart)] + MatrixMarkdown() + doc[j:]
	if want == doc {
		return
	}
	if *update {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is out of date with the permission matrix: run go test ./internal/access -update", docPath)
}
