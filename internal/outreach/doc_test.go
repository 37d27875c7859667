package outreach

import (
	"flag"
	"os"
	"strings"
	"testing"
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
	b, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, tableStart), strings.Index(doc, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("%s has no %q … %q markers", docPath, tableStart, tableEnd)
	}
	want := doc[:i+len(tableStart)] + variablesMarkdown() + doc[j:]
	if want == doc {
		return
	}
	if *update {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is out of date with the template variables: run go test ./internal/outreach -run TestVariablesDoc -update", docPath)
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
