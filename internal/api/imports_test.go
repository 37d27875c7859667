package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
	"github.com/creatorops/creatorops/internal/web"
)

// importsFixture is workspace acme (shop us) with one API token per role, and workspace other
// with the sample exports imported, whose runs acme's tokens must not reach.
type importsFixture struct {
	srv      *httptest.Server
	s        *store.Store
	acme     *model.Workspace
	tokens   map[access.Role]string
	otherRun int64
}

func newImportsFixture(t *testing.T, s *store.Store, opts web.Options) *importsFixture {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	acme, _ := storetest.USDShop(t, s)
	other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	shop, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: other.ID, Slug: "us", Platform: model.PlatformTikTokShop, Currency: "USD", Locale: "en-US"})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.ImportOrders(ctx, s, other, shop, testdata("tiktok-affiliate-orders-1.csv"), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &importsFixture{s: s, acme: acme, tokens: map[access.Role]string{}, otherRun: sum.RunID}
	a := auth.New(s, log)
	for _, role := range access.Roles {
		secret, _, err := a.NewAPIToken(ctx, store.CLIActor, acme.ID, "test "+string(role), role)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = secret
	}
	f.srv = httptest.NewServer(web.New(s, log, opts))
	t.Cleanup(f.srv.Close)
	return f
}

func testdata(name string) string { return filepath.Join("..", "..", "testdata", name) }

// call sends a request with role's token and decodes a JSON answer into out (when not nil).
func (f *importsFixture) call(t *testing.T, role access.Role, method, path string, body io.Reader, contentType string, out any) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, body)
	req.Header.Set("Authorization", "Bearer "+f.tokens[role])
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, b)
		}
	}
	return resp.StatusCode, string(b)
}

