package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// upFile is a file part of an upload: a name and its bytes.
type upFile struct {
	name string
	body []byte
}

// sample returns a sample export as an upload part.
func sample(t *testing.T, name string) upFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return upFile{name: name, body: b}
}

// postUpload sends the upload form as a browser does and returns the response (body read).
func postUpload(t *testing.T, c *http.Client, url string, fields map[string]string, files ...upFile) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, k := range []string{"kind", "shop", "new_shop", "currency", "locale"} {
		if v, ok := fields[k]; ok {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile("file", f.name)
		w.Write(f.body)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, url, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if c == nil {
		c = noRedirects(nil)
	}
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := cc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// waitImports waits until no run of the workspace is queued or running, and returns the runs,
// newest first. The deadline only keeps a broken importer from hanging the suite.
func waitImports(t *testing.T, s *store.Store, ws *model.Workspace) []*store.ImportRun {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		runs, err := s.ImportRuns(context.Background(), ws.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		pending := false
		for _, r := range runs {
			pending = pending || r.Status == store.RunQueued || r.Status == store.RunRunning
		}
		if !pending {
			return runs
		}
		if time.Now().After(deadline) {
			t.Fatalf("imports still running: %+v", runs[0])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get fetches a path and returns the status and the body.
func get(t *testing.T, c *http.Client, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestImportsUploadThroughThePage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		dir := t.TempDir()
		srv := httptest.NewServer(New(s, testLogger(t), Options{UploadDir: dir}))
		defer srv.Close()
		owner := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		url := srv.URL + "/w/acme/imports"

		resp, body := postUpload(t, owner, url, map[string]string{"kind": "tiktok_orders", "shop": "us"}, sample(t, "tiktok-affiliate-orders-1.csv"))
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/w/acme/imports/") {
			t.Fatalf("upload: status %d, location %q\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
		first := resp.Header.Get("Location")
		runs := waitImports(t, s, ws)
		if r := runs[0]; r.Status != store.RunDone || r.RowsRead != 420 || r.Rejected != 2 || r.StartedBy != "owner@example.com" || r.Progress != 1000 {
			t.Fatalf("run after export 1: %+v", r)
		}
		run(t, srv, owner, []scenario{
			{name: "run page", path: first, status: 200, headers: securityWant,
				want: []string{"tiktok-affiliate-orders-1.csv", "status-done", "420", "Payment Amount", "12,5O", "is not an amount", "owner@example.com", "rejected.csv"}},
			{name: "bad rejected rows cursor", path: first + "?after=1-2", status: 400, want: []string{"after"}},
			{name: "status", path: first + "/status", status: 200, want: []string{`"status":"done"`, `"pending":false`, `"progress":1000`}},
			{name: "list", path: "/w/acme/imports", status: 200, want: []string{"tiktok-affiliate-orders-1.csv", "Upload an export", "Export CSV"}},
		})

		// The second export overlaps the first: figures as the sample data's README says.
		resp, body = postUpload(t, owner, url, map[string]string{"kind": "tiktok_orders", "shop": "us"}, sample(t, "tiktok-affiliate-orders-2.csv"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload 2: status %d\n%s", resp.StatusCode, body)
		}
		runs = waitImports(t, s, ws)
		var rejected int64
		for _, r := range runs {
			rejected += r.Rejected
		}
		if rejected != 4 {
			t.Errorf("%d rows rejected across both files, want 4", rejected)
		}
		totals, err := s.CreatorTotals(ctx, ws.ID, store.Window{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var gmv int64
		for _, c := range totals {
			gmv += c.GMV
		}
		if gmv != 2366280 {
			t.Errorf("GMV %d cents, want 2366280", gmv)
		}
		if entries, _ := s.AuditLog(ctx, ws.ID, store.AuditQuery{Action: "import.upload"}); len(entries) != 2 || entries[0].Actor != "owner@example.com" {
			t.Errorf("import.upload audit entries: %+v", entries)
		}
		if entries, _ := s.AuditLog(ctx, ws.ID, store.AuditQuery{Action: "import.finish"}); len(entries) != 2 || !strings.Contains(entries[0].After, `"inserted"`) {
			t.Errorf("import.finish audit entries: %+v", entries)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("uploads left behind: %v", left)
		}

		// The rejected rows come back in the export's own format, ready to fix and import again.
		code, hdr, csvBody := get(t, owner, srv.URL+first+"/rejected.csv")
		if code != 200 || !strings.HasPrefix(hdr.Get("Content-Disposition"), "attachment") || !strings.HasPrefix(csvBody, utf8BOM+"Order ID,Product ID") {
			t.Fatalf("run rejected.csv: %d %v\n%.200s", code, hdr, csvBody)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvBody, utf8BOM))).ReadAll()
		if err != nil || len(recs) != 3 || recs[1][6] != "12,5O" {
			t.Errorf("run rejected.csv: %v %q", err, recs)
		}
		code, _, csvBody = get(t, owner, srv.URL+"/w/acme/imports/rejected.csv")
		recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(csvBody, utf8BOM))).ReadAll()
		if code != 200 || err != nil || len(recs) != 5 {
			t.Errorf("workspace rejected.csv: %d %v, %d records", code, err, len(recs))
		}
		code, _, csvBody = get(t, owner, srv.URL+"/w/acme/imports.csv")
		recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(csvBody, utf8BOM))).ReadAll()
		if code != 200 || err != nil || len(recs) != 3 || recs[0][0] != "run" || recs[1][1] != "tiktok-affiliate-orders-2.csv" {
			t.Errorf("imports.csv: %d %v %q", code, err, recs)
		}

		// Importing the same export again changes nothing.
		resp, _ = postUpload(t, owner, url, map[string]string{"kind": "tiktok_orders", "shop": "us"}, sample(t, "tiktok-affiliate-orders-2.csv"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("re-upload: status %d", resp.StatusCode)
		}
		again := waitImports(t, s, ws)[0]
		if again.Status != store.RunDone || again.Inserted != 0 || again.Updated != 0 || again.Unchanged == 0 {
			t.Errorf("re-upload is not idempotent: %+v", again)
		}

		// Several files at once go in order, and the browser goes back to the list.
		resp, _ = postUpload(t, owner, url, map[string]string{"kind": "tiktok_orders", "shop": "us"},
			sample(t, "tiktok-affiliate-orders-1.csv"), sample(t, "tiktok-affiliate-orders-2.csv"))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/w/acme/imports" {
			t.Fatalf("two files: status %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		runs = waitImports(t, s, ws)
		if runs[0].FileName != "tiktok-affiliate-orders-2.csv" || runs[1].FileName != "tiktok-affiliate-orders-1.csv" || runs[0].Inserted+runs[0].Updated != 0 {
			t.Errorf("two files: %+v / %+v", runs[0], runs[1])
		}

		// A creator list.
		resp, body = postUpload(t, owner, url, map[string]string{"kind": "creators"}, sample(t, "creators-sample.csv"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("creator list: status %d\n%s", resp.StatusCode, body)
		}
		if r := waitImports(t, s, ws)[0]; r.Kind != "creators" || r.Status != store.RunDone || r.RowsRead != 300 {
			t.Errorf("creator list run: %+v", r)
		}
	})
}

func TestImportsNewShopFromTheFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "fresh", Name: "Fresh", Timezone: "America/Los_Angeles"})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		owner := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		finance := signIn(t, srv, addMember(t, s, "finance@example.com", ws, "finance"))
		url := srv.URL + "/w/fresh/imports"
		run(t, srv, owner, []scenario{
			{name: "empty state teaches", path: "/w/fresh/imports", status: 200,
				want: []string{"No imports yet", "Affiliate → Orders", "Export", "New shop…"}},
		})
		resp, body := postUpload(t, finance, url, map[string]string{"kind": "tiktok_orders", "new_shop": "us"}, sample(t, "tiktok-affiliate-orders-1.csv"))
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "cannot add shops") {
			t.Errorf("finance adding a shop: status %d\n%s", resp.StatusCode, body)
		}
		resp, body = postUpload(t, owner, url, map[string]string{"kind": "tiktok_orders", "new_shop": "us"}, sample(t, "tiktok-affiliate-orders-1.csv"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("new shop: status %d\n%s", resp.StatusCode, body)
		}
		waitImports(t, s, ws)
		shop, err := s.ShopBySlug(ctx, ws.ID, "us")
		if err != nil || shop.Currency != "USD" || shop.Locale != "en-US" || shop.Timezone != "America/Los_Angeles" {
			t.Fatalf("new shop %+v: %v", shop, err)
		}
		if entries, _ := s.AuditLog(ctx, ws.ID, store.AuditQuery{Action: "shop.create"}); len(entries) != 1 {
			t.Errorf("shop.create audit entries: %+v", entries)
		}
		// Finance may upload to a shop that exists.
		resp, body = postUpload(t, finance, url, map[string]string{"kind": "tiktok_orders", "shop": "us"}, sample(t, "tiktok-affiliate-orders-2.csv"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("finance upload: status %d\n%s", resp.StatusCode, body)
		}
		waitImports(t, s, ws)
	})
}

