package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
	"github.com/creatorops/creatorops/internal/web"
)

// runCLI runs the command line in-process against db and returns its exit status and output.
func runCLI(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"--db", db}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func testdata(name string) string { return filepath.Join("..", "..", "testdata", name) }

type expected struct {
	BadRows  int64 `json:"bad_rows"`
	Creators map[string]struct {
		GMV    int64 `json:"gmv_cents"`
		Orders int64 `json:"orders"`
		Lines  int64 `json:"lines"`
		Est    int64 `json:"est_commission_cents"`
		Paid   int64 `json:"paid_commission_cents"`
	} `json:"creators"`
}

func TestImportThenReport(t *testing.T) {
	b, err := os.ReadFile(testdata("tiktok-affiliate-orders-expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want expected
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db := storetest.DSN(t, engine)
			code, out, errOut := runCLI(t, db, "import", "tiktok-orders", "--workspace", "acme", "--shop", "us", "--json",
				testdata("tiktok-affiliate-orders-1.csv"), testdata("tiktok-affiliate-orders-2.csv"))
			if code != 0 {
				t.Fatalf("import exited %d: %s", code, errOut)
			}
			if !strings.Contains(errOut, `created workspace "acme"`) || !strings.Contains(errOut, "currency USD") {
				t.Errorf("no notice of the new workspace and shop: %s", errOut)
			}
			var sums []struct{ Rejected int64 }
			if err := json.Unmarshal([]byte(out), &sums); err != nil {
				t.Fatalf("--json printed %q: %v", out, err)
			}
			if len(sums) != 2 || sums[0].Rejected+sums[1].Rejected != want.BadRows {
				t.Errorf("summaries %+v, want %d rejected in all", sums, want.BadRows)
			}

			code, out, errOut = runCLI(t, db, "report", "creators", "--workspace", "acme", "--format", "json")
			if code != 0 {
				t.Fatalf("report exited %d: %s", code, errOut)
			}
			var rows []struct {
				Username string `json:"username"`
				GMV      int64  `json:"gmv_cents"`
				Orders   int64  `json:"orders"`
				Lines    int64  `json:"lines"`
				Est      int64  `json:"est_commission_cents"`
				Paid     int64  `json:"paid_commission_cents"`
			}
			if err := json.Unmarshal([]byte(out), &rows); err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(want.Creators) {
				t.Fatalf("%d rows, want %d", len(rows), len(want.Creators))
			}
			for _, r := range rows {
				w := want.Creators[r.Username]
				if r.GMV != w.GMV || r.Orders != w.Orders || r.Lines != w.Lines || r.Est != w.Est || r.Paid != w.Paid {
					t.Errorf("%s: got %+v, want %+v", r.Username, r, w)
				}
			}

			// A window: October only.
			code, out, _ = runCLI(t, db, "report", "creators", "--workspace", "acme", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "csv")
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if code != 0 || err != nil || len(recs) < 2 || recs[0][0] != "username" || recs[0][2] != "gmv_cents" {
				t.Errorf("csv report: exit %d, %v, %q", code, err, out)
			}

			// The rejected rows come back out in the export's format.
			fix := filepath.Join(t.TempDir(), "fix.csv")
			code, out, errOut = runCLI(t, db, "import", "rejected", "--workspace", "acme", "--run", "1", "--csv", fix)
			if code != 0 {
				t.Fatalf("rejected --csv exited %d: %s", code, errOut)
			}
			f, err := os.Open(fix)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			recs, err = csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 3 || len(recs[0]) != 31 || recs[0][6] != "Payment Amount" || recs[1][6] != "12,5O" {
				t.Errorf("rejected CSV of run 1: %q", recs)
			}
			code, out, _ = runCLI(t, db, "import", "rejected", "--workspace", "acme")
			if code != 0 || !strings.Contains(out, "Payment Amount") || !strings.Contains(out, `"12,5O"`) {
				t.Errorf("rejected listing: %q", out)
			}

			// Fix the rows and import them: they are marked fixed.
			fixed := strings.ReplaceAll(readFile(t, fix), "12,5O", "12.50")
			os.WriteFile(fix, []byte(fixed), 0o644)
			code, _, errOut = runCLI(t, db, "import", "tiktok-orders", "--workspace", "acme", "--shop", "us", fix)
			if code != 0 {
				t.Fatalf("re-import of the fixed rows exited %d: %s", code, errOut)
			}
			_, out, _ = runCLI(t, db, "import", "rejected", "--workspace", "acme", "--run", "1")
			if !strings.Contains(out, "No rejected rows") {
				t.Errorf("fixed rows still open: %q", out)
			}
		})
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBadInputGetsClearErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	noColumns := filepath.Join(dir, "creators-as-orders.csv")
	os.WriteFile(noColumns, []byte("Order ID,Creator Username\n1,a\n"), 0o644)
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, nil, 0o644)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{"import", "tiktok-orders", "--workspace", "w", "--shop", "s", "--currency", "USD", filepath.Join(dir, "nope.csv")}, "nope.csv"},
		{"missing columns", []string{"import", "tiktok-orders", "--workspace", "w", "--shop", "s", "--currency", "USD", noColumns}, "missing column(s) Product ID, SKU ID, Payment Amount"},
		{"empty file", []string{"import", "tiktok-orders", "--workspace", "w", "--shop", "s", "--currency", "USD", empty}, "empty.csv: the file is empty"},
		{"no currency for a new shop", []string{"import", "tiktok-orders", "--workspace", "w", "--shop", "t", noColumns}, "pass --currency"},
		{"bad slug", []string{"import", "tiktok-orders", "--workspace", "Big Brand", "--shop", "s", noColumns}, "--workspace \"Big Brand\""},
		{"bad locale", []string{"import", "tiktok-orders", "--workspace", "w", "--shop", "u", "--currency", "USD", "--locale", "xx", noColumns}, "--locale \"xx\""},
		{"bad date", []string{"report", "creators", "--workspace", "w", "--from", "1/10/2026"}, "want a date as YYYY-MM-DD"},
		{"unknown workspace", []string{"report", "creators", "--workspace", "nobody"}, `no workspace "nobody"`},
		{"bad format", []string{"report", "creators", "--workspace", "w", "--format", "xml"}, "want table, csv or json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, db, c.args...)
			if code == 0 || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q; want a failure saying %q", code, errOut, c.want)
			}
		})
	}
}

