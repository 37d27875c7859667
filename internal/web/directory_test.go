package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// directorySeed gives acme four creators (one merged away) and another workspace one.
func directorySeed(t *testing.T, s *store.Store, ws *model.Workspace, owner int64) map[string]int64 {
	t.Helper()
	f := func(v int64) *int64 { return &v }
	seed := []store.SeedCreator{
		{Handle: "ana_glow", DisplayName: "Ana Lima", Email: "ana@mail.example", Followers: f(120_000), Region: "US",
			Language: "en", Verticals: []string{"Beauty"}, Tags: []string{"vip"}, Stage: model.StageActive, OwnerID: &owner,
			Tier: "gold", Score: 81, Sales: store.CreatorSales{Currency: "USD", GMV30d: 1_234_500, GMV90d: 2_000_000,
				GMVAll: 9_000_000, Orders30d: 40, LastSale: 20260110, FirstSaleDay: 20250101}},
		{Handle: "ben_tech", DisplayName: "Ben Okafor", Followers: f(8_000), Region: "GB", Verticals: []string{"Tech"},
			Stage: model.StageProspect, Score: 35, Sales: store.CreatorSales{Currency: "USD"}},
		{Handle: "cara_home", DisplayName: "Cara", Region: "US", Verticals: []string{"Home", "Beauty"}, Stage: model.StageSampled,
			Score: 50, Sales: store.CreatorSales{Currency: "USD", GMV30d: 50_000, GMV90d: 50_000, GMVAll: 50_000, Orders30d: 2,
				LastSale: 20260105, FirstSaleDay: 20260105}},
		{Handle: "dup_ana", DisplayName: "Ana (old account)", Region: "US", Stage: model.StageProspect,
			Sales: store.CreatorSales{Currency: "USD"}},
	}
	ids, err := s.SeedCreators(context.Background(), ws.ID, seed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeCreators(context.Background(), store.CLIActor, ws.ID, ids[0], ids[3], "same person"); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for i, c := range seed {
		out[c.Handle] = ids[i]
	}
	return out
}

func TestDirectoryPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		owner := addMember(t, s, "owner@acme.example", ws, "owner")
		spec := addMember(t, s, "spec@acme.example", ws, "specialist")
		viewer := addMember(t, s, "viewer@acme.example", ws, "viewer")
		oc, sc, vc := signIn(t, srv, owner), signIn(t, srv, spec), signIn(t, srv, viewer)

		run(t, srv, oc, []scenario{
			{name: "empty directory teaches", path: "/w/acme/directory", status: 200,
				want:  []string{"No creators yet.", "Import an affiliate-orders export", "Import a creator list", "Add a creator by hand", `id="dir-import-list"`},
				lacks: []string{"No creators match"}},
			// An empty board teaches without a filter bar, and says where to import.
			{name: "empty pipeline teaches", path: "/w/acme/pipeline", status: 200,
				want: []string{"The pipeline is empty.", `<a href="/w/acme/imports">Imports page</a>`}, lacks: []string{`class="filters"`}},
		})
		// A specialist cannot import: the empty pages say who can instead of linking a form they cannot use.
		run(t, srv, sc, []scenario{
			{name: "empty directory, specialist", path: "/w/acme/directory", status: 200,
				want: []string{"No creators yet.", "An owner, a manager or finance uploads it."}, lacks: []string{`id="dir-import-list"`, "Go to Imports"}},
			{name: "empty pipeline, specialist", path: "/w/acme/pipeline", status: 200,
				want: []string{"The pipeline is empty.", "Imports page (owners, managers and finance can)"}, lacks: []string{`Imports page</a>`}},
		})
		ids := directorySeed(t, s, ws, owner.userID)
		foreign, err := s.SeedCreators(ctx, other.ID, []store.SeedCreator{{Handle: "zed"}})
		if err != nil {
			t.Fatal(err)
		}

		run(t, srv, oc, []scenario{
			{name: "page", path: "/w/acme/directory", status: 200, headers: securityWant,
				want: []string{"<title>acme — Directory · creatorops</title>", `id="dir-total">3<`, "@ana_glow", "Ana Lima",
					"$12,345.00", "120K", "Active", "gold", "owner", "Beauty", `name="q" id="f-q"`, `id="f-stage-active"`,
					`id="f-gmv30_min"`, "bulk-assign", "Export selected", "/static/directory."},
				lacks: []string{"dup_ana", "No creators yet"}},
			{name: "search prefix", path: "/w/acme/directory?q=%40Ana", status: 200, want: []string{"@ana_glow"},
				lacks: []string{"@ben_tech", "@cara_home", "dup_ana"}},
			{name: "stage and vertical", path: "/w/acme/directory?stage=sampled&stage=active&vertical=Home", status: 200,
				want: []string{"@cara_home", `id="dir-total">1<`}, lacks: []string{"@ana_glow"}},
			{name: "gmv range in the currency", path: "/w/acme/directory?currency=USD&gmv30_min=500&gmv30_max=12345.00", status: 200,
				want: []string{"@cara_home", "@ana_glow"}, lacks: []string{"@ben_tech"}},
			{name: "owner me", path: "/w/acme/directory?owner=me", status: 200, want: []string{"@ana_glow"}, lacks: []string{"@cara_home"}},
			{name: "unowned", path: "/w/acme/directory?unowned=1", status: 200, want: []string{"@cara_home", "@ben_tech"}, lacks: []string{"@ana_glow"}},
			{name: "followers", path: "/w/acme/directory?followers_min=10k", status: 200, want: []string{"@ana_glow"}, lacks: []string{"@ben_tech"}},
			{name: "sorted by handle", path: "/w/acme/directory?sort=handle", status: 200, want: []string{`aria-sort="ascending"`}},
			{name: "no match offers to clear", path: "/w/acme/directory?region=FR", status: 200,
				want: []string{"No creators match.", "Clear the filters"}, lacks: []string{"No creators yet"}},
			{name: "bad stage", path: "/w/acme/directory?stage=vip", status: 400, want: []string{"stage &#34;vip&#34; is not a stage"}},
			{name: "bad sort", path: "/w/acme/directory?sort=price", status: 400, want: []string{"sort &#34;price&#34;"}},
			{name: "bad amount", path: "/w/acme/directory?gmv30_min=12x", status: 400, want: []string{"gmv30_min &#34;12x&#34;"}},
			{name: "too many decimals", path: "/w/acme/directory?currency=USD&gmv90_max=1.234", status: 400, want: []string{"gmv90_max"}},
			{name: "bad date", path: "/w/acme/directory?last_sale_from=yesterday", status: 400, want: []string{"last_sale_from &#34;yesterday&#34;"}},
			{name: "bad score", path: "/w/acme/directory?score_min=101", status: 400, want: []string{"score_min &#34;101&#34;"}},
			{name: "bad cursor", path: "/w/acme/directory?after=zz", status: 400, want: []string{"after &#34;zz&#34;"}},
			{name: "bad owner", path: "/w/acme/directory?owner=bob", status: 400, want: []string{"owner &#34;bob&#34;"}},
			{name: "bad email flag", path: "/w/acme/directory?email=maybe", status: 400, want: []string{"email &#34;maybe&#34;"}},
			{name: "csv bad parameter", path: "/w/acme/directory.csv?dir=up", status: 400, want: []string{"dir &#34;up&#34;"}},
		})
		// A viewer reads but sees no bulk bar; a specialist adds creators but acts on one at a time.
		run(t, srv, vc, []scenario{
			{name: "viewer page", path: "/w/acme/directory", status: 200, want: []string{"@ana_glow"},
				lacks: []string{"bulk-assign", "Add creator", "Export selected"}},
			{name: "viewer cannot export", path: "/w/acme/directory.csv", status: 403},
		})
		run(t, srv, sc, []scenario{
			{name: "specialist page", path: "/w/acme/directory", status: 200, want: []string{"Add creator", "@ana_glow"},
				lacks: []string{"bulk-assign", "Export selected"}},
		})

		t.Run("csv", func(t *testing.T) {
			resp, body := dirGetResp(t, oc, srv.URL+"/w/acme/directory.csv?region=US&sort=handle")
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment; filename=acme-directory-") {
				t.Fatalf("status %d, %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
			}
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, utf8BOM))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(recs[0], ",") != strings.Join(directoryCSVHeader, ",") || len(recs) != 3 {
				t.Fatalf("csv = %q", recs)
			}
			row := map[string]string{}
			for i, h := range recs[0] {
				row[h] = recs[1][i]
			}
			if row["handle"] != "ana_glow" || row["gmv_30d"] != "12345.00" || row["stage"] != "active" || row["owner"] != owner.email ||
				row["verticals"] != "Beauty" || row["tags"] != "vip" || row["last_sale"] != "2026-01-10" || row["tier"] != "gold" {
				t.Errorf("row = %v", row)
			}
			if recs[2][1] != "cara_home" {
				t.Errorf("second row %q", recs[2])
			}
		})

		t.Run("export selected", func(t *testing.T) {
			resp, body := postForm(t, oc, srv.URL+"/w/acme/directory/export", url.Values{"id": {fmt.Sprint(ids["ben_tech"])}})
			if resp.StatusCode != 200 || !strings.Contains(body, "ben_tech") || strings.Contains(body, "ana_glow") {
				t.Errorf("status %d body %s", resp.StatusCode, body)
			}
			resp, _ = postForm(t, oc, srv.URL+"/w/acme/directory/export", url.Values{"id": {fmt.Sprint(foreign[0])}})
			if resp.StatusCode != 404 {
				t.Errorf("another workspace's creator: %d", resp.StatusCode)
			}
			resp, body = postForm(t, oc, srv.URL+"/w/acme/directory/export", url.Values{"all": {"1"}, "query": {"region=US"}})
			if resp.StatusCode != 200 || !strings.Contains(body, "cara_home") || strings.Contains(body, "ben_tech") {
				t.Errorf("all matching export: %d", resp.StatusCode)
			}
			if resp, _ = postForm(t, sc, srv.URL+"/w/acme/directory/export", url.Values{"all": {"1"}}); resp.StatusCode != 403 {
				t.Errorf("specialist export: %d", resp.StatusCode)
			}
		})

		t.Run("bulk", func(t *testing.T) {
			nc := noRedirects(oc.Jar)
			bulk := srv.URL + "/w/acme/directory/bulk"
			id := func(h string) string { return fmt.Sprint(ids[h]) }
			// A specialist may not act in bulk.
			if resp, _ := postForm(t, sc, bulk, url.Values{"action": {"assign"}, "owner": {fmt.Sprint(spec.userID)}, "id": {id("ben_tech")}}); resp.StatusCode != 403 {
				t.Errorf("specialist bulk assign: %d", resp.StatusCode)
			}
			// Another workspace's id among ours: 404 and nothing changes.
			resp, _ := postForm(t, nc, bulk, url.Values{"action": {"tag_add"}, "tag": {"x"}, "id": {id("ben_tech"), fmt.Sprint(foreign[0])}})
			if resp.StatusCode != 404 {
				t.Errorf("foreign id: %d", resp.StatusCode)
			}
			// A merged creator is not in the directory any more.
			if resp, _ := postForm(t, nc, bulk, url.Values{"action": {"tag_add"}, "tag": {"x"}, "id": {id("dup_ana")}}); resp.StatusCode != 404 {
				t.Errorf("merged id: %d", resp.StatusCode)
			}
			if p, _ := s.CRMProfile(ctx, ws.ID, ids["ben_tech"]); len(p.Tags) != 0 {
				t.Errorf("a refused bulk action changed tags: %q", p.Tags)
			}
			for _, bad := range []struct {
				form url.Values
				want string
			}{
				{url.Values{"action": {"stage"}, "stage": {"banned"}, "id": {id("ben_tech")}}, "reason is required"},
				{url.Values{"action": {"stage"}, "stage": {"gone"}, "id": {id("ben_tech")}}, "stage &#34;gone&#34;"},
				{url.Values{"action": {"explode"}, "id": {id("ben_tech")}}, "action &#34;explode&#34;"},
				{url.Values{"action": {"assign"}, "owner": {"999999"}, "id": {id("ben_tech")}}, "owner 999999 is not a member"},
				{url.Values{"action": {"tag_add"}, "tag": {" "}, "id": {id("ben_tech")}}, "tag"},
				{url.Values{"action": {"tag_add"}, "tag": {"x"}}, "Tick at least one creator"},
				{url.Values{"action": {"tag_add"}, "tag": {"x"}, "id": {"abc"}}, "id &#34;abc&#34;"},
				{url.Values{"action": {"tag_add"}, "tag": {"x"}, "all": {"1"}, "query": {"stage=nope"}}, "stage &#34;nope&#34;"},
			} {
				resp, body := postForm(t, nc, bulk, bad.form)
				if resp.StatusCode != 400 || !strings.Contains(body, bad.want) {
					t.Errorf("%v: status %d, want 400 with %q", bad.form, resp.StatusCode, bad.want)
				}
			}
			resp, _ = postForm(t, nc, bulk, url.Values{"action": {"assign"}, "owner": {fmt.Sprint(spec.userID)},
				"id": {id("ben_tech"), id("cara_home")}, "query": {"region=US"}})
			if resp.StatusCode != 303 || resp.Header.Get("Location") != "/w/acme/directory?region=US&done=assign:2" {
				t.Errorf("assign: %d %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			resp, _ = postForm(t, nc, bulk, url.Values{"action": {"tag_add"}, "tag": {"Summer Drop"}, "all": {"1"}, "query": {"region=US"}})
			if resp.StatusCode != 303 {
				t.Errorf("tag all matching: %d", resp.StatusCode)
			}
			resp, _ = postForm(t, nc, bulk, url.Values{"action": {"stage"}, "stage": {"do_not_contact"}, "reason": {"asked us to stop"},
				"id": {id("ben_tech")}})
			if resp.StatusCode != 303 {
				t.Errorf("stage: %d", resp.StatusCode)
			}
			for h, want := range map[string]string{"ana_glow": "summer-drop", "cara_home": "summer-drop", "ben_tech": ""} {
				p, _ := s.CRMProfile(ctx, ws.ID, ids[h])
				if got := strings.Join(p.Tags, ","); !strings.Contains(got, want) || want == "" && got != "" {
					t.Errorf("%s tags %q", h, got)
				}
			}
			p, _ := s.CRMProfile(ctx, ws.ID, ids["ben_tech"])
			if p.Stage != model.StageDoNotContact || p.StageReason != "asked us to stop" || p.OwnerEmail != spec.email {
				t.Errorf("ben_tech = %s %q %q", p.Stage, p.StageReason, p.OwnerEmail)
			}
			run(t, srv, oc, []scenario{{name: "done message", path: "/w/acme/directory?done=assign:2", status: 200,
				want: []string{`<p class="notice dir-done" role="status">Owner changed for 2 creator(s).`}}}) // styled as every page's notice
		})

		t.Run("saved views", func(t *testing.T) {
			nc := noRedirects(oc.Jar)
			resp, _ := postForm(t, nc, srv.URL+"/w/acme/views", url.Values{"page": {"directory"}, "name": {"US beauty"},
				"query": {"region=US&vertical=Beauty"}})
			if resp.StatusCode != 303 || resp.Header.Get("Location") != "/w/acme/directory?region=US&vertical=Beauty&done=view:1" {
				t.Fatalf("save: %d %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			views, _ := s.SavedViews(ctx, ws.ID, owner.userID, store.ViewPageDirectory)
			if len(views) != 1 {
				t.Fatalf("views %+v", views)
			}
			vid := fmt.Sprint(views[0].ID)
			run(t, srv, oc, []scenario{{name: "listed", path: "/w/acme/directory", status: 200,
				want: []string{"US beauty", "/w/acme/directory?region=US&amp;vertical=Beauty"}}})
			run(t, srv, sc, []scenario{{name: "not another member's", path: "/w/acme/directory", status: 200, lacks: []string{"US beauty"}}})
			run(t, srv, noRedirects(oc.Jar), []scenario{{name: "open", path: "/w/acme/views/" + vid, status: 303,
				headers: map[string]string{"Location": "/w/acme/directory?region=US&vertical=Beauty"}}})
			run(t, srv, noRedirects(sc.Jar), []scenario{{name: "open another's", path: "/w/acme/views/" + vid, status: 404}})
			if resp, _ := postForm(t, noRedirects(sc.Jar), srv.URL+"/w/acme/views/"+vid+"/delete", nil); resp.StatusCode != 404 {
				t.Errorf("another member deletes: %d", resp.StatusCode)
			}
			if resp, body := postForm(t, nc, srv.URL+"/w/acme/views", url.Values{"page": {"directory"}, "name": {""}}); resp.StatusCode != 400 || !strings.Contains(body, "name") {
				t.Errorf("no name: %d", resp.StatusCode)
			}
			if resp, _ := postForm(t, nc, srv.URL+"/w/acme/views/"+vid+"/delete", nil); resp.StatusCode != 303 {
				t.Errorf("delete: %d", resp.StatusCode)
			}
			if views, _ := s.SavedViews(ctx, ws.ID, owner.userID, store.ViewPageDirectory); len(views) != 0 {
				t.Errorf("after delete %+v", views)
			}
		})

		t.Run("add creator", func(t *testing.T) {
			nc, nsc := noRedirects(oc.Jar), noRedirects(sc.Jar)
			run(t, srv, sc, []scenario{{name: "form", path: "/w/acme/directory/new", status: 200, want: []string{`name="handle"`, "Nobody yet"}}})
			run(t, srv, vc, []scenario{{name: "viewer form", path: "/w/acme/directory/new", status: 403}})
			resp, body := postForm(t, nsc, srv.URL+"/w/acme/directory/new", url.Values{"handle": {"@New_One"}, "email": {"not an email"}})
			if resp.StatusCode != 400 || !strings.Contains(body, "email &#34;not an email&#34;") || !strings.Contains(body, `value="@New_One"`) {
				t.Errorf("bad email: %d", resp.StatusCode)
			}
			resp, _ = postForm(t, nsc, srv.URL+"/w/acme/directory/new", url.Values{"handle": {"@New_One"}, "owner": {fmt.Sprint(owner.userID)}})
			if resp.StatusCode != 400 {
				t.Errorf("specialist assigns to another: %d", resp.StatusCode)
			}
			resp, _ = postForm(t, nsc, srv.URL+"/w/acme/directory/new", url.Values{"handle": {"@New_One"}, "owner": {"me"},
				"verticals": {"Beauty, Home"}, "followers": {"12k"}, "stage": {"contacted"}, "tags": {"Referral"}})
			if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/w/acme/creators/") {
				t.Fatalf("create: %d %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			page, err := s.Directory(ctx, ws.ID, store.DirectoryQuery{Search: "new_one"})
			if err != nil || len(page.Rows) != 1 {
				t.Fatalf("created: %+v %v", page, err)
			}
			c := page.Rows[0]
			if c.Stage != model.StageContacted || c.OwnerEmail != spec.email || *c.Followers != 12000 || strings.Join(c.Verticals, ",") != "Beauty,Home" {
				t.Errorf("created %+v", c.CRMProfile)
			}
			resp, body = postForm(t, nc, srv.URL+"/w/acme/directory/new", url.Values{"handle": {"new_one"}})
			if resp.StatusCode != 409 || !strings.Contains(body, "already has that creator") || !strings.Contains(body, "Open that creator") {
				t.Errorf("duplicate: %d", resp.StatusCode)
			}
			resp, body = postForm(t, nc, srv.URL+"/w/acme/directory/new", url.Values{"handle": {"x"}, "stage": {"banned"}})
			if resp.StatusCode != 400 || !strings.Contains(body, "stage &#34;banned&#34;") {
				t.Errorf("banned at start: %d", resp.StatusCode)
			}
		})
		t.Run("paging", func(t *testing.T) {
			var more []store.SeedCreator
			for i := range 60 {
				more = append(more, store.SeedCreator{Handle: fmt.Sprintf("page_%02d", i), Sales: store.CreatorSales{GMV30d: int64(i % 4)}})
			}
			if _, err := s.SeedCreators(ctx, ws.ID, more); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			next := "/w/acme/directory?sort=gmv_30d"
			for i := 0; next != "" && i < 5; i++ {
				page := dirGet(t, oc, srv.URL+strings.ReplaceAll(next, "&amp;", "&"))
				for _, h := range append([]string{"ana_glow", "ben_tech", "cara_home"}, handles(more)...) {
					if strings.Contains(page, "@"+h+"<") {
						if seen[h] {
							t.Errorf("%s shown twice", h)
						}
						seen[h] = true
					}
				}
				next = ""
				if i := strings.Index(page, `rel="next" id="dir-next"`); i >= 0 {
					start := strings.LastIndex(page[:i], `href="`) + len(`href="`)
					next = page[start : start+strings.Index(page[start:], `"`)]
				}
			}
			if len(seen) != 63 {
				t.Errorf("paged through %v", seen)
			}
		})

	})
}

func dirGet(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	_, body := dirGetResp(t, c, u)
	return body
}

func dirGetResp(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp, b.String()
}

func handles(cs []store.SeedCreator) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Handle)
	}
	return out
}