// TestImportsRefused checks that bad uploads get a clear 4xx and write nothing: no run, no
// line, no file left behind.
func TestImportsRefused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		dir := t.TempDir()
		srv := httptest.NewServer(New(s, testLogger(t), Options{UploadDir: dir, MaxUpload: 64 << 10}))
		defer srv.Close()
		owner := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		url := srv.URL + "/w/acme/imports"
		orders := map[string]string{"kind": "tiktok_orders", "shop": "us"}
		header := "Order ID,Product ID,SKU ID,Payment Amount,Currency\n"
		cases := []struct {
			name   string
			fields map[string]string
			files  []upFile
			status int
			want   string
		}{
			{"over the limit", orders, []upFile{sample(t, "tiktok-affiliate-orders-1.csv")}, 413, "limit of 64 KiB"},
			{"a PDF", orders, []upFile{{"report.pdf", []byte("%PDF-1.7\n\x00\x01binary")}}, 415, "report.pdf is not a CSV or XLSX export"},
			{"binary named csv", orders, []upFile{{"orders.csv", []byte("\x00\x01\x02\x03binary")}}, 415, "orders.csv is not a CSV or XLSX export"},
			{"text named xlsx", orders, []upFile{{"orders.xlsx", []byte(header)}}, 415, "rename it to .csv"},
			{"old excel", orders, []upFile{{"orders.xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")}}, 415, "save it as .xlsx or .csv"},
			{"wrong columns", orders, []upFile{{"orders.csv", []byte("Name,Email\nann,ann@example.com\n")}}, 400, "is not a TikTok Shop affiliate-orders export"},
			{"empty file", orders, []upFile{{"orders.csv", nil}}, 400, "orders.csv is empty"},
			{"no file", orders, nil, 400, "Choose at least one file"},
			{"unknown kind", map[string]string{"kind": "shopee", "shop": "us"}, []upFile{{"orders.csv", []byte(header)}}, 400, "is not a kind of import"},
			{"no shop", map[string]string{"kind": "tiktok_orders"}, []upFile{{"orders.csv", []byte(header)}}, 400, "choose the shop"},
			{"bad new shop slug", map[string]string{"kind": "tiktok_orders", "new_shop": "Big Shop"}, []upFile{{"orders.csv", []byte(header)}}, 400, "is not a shop slug"},
			{"bad currency", map[string]string{"kind": "tiktok_orders", "new_shop": "eu", "currency": "EURO"}, []upFile{{"orders.csv", []byte(header)}}, 400, "is not a currency creatorops knows"},
			{"the form comes back filled", map[string]string{"kind": "tiktok_orders", "new_shop": "eu", "currency": "EURO"}, []upFile{{"orders.csv", []byte(header)}}, 400, `value="EURO"`},
			{"filled after a bad file too", map[string]string{"kind": "tiktok_orders", "new_shop": "eu"}, []upFile{{"a.pdf", []byte("%PDF")}}, 415, `value="eu"`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				resp, body := postUpload(t, owner, url, c.fields, c.files...)
				if resp.StatusCode != c.status || !strings.Contains(body, c.want) {
					t.Errorf("status %d, want %d with %q:\n%s", resp.StatusCode, c.status, c.want, body)
				}
			})
		}
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader("shop=us"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if resp, err := owner.Do(req); err != nil || resp.StatusCode != 400 {
			t.Errorf("a form that is not multipart: %v %v", resp.StatusCode, err)
		}
		runs, err := s.ImportRuns(ctx, ws.ID, 10)
		if err != nil || len(runs) != 0 {
			t.Errorf("refused uploads left runs: %+v %v", runs, err)
		}
		if day, err := s.LastOrderDay(ctx, ws.ID); err != nil || day != 0 {
			t.Errorf("refused uploads left lines: %d %v", day, err)
		}
		if entries, _ := s.AuditLog(ctx, ws.ID, store.AuditQuery{}); len(entries) != 0 {
			t.Errorf("refused uploads left audit entries: %+v", entries)
		}
		if _, err := s.ShopBySlug(ctx, ws.ID, "eu"); err == nil {
			t.Error("a refused upload created a shop")
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("uploads left behind: %v", left)
		}
	})
}