func TestCreatorListImport(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db := storetest.DSN(t, engine)
			code, out, errOut := runCLI(t, db, "import", "creators", "--workspace", "acme", "--json", testdata("creators-sample.csv"))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var sums []struct{ Rows, Inserted, Rejected int64 }
			json.Unmarshal([]byte(out), &sums)
			if len(sums) != 1 || sums[0].Rows != 300 || sums[0].Inserted+sums[0].Rejected != 300 {
				t.Fatalf("summary %q", out)
			}
			code, out, _ = runCLI(t, db, "import", "creators", "--workspace", "acme", "--json", testdata("creators-sample.csv"))
			var again []struct{ Inserted, Updated, Unchanged int64 }
			json.Unmarshal([]byte(out), &again)
			if code != 0 || len(again) != 1 || again[0].Inserted != 0 || again[0].Updated != 0 {
				t.Errorf("re-import changed something: %q", out)
			}
		})
	}
}

func TestVersionAndMigrate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	if code, out, _ := runCLI(t, db, "version"); code != 0 || !strings.HasPrefix(out, "creatorops ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, db, "migrate"); code != 0 || !strings.Contains(out, "schema version") {
		t.Errorf("migrate: %d %q", code, out)
	}
	ms, _ := store.Migrations(store.SQLite)
	if code, out, _ := runCLI(t, db, "migrate", "--status"); code != 0 || !strings.Contains(out, fmt.Sprintf("schema version %d of %d", len(ms), len(ms))) {
		t.Errorf("migrate --status: %d %q", code, out)
	}
}

func TestCreatorJSONIsValid(t *testing.T) {
	rows := []creatorRow{
		{Username: `quo"te\back`, Currency: "USD", GMVCents: 12345, Orders: 2},
		{Username: "ctrl\x01\u2028é", Currency: "VND", GMVCents: -5},
		{Username: "bad\xffutf8", Currency: "IDR"},
	}
	var buf bytes.Buffer
	if err := writeCreatorJSON(&buf, rows); err != nil {
		t.Fatal(err)
	}
	var back []creatorRow
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	rows[2].Username = "bad\ufffdutf8"
	for i := range rows {
		if back[i] != rows[i] {
			t.Errorf("row %d: got %+v, want %+v", i, back[i], rows[i])
		}
	}
	buf.Reset()
	writeCreatorJSON(&buf, nil)
	if buf.String() != "[]\n" {
		t.Errorf("empty report: %q", buf.String())
	}
}

func TestLoopback(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:8080", "localhost:1", "[::1]:9"} {
		if !loopback(addr) {
			t.Errorf("%s is loopback", addr)
		}
	}
	if loopback(":8080") || loopback("10.0.0.1:80") {
		t.Error("a public address taken for loopback")
	}
}

func TestServeAnswersHealthz(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := &app{db: db, stdout: io.Discard, stderr: io.Discard, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	s, err := a.openStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	done := make(chan error, 1)
	go func() { done <- a.listen(ctx, s, addr, web.Options{}) }()
	var resp *http.Response
	for i := 0; i < 100; i++ {
		if resp, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != "ok" {
		t.Errorf("healthz: %d %q", resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}
