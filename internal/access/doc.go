package access

import (
	"fmt"
	"strings"
)

// MatrixMarkdown renders the permission matrix as the Markdown table of docs/permissions.md.
func MatrixMarkdown() string {
	var b strings.Builder
	b.WriteString("| permission | what it allows |")
	for _, r := range Roles {
		fmt.Fprintf(&b, " %s |", r)
	}
	b.WriteString("\n|---|---|")
	for range Roles {
		b.WriteString(":---:|")
	}
	b.WriteString("\n")
	for _, rule := range matrix {
		fmt.Fprintf(&b, "| `%s` | %s |", rule.Permission, rule.Description)
		for _, r := range Roles {
			mark := " "
			if Can(r, rule.Permission) {
				mark = "✓"
			}
			fmt.Fprintf(&b, " %s |", mark)
		}
		b.WriteString("\n")
	}
	return b.String()
}