// TestImportsRoles checks who may upload, see and download, and that another workspace's
// import is not there.
func TestImportsRoles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		acme := importSamples(t, s)
		acmeRuns, _ := s.ImportRuns(ctx, acme.ID, 10)
		other := fmt.Sprint(acmeRuns[0].ID)
		alpha, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "alpha", Name: "Alpha"})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		viewer := signIn(t, srv, addMember(t, s, "viewer@example.com", alpha, "viewer"))
		specialist := signIn(t, srv, addMember(t, s, "specialist@example.com", alpha, "specialist"))
		manager := signIn(t, srv, addMember(t, s, "manager@example.com", alpha, "manager"))
		for _, c := range []*http.Client{viewer, specialist} {
			resp, body := postUpload(t, c, srv.URL+"/w/alpha/imports", map[string]string{"kind": "tiktok_orders", "shop": "us"}, sample(t, "tiktok-affiliate-orders-1.csv"))
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("upload without imports.create: status %d\n%s", resp.StatusCode, body)
			}
		}
		run(t, srv, viewer, []scenario{
			{name: "viewer sees the list", path: "/w/alpha/imports", status: 200, want: []string{"No imports yet", "A manager, finance or the owner can upload"},
				lacks: []string{"Upload an export", "Export CSV"}},
			{name: "viewer cannot download the list", path: "/w/alpha/imports.csv", status: 403},
			{name: "viewer cannot download rejected rows", path: "/w/alpha/imports/rejected.csv", status: 403},
			{name: "another workspace's run", path: "/w/alpha/imports/" + other, status: 404},
			{name: "another workspace's status", path: "/w/alpha/imports/" + other + "/status", status: 404},
			{name: "not a run", path: "/w/alpha/imports/abc", status: 404},
			{name: "bad page cursor", path: "/w/alpha/imports?before=x", status: 400, want: []string{"before"}},
			{name: "not a member of acme", path: "/w/acme/imports", status: 404},
		})
		run(t, srv, specialist, []scenario{
			{name: "specialist sees the list", path: "/w/alpha/imports", status: 200, lacks: []string{"Upload an export"}},
			{name: "specialist cannot download", path: "/w/alpha/imports.csv", status: 403},
		})
		run(t, srv, manager, []scenario{
			{name: "another workspace's rejected rows", path: "/w/alpha/imports/" + other + "/rejected.csv", status: 404},
			{name: "manager downloads the list", path: "/w/alpha/imports.csv", status: 200, headers: map[string]string{"Content-Type": "text/csv"}},
		})
	})
}

// TestRunView checks how a run reads on the page, interrupted runs included.
func TestRunView(t *testing.T) {
	ws := &model.Workspace{Slug: "acme", Timezone: "Asia/Jakarta"}
	start := time.Date(2026, 10, 1, 2, 0, 0, 0, time.UTC)
	r := &store.ImportRun{ID: 7, FileName: "x.csv", Kind: "tiktok_orders", Status: store.RunRunning, StartedAt: start, HeartbeatAt: start,
		RowsRead: 12345, Progress: 420}
	v := newRunView(ws, r, start.Add(time.Minute))
	if v.Status != "running" || !v.Pending || v.Percent != "42%" || v.Rows != "12,345" || v.Started != "1 Oct 2026 09:00" || v.By != "command line" {
		t.Errorf("running: %+v", v)
	}
	v = newRunView(ws, r, start.Add(time.Hour))
	if v.Status != "interrupted" || v.Pending {
		t.Errorf("dead: %+v", v)
	}
}
