package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestCRMRefreshCommand imports the samples (whose refresh at the end moves the sellers) and
// runs "crm refresh": the second time nothing moves, in text and in JSON.
func TestCRMRefreshCommand(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db := storetest.DSN(t, engine)
			code, _, errOut := runCLI(t, db, "import", "tiktok-orders", "--workspace", "acme", "--shop", "us",
				testdata("tiktok-affiliate-orders-1.csv"), testdata("tiktok-affiliate-orders-2.csv"))
			if code != 0 {
				t.Fatalf("import exited %d: %s", code, errOut)
			}
			if !strings.Contains(errOut, "acme: CRM refreshed") || !strings.Contains(errOut, "prospect→") {
				t.Errorf("the import did not refresh the CRM: %s", errOut)
			}
			code, out, errOut := runCLI(t, db, "crm", "refresh", "--workspace", "acme")
			if code != 0 || !strings.Contains(out, "sales in USD") || !strings.Contains(out, "0 stage move(s)") {
				t.Errorf("crm refresh exited %d: %s%s", code, out, errOut)
			}
			code, out, _ = runCLI(t, db, "crm", "refresh", "--workspace", "acme", "--json")
			var got struct {
				Currency string         `json:"currency"`
				Moves    map[string]int `json:"stage_moves"`
				Creators int            `json:"creators"`
			}
			if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || got.Currency != "USD" || len(got.Moves) != 0 || got.Creators == 0 {
				t.Errorf("--json: %d %q %v", code, out, err)
			}
			if code, _, errOut := runCLI(t, db, "crm", "refresh", "--workspace", "nope"); code == 0 || !strings.Contains(errOut, `no workspace "nope"`) {
				t.Errorf("unknown workspace: %d %s", code, errOut)
			}
		})
	}
}
