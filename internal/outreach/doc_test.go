package outreach

import (
	"flag"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/doctest"
)

var update = flag.Bool("update", false, "rewrite the variables table in docs/outreach.md")

const (
	docPath    = "../../docs/outreach.md"
	tableStart = "<!-- variables:start -->\n"
	tableEnd   = "<!-- variables:end -->"
)

// TestVariablesDoc keeps the variables table of docs/outreach.md equal to Variables.
// Run `go test ./internal/outreach -run TestVariablesDoc -update` after changing the table.
func TestVariablesDoc(t *testing.T) {
	doctest.Section(t, docPath, tableStart, tableEnd, variablesMarkdown(), *update, "go test ./internal/outreach -run TestVariablesDoc -update")
}

// variablesMarkdown is the table of Variables as docs/outreach.md shows it.
func variablesMarkdown() string {
	var b strings.Builder
	b.WriteString("| variable | what it is | example |\n|---|---|---|\n")
	for _, v := range Variables {
		b.WriteString("| `{{" + v.Name + "}}` | " + strings.ReplaceAll(v.Description, "|", `\|`) + " | " + v.Example + " |\n")
	}
	return b.String()
}