// upload posts a multipart upload of files (name → content) with fields.
func (f *importsFixture) upload(t *testing.T, role access.Role, fields map[string]string, files map[string][]byte, out any) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for name, content := range files {
		w, _ := mw.CreateFormFile("file", name)
		w.Write(content)
	}
	mw.Close()
	return f.call(t, role, http.MethodPost, "/api/v1/workspaces/acme/imports", &body, mw.FormDataContentType(), out)
}

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(testdata(name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type apiRun struct {
	ID        int64   `json:"id"`
	File      string  `json:"file"`
	Status    string  `json:"status"`
	Progress  float64 `json:"progress"`
	Rows      int64   `json:"rows"`
	Inserted  int64   `json:"inserted"`
	Updated   int64   `json:"updated"`
	Unchanged int64   `json:"unchanged"`
	Rejected  int64   `json:"rejected"`
	Shop      string  `json:"shop"`
	StartedBy string  `json:"started_by"`
}

// waitRun polls the run until it is over; the deadline only keeps a broken importer from
// hanging the suite.
func (f *importsFixture) waitRun(t *testing.T, id int64) apiRun {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var r apiRun
		if code, body := f.call(t, access.Viewer, http.MethodGet, fmt.Sprintf("/api/v1/workspaces/acme/imports/%d", id), nil, "", &r); code != 200 {
			t.Fatalf("get-import: %d %s", code, body)
		}
		if r.Status != "queued" && r.Status != "running" {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("import still running: %+v", r)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestImportsAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newImportsFixture(t, s, web.Options{})
		orders := map[string]string{"kind": "tiktok_orders", "shop": "us"}
		var runs []apiRun
		for _, name := range []string{"tiktok-affiliate-orders-1.csv", "tiktok-affiliate-orders-2.csv"} {
			var r apiRun
			code, body := f.upload(t, access.Finance, orders, map[string][]byte{name: readSample(t, name)}, &r)
			if code != http.StatusAccepted || r.ID == 0 || r.File != name || r.Shop != "us" {
				t.Fatalf("upload %s: %d %s", name, code, body)
			}
			runs = append(runs, f.waitRun(t, r.ID))
		}
		if r := runs[0]; r.Status != "done" || r.Rows != 420 || r.Rejected != 2 || r.Progress != 1 || !strings.HasPrefix(r.StartedBy, "token ") {
			t.Errorf("run 1: %+v", r)
		}
		if r := runs[1]; r.Status != "done" || r.Rejected != 2 || r.Updated == 0 {
			t.Errorf("run 2: %+v", r)
		}
		// The same export again: nothing changes.
		var again apiRun
		if code, body := f.upload(t, access.Manager, orders, map[string][]byte{"again.csv": readSample(t, "tiktok-affiliate-orders-2.csv")}, &again); code != 202 {
			t.Fatalf("re-upload: %d %s", code, body)
		}
		if r := f.waitRun(t, again.ID); r.Inserted != 0 || r.Updated != 0 || r.Unchanged == 0 {
			t.Errorf("re-upload is not idempotent: %+v", r)
		}

		// The list, a page at a time.
		var page struct {
			Items      []apiRun `json:"items"`
			NextCursor string   `json:"next_cursor"`
		}
		if code, body := f.call(t, access.Viewer, "GET", "/api/v1/workspaces/acme/imports?limit=2", nil, "", &page); code != 200 || len(page.Items) != 2 || page.NextCursor == "" || page.Items[0].ID != again.ID {
			t.Fatalf("list-imports: %d %s", code, body)
		}
		cursor := page.NextCursor
		page.NextCursor = ""
		if code, body := f.call(t, access.Viewer, "GET", "/api/v1/workspaces/acme/imports?limit=2&cursor="+cursor, nil, "", &page); code != 200 || len(page.Items) != 1 || page.NextCursor != "" || page.Items[0].ID != runs[0].ID {
			t.Fatalf("list-imports page 2: %d %s", code, body)
		}

		// The rejected rows of run 1, a page at a time.
		var rej struct {
			Items []struct {
				Row    int64    `json:"row"`
				Column string   `json:"column"`
				Value  string   `json:"value"`
				Reason string   `json:"reason"`
				Raw    []string `json:"raw"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		path := fmt.Sprintf("/api/v1/workspaces/acme/imports/%d/rejected", runs[0].ID)
		code, body := f.call(t, access.Specialist, "GET", path+"?limit=1", nil, "", &rej)
		if code != 200 || len(rej.Items) != 1 || rej.NextCursor == "" || rej.Items[0].Column != "Payment Amount" ||
			rej.Items[0].Value != "12,5O" || !strings.Contains(rej.Items[0].Reason, "is not an amount") || len(rej.Items[0].Raw) != 31 {
			t.Fatalf("list-rejected-rows: %d %s", code, body)
		}
		first, cursor := rej.Items[0].Row, rej.NextCursor
		rej.NextCursor = ""
		if code, body := f.call(t, access.Specialist, "GET", path+"?limit=1&cursor="+cursor, nil, "", &rej); code != 200 || len(rej.Items) != 1 || rej.Items[0].Row <= first || rej.NextCursor != "" {
			t.Fatalf("list-rejected-rows page 2: %d %s", code, body)
		}

		// Problems: every one a 4xx, none writes anything.
		before, _ := s.ImportRuns(context.Background(), f.acme.ID, 100)
		csvHeader := []byte("Order ID,Product ID,SKU ID,Payment Amount,Currency\n")
		problems := []struct {
			name   string
			role   access.Role
			fields map[string]string
			files  map[string][]byte
			status int
			want   string
		}{
			{"viewer", access.Viewer, orders, map[string][]byte{"a.csv": csvHeader}, 403, "imports.create"},
			{"specialist", access.Specialist, orders, map[string][]byte{"a.csv": csvHeader}, 403, "imports.create"},
			{"finance adds a shop", access.Finance, map[string]string{"shop": "eu"}, map[string][]byte{"a.csv": csvHeader}, 403, "cannot add shops"},
			{"wrong type", access.Owner, orders, map[string][]byte{"a.pdf": []byte("%PDF-1.7")}, 415, "a.pdf is not a CSV or XLSX export"},
			{"two files", access.Owner, orders, map[string][]byte{"a.csv": csvHeader, "b.csv": csvHeader}, 400, "exactly one file"},
			{"no file", access.Owner, orders, nil, 400, "exactly one file"},
			{"unknown field", access.Owner, map[string]string{"shop": "us", "colour": "blue"}, map[string][]byte{"a.csv": csvHeader}, 400, "unknown field"},
			{"wrong columns", access.Owner, orders, map[string][]byte{"a.csv": []byte("Name\nann\n")}, 400, "is not a TikTok Shop affiliate-orders export"},
			{"currency of another shop", access.Owner, map[string]string{"shop": "us", "currency": "EUR"}, map[string][]byte{"a.csv": csvHeader}, 400, "sells in USD"},
			{"unknown kind", access.Owner, map[string]string{"kind": "x"}, map[string][]byte{"a.csv": csvHeader}, 400, "is not a kind of import"},
		}
		for _, p := range problems {
			t.Run(p.name, func(t *testing.T) {
				code, body := f.upload(t, p.role, p.fields, p.files, nil)
				if code != p.status || !strings.Contains(body, p.want) || !strings.Contains(body, `"status":`) {
					t.Errorf("status %d, want %d with %q: %s", code, p.status, p.want, body)
				}
			})
		}
		if code, body := f.call(t, access.Owner, "POST", "/api/v1/workspaces/acme/imports", strings.NewReader(`{"shop":"us"}`), "application/json", nil); code != 415 || !strings.Contains(body, "multipart/form-data") {
			t.Errorf("JSON body: %d %s", code, body)
		}
		if after, _ := s.ImportRuns(context.Background(), f.acme.ID, 100); len(after) != len(before) {
			t.Errorf("refused uploads left %d runs", len(after)-len(before))
		}

		// Another workspace's run, and bad cursors.
		other := fmt.Sprintf("/api/v1/workspaces/acme/imports/%d", f.otherRun)
		for _, p := range []struct {
			path   string
			status int
		}{
			{other, 404},
			{other + "/rejected", 404},
			{"/api/v1/workspaces/other/imports", 404},
			{"/api/v1/workspaces/acme/imports?cursor=!!", 400},
			{"/api/v1/workspaces/acme/imports?cursor=eA", 400},
			{path + "?cursor=eA", 400},
			{"/api/v1/workspaces/acme/imports?limit=0", 422},
			{"/api/v1/workspaces/acme/imports?page=2", 422},
		} {
			if code, body := f.call(t, access.Owner, "GET", p.path, nil, "", nil); code != p.status {
				t.Errorf("GET %s: %d, want %d: %s", p.path, code, p.status, body)
			}
		}
	})
}

func TestImportsAPITooLarge(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		f := newImportsFixture(t, s, web.Options{MaxUpload: 64 << 10, UploadDir: dir})
		code, body := f.upload(t, access.Owner, map[string]string{"shop": "us"},
			map[string][]byte{"big.csv": readSample(t, "tiktok-affiliate-orders-1.csv")}, nil)
		if code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "64 KiB") {
			t.Errorf("status %d: %s", code, body)
		}
		if runs, _ := s.ImportRuns(context.Background(), f.acme.ID, 10); len(runs) != 0 {
			t.Errorf("an oversized upload left runs: %+v", runs)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("uploads left behind: %v", left)
		}
	})
}

func TestReportsAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newImportsFixture(t, s, web.Options{})
		type money struct {
			Amount   int64  `json:"amount"`
			Currency string `json:"currency"`
		}
		type figures struct {
			GMV    money `json:"gmv"`
			Orders int64 `json:"orders"`
			AOV    money `json:"aov"`
			Est    money `json:"est_commission"`
			Paid   money `json:"paid_commission"`
		}
		var overview struct {
			Period *struct {
				From, To string
				Days     int
			} `json:"period"`
			Currencies []struct {
				Currency string    `json:"currency"`
				Current  figures   `json:"current"`
				Previous figures   `json:"previous"`
				Daily    []figures `json:"daily"`
			} `json:"currencies"`
		}
		if code, body := f.call(t, access.Viewer, "GET", "/api/v1/workspaces/acme/reports/overview", nil, "", &overview); code != 200 || overview.Period != nil || len(overview.Currencies) != 0 {
			t.Fatalf("empty overview: %d %s", code, body)
		}
		_, shop := storetest.USDShop(t, s)
		for _, name := range []string{"tiktok-affiliate-orders-1.csv", "tiktok-affiliate-orders-2.csv"} {
			if _, err := ingest.ImportOrders(ctx, s, f.acme, shop, testdata(name), ingest.Options{}); err != nil {
				t.Fatal(err)
			}
		}
		last, _ := s.LastOrderDay(ctx, f.acme.ID)
		win := store.WindowEnding(last, 90)
		want, _ := s.CreatorTotals(ctx, f.acme.ID, win, 0)
		var gmv, orders, est int64
		for _, c := range want {
			gmv, orders, est = gmv+c.GMV, orders+c.Orders, est+c.EstCommission
		}
		code, body := f.call(t, access.Specialist, "GET", "/api/v1/workspaces/acme/reports/overview?days=90", nil, "", &overview)
		if code != 200 || overview.Period == nil || overview.Period.Days != 90 || len(overview.Currencies) != 1 {
			t.Fatalf("overview: %d %s", code, body)
		}
		cur := overview.Currencies[0]
		if cur.Currency != "USD" || cur.Current.GMV != (money{gmv, "USD"}) || cur.Current.Orders != orders || cur.Current.Est.Amount != est ||
			cur.Current.AOV.Amount != (gmv+orders/2)/orders || len(cur.Daily) == 0 {
			t.Errorf("overview figures %+v, want GMV %d, orders %d, est %d", cur.Current, gmv, orders, est)
		}
		var daily int64
		for _, d := range cur.Daily {
			daily += d.GMV.Amount
		}
		if daily != gmv {
			t.Errorf("daily GMV adds up to %d, want %d", daily, gmv)
		}
		var creators struct {
			Items []struct {
				Username string `json:"username"`
				GMV      money  `json:"gmv"`
			} `json:"items"`
		}
		code, body = f.call(t, access.Viewer, "GET", "/api/v1/workspaces/acme/reports/creators?days=90&limit=3", nil, "", &creators)
		if code != 200 || len(creators.Items) != 3 || creators.Items[0].Username != want[0].Username || creators.Items[0].GMV.Amount != want[0].GMV ||
			creators.Items[1].GMV.Amount > creators.Items[0].GMV.Amount {
			t.Errorf("creators report: %d %s", code, body)
		}
		for _, p := range []string{"/reports/overview?days=0", "/reports/overview?days=400", "/reports/creators?limit=0", "/reports/creators?top=5"} {
			if code, body := f.call(t, access.Viewer, "GET", "/api/v1/workspaces/acme"+p, nil, "", nil); code != 422 {
				t.Errorf("%s: %d %s", p, code, body)
			}
		}
		if code, _ := f.call(t, access.Viewer, "GET", "/api/v1/workspaces/other/reports/overview", nil, "", nil); code != 404 {
			t.Errorf("another workspace's report: %d", code)
		}
	})
}
