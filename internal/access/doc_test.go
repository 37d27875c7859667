package access

import (
	"flag"
	"testing"

	"github.com/creatorops/creatorops/internal/doctest"
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
	doctest.Section(t, docPath, tableStart, tableEnd, MatrixMarkdown(), *update, "go test ./internal/access -update")
}
