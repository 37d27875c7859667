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
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// identityPost sends a form without following the redirect; it returns the status, the body
// and the Location header.
func identityPost(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := cc.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

// identityUpload sends the imports page's upload form with extra fields.
func identityUpload(t *testing.T, c *http.Client, u string, fields map[string]string, name string, body []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	w, _ := mw.CreateFormFile("file", name)
	w.Write(body)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, u, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestDuplicatesAndMerges(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws := importSamples(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		owner := signIn(t, srv, addMember(t, s, "owner@acme.example", ws, "owner"))
		specialist := signIn(t, srv, addMember(t, s, "spec@acme.example", ws, "specialist"))
		viewer := signIn(t, srv, addMember(t, s, "viewer@acme.example", ws, "viewer"))
		var ids []int64
		for _, c := range []store.NewCreator{{Username: "glowbyanna", Email: "anna@x.com", Region: "US"},
			{Username: "anna_backup", Email: "ANNA@x.com", Region: "GB"}} {
			id, err := s.AddCreator(ctx, store.CLIActor, ws.ID, c)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		other, _, _ := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		foreign := storetest.Creators(t, s, other.ID, "foreign")[0]

		run(t, srv, viewer, []scenario{
			{name: "viewer sees the pairs", path: "/w/acme/duplicates", status: 200,
				want:  []string{"Same email anna@x.com", "@glowbyanna", "@anna_backup", "Region", "Merge history"},
				lacks: []string{"Merge into left", "Not duplicates"}},
			{name: "viewer cannot export", path: "/w/acme/duplicates.csv", status: 403},
		})
		run(t, srv, owner, []scenario{
			{name: "owner may merge", path: "/w/acme/duplicates", status: 200, want: []string{"Merge into left", "Merge into right", "Not duplicates", "No merges yet"}},
			{name: "csv", path: "/w/acme/duplicates.csv", status: 200, headers: map[string]string{"Content-Type": "text/csv"},
				want: []string{"creator_a_id,creator_a_username", "glowbyanna", "Same email anna@x.com"}},
		})
		mergeURL := srv.URL + "/w/acme/duplicates/merge"
		form := func(kept, merged int64) url.Values {
			return url.Values{"kept": {fmt.Sprint(kept)}, "merged": {fmt.Sprint(merged)}}
		}
		for _, tc := range []struct {
			name   string
			c      *http.Client
			form   url.Values
			status int
			want   string
		}{
			{"specialist", specialist, form(ids[0], ids[1]), 403, "merge duplicates"},
			{"viewer", viewer, form(ids[0], ids[1]), 403, "merge duplicates"},
			{"not an id", owner, url.Values{"kept": {"x"}, "merged": {"2"}}, 400, `kept: &#34;x&#34; is not a creator id.`},
			{"into itself", owner, form(ids[0], ids[0]), 400, "cannot be merged into itself"},
			{"another workspace", owner, form(ids[0], foreign), 404, "Not found"},
		} {
			t.Run("merge refused: "+tc.name, func(t *testing.T) {
				if code, body, _ := identityPost(t, tc.c, mergeURL, tc.form); code != tc.status || !strings.Contains(body, tc.want) {
					t.Errorf("status %d, want %d with %q: %.400s", code, tc.status, tc.want, body)
				}
			})
		}
		code, _, loc := identityPost(t, owner, mergeURL, form(ids[0], ids[1]))
		if code != 303 || loc != "/w/acme/duplicates?done=merged" {
			t.Fatalf("merge: %d %q", code, loc)
		}
		ms, _ := s.CreatorMerges(ctx, ws.ID, ids[0])
		if len(ms) != 1 {
			t.Fatalf("merges %+v", ms)
		}
		undo := fmt.Sprintf("%s/w/acme/merges/%d/undo", srv.URL, ms[0].ID)
		run(t, srv, owner, []scenario{
			{name: "after the merge", path: "/w/acme/duplicates?done=merged", status: 200,
				want:  []string{"Merged. The creator", "@glowbyanna", "@anna_backup", "Undo"},
				lacks: []string{"Same email anna@x.com"}},
			{name: "creator sales folds the merged creator", path: "/w/acme/creators?q=anna", status: 200,
				want: []string{"glowbyanna"}, lacks: []string{"anna_backup"}},
		})
		if code, _, _ := identityPost(t, owner, mergeURL, form(ids[1], ids[0])); code != 409 {
			t.Errorf("merge into a merged creator: %d", code)
		}
		if code, _, _ := identityPost(t, specialist, undo, nil); code != 403 {
			t.Errorf("specialist undo: %d", code)
		}
		code, _, loc = identityPost(t, owner, undo, url.Values{"next": {"/w/acme/creators"}})
		if code != 303 || loc != "/w/acme/creators" {
			t.Errorf("undo: %d %q", code, loc)
		}
		if code, body, _ := identityPost(t, owner, undo, nil); code != 409 || !strings.Contains(body, "already undone") {
			t.Errorf("undo twice: %d", code)
		}
		if code, _, _ := identityPost(t, owner, srv.URL+"/w/acme/merges/999999/undo", nil); code != 404 {
			t.Errorf("undo of an unknown merge: %d", code)
		}
		if code, _, _ := identityPost(t, owner, srv.URL+"/w/acme/merges/x/undo", url.Values{"next": {"https://evil.example/"}}); code != 404 {
			t.Errorf("undo of a bad id: %d", code)
		}

		// Not duplicates: the pair is gone for good.
		dismiss := srv.URL + "/w/acme/duplicates/dismiss"
		if code, _, _ := identityPost(t, specialist, dismiss, url.Values{"a": {fmt.Sprint(ids[0])}, "b": {fmt.Sprint(ids[1])}}); code != 403 {
			t.Errorf("specialist dismiss: %d", code)
		}
		if code, _, _ := identityPost(t, owner, dismiss, url.Values{"a": {fmt.Sprint(ids[0])}, "b": {fmt.Sprint(foreign)}}); code != 404 {
			t.Errorf("dismiss with another workspace's creator: %d", code)
		}
		code, _, loc = identityPost(t, owner, dismiss, url.Values{"a": {fmt.Sprint(ids[0])}, "b": {fmt.Sprint(ids[1])}})
		if code != 303 || loc != "/w/acme/duplicates?done=dismissed" {
			t.Errorf("dismiss: %d %q", code, loc)
		}
		run(t, srv, owner, []scenario{
			{name: "dismissed pair gone", path: "/w/acme/duplicates", status: 200, lacks: []string{"Same email anna@x.com"}},
		})
	})
}

var previewTokenIn = regexp.MustCompile(`name="token" value="(creatorops-upload-[0-9]+)"`)

// identityXLSX writes a CSV text as a workbook.
func identityXLSX(t *testing.T, text string) []byte {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, rec := range recs {
		row := make([]any, len(rec))
		for j, v := range rec {
			row[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "list.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCreatorListPreviewAndImport(t *testing.T) {
	const list = "Handle,Contact Email,Niche,Notes\n@rose.k,Rose@Example.com,Beauty / Home,vip\nbad_row,not-an-email,Pets,\n"
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		owner := signIn(t, srv, addMember(t, s, "owner@acme.example", ws, "owner"))
		specialist := signIn(t, srv, addMember(t, s, "spec@acme.example", ws, "specialist"))
		upload := srv.URL + "/w/acme/imports"
		confirm := srv.URL + "/w/acme/imports/creators"
		fields := map[string]string{"kind": "creators", "preview": "1"}
		if code, _ := identityUpload(t, specialist, upload, fields, "list.csv", []byte(list)); code != 403 {
			t.Errorf("specialist upload: %d", code)
		}
		for _, f := range []struct {
			name string
			body []byte
		}{{"list.csv", []byte(list)}, {"list.xlsx", identityXLSX(t, list)}} {
			t.Run(f.name, func(t *testing.T) {
				code, body := identityUpload(t, owner, upload, fields, f.name, f.body)
				m := previewTokenIn.FindStringSubmatch(body)
				if code != 200 || m == nil || !strings.Contains(body, "Contact Email") || !strings.Contains(body, `<option value="verticals" selected>`) ||
					!strings.Contains(body, "is not an email address") == strings.Contains(body, `class="bad"`) {
					t.Fatalf("preview: %d %.2000s", code, body)
				}
				token := m[1]
				cols := url.Values{"token": {token}, "col": {"username", "email", "verticals", "tags"}}
				again := url.Values{"action": {"preview"}}
				for k, v := range cols {
					again[k] = v
				}
				code, body, _ = identityPost(t, owner, confirm, again)
				if code != 200 || !strings.Contains(body, `<option value="email" selected>`) || !strings.Contains(body, "is not an email address") {
					t.Errorf("preview again: %d %.2000s", code, body)
				}
				bad := url.Values{"token": {token}, "col": {"username", "emale", "verticals", "tags"}, "action": {"import"}}
				if code, body, _ := identityPost(t, owner, confirm, bad); code != 400 || !strings.Contains(body, `&#34;emale&#34; is not a creator field`) {
					t.Errorf("unknown field: %d %.600s", code, body)
				}
				noUser := url.Values{"token": {token}, "col": {"ignore", "email", "verticals", "tags"}, "action": {"import"}}
				if code, body, _ := identityPost(t, owner, confirm, noUser); code != 400 || !strings.Contains(body, "No column is read as the username") {
					t.Errorf("no username column: %d %.600s", code, body)
				}
				if code, _, _ := identityPost(t, specialist, confirm, url.Values{"token": {token}}); code != 403 {
					t.Errorf("specialist confirm: %d", code)
				}
				cols.Set("action", "import")
				code, _, loc := identityPost(t, owner, confirm, cols)
				if code != 303 || !strings.HasPrefix(loc, "/w/acme/imports/") {
					t.Fatalf("import: %d %q", code, loc)
				}
				runs := waitImports(t, s, ws)
				if runs[0].Status != store.RunDone || runs[0].Inserted+runs[0].Updated+runs[0].Unchanged != 1 || runs[0].Rejected != 1 {
					t.Errorf("run %+v", runs[0])
				}
				c, err := s.CreatorByHandle(ctx, ws.ID, "tiktok", "rose.k")
				if err != nil {
					t.Fatal(err)
				}
				p, _ := s.CRMProfile(ctx, ws.ID, c.ID)
				if p.Email != "rose@example.com" || strings.Join(p.Verticals, ",") != "Beauty,Home" || strings.Join(p.Tags, ",") != "vip" {
					t.Errorf("imported %+v", p)
				}
				// The file went with the import: the token is spent.
				if code, body, _ := identityPost(t, owner, confirm, cols); code != 400 || !strings.Contains(body, "no longer available") {
					t.Errorf("a spent token: %d", code)
				}
			})
		}
		if code, _, _ := identityPost(t, owner, confirm, url.Values{"token": {"../../etc"}}); code != 400 {
			t.Errorf("a token that is a path: %d", code)
		}
	})
}
