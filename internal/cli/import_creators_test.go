package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestCreatorListMapFlags(t *testing.T) {
	list := filepath.Join(t.TempDir(), "crm.csv")
	if err := os.WriteFile(list, []byte("Handle,Contact Email,Niche\n@anna.k,Anna@x.com,Beauty / Home\nbob_k,not-an-email,Pets\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db := storetest.DSN(t, engine)
			for _, tc := range []struct {
				name string
				args []string
				code int
				out  []string // in stdout, or stderr for a failure
			}{
				{name: "unknown field", args: []string{"--map", "Contact Email=emale"}, code: 1,
					out: []string{`"emale" is not a creator field`, "owner_email"}},
				{name: "unknown header", args: []string{"--map", "Contact Emial=email"}, code: 1,
					out: []string{`no column "Contact Emial"`, "Handle, Contact Email, Niche"}},
				{name: "no equals sign", args: []string{"--map", "Contact Email"}, code: 1, out: []string{`"Header=field"`}},
				{name: "preview", args: []string{"--map", "Contact Email=email", "--preview"}, code: 0,
					out: []string{"Contact Email", "→ email", "Niche", "→ verticals", "row 2:", "ok", "row 3:", "REJECTED", "is not an email address"}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					args := append([]string{"import", "creators", "--workspace", "acme"}, tc.args...)
					code, out, errOut := runCLI(t, db, append(args, list)...)
					if code != tc.code {
						t.Fatalf("exit %d, want %d: %s %s", code, tc.code, out, errOut)
					}
					for _, w := range tc.out {
						if !strings.Contains(out+errOut, w) {
							t.Errorf("output lacks %q:\n%s%s", w, out, errOut)
						}
					}
				})
			}
			code, out, errOut := runCLI(t, db, "import", "creators", "--workspace", "acme", "--json", "--map", "Contact Email=email", list)
			var sums []struct{ Rows, Inserted, Rejected int64 }
			json.Unmarshal([]byte(out), &sums)
			if code != 0 || len(sums) != 1 || sums[0].Inserted != 1 || sums[0].Rejected != 1 {
				t.Fatalf("import: exit %d %q %s", code, out, errOut)
			}
			// A preview without --map offers the mapping of the last import of this header.
			if code, out, _ := runCLI(t, db, "import", "creators", "--workspace", "acme", "--preview", list); code != 0 ||
				!strings.Contains(out, "mapping of the last import") || !strings.Contains(out, "→ email") {
				t.Errorf("preview after an import with --map reuses its mapping: %d %q", code, out)
			}
		})
	}
}
