package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// getFrom opens path as role with a Referer, as a browser does when the user follows a link.
func (f *adminFixture) getFrom(t *testing.T, role access.Role, path, referer string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if referer != "" {
		req.Header.Set("Referer", referer)
	}
	resp, err := f.clients[role].Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestCreatorPageWords checks what the creator page says about a creator added by hand and about
// one who sold: how each came in, a score not computed yet, and a back link to the list the user
// came from (it used to say "from an order import" and "0/100" for a creator added by hand a
// minute ago, and to lead to the sales list whatever the user came from).
func TestCreatorPageWords(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, true)
		ctx := context.Background()
		longHandle := strings.Repeat("verylonghandle", 4) + "_ab" // 59 characters, no break
		code, loc, body := f.send(t, access.Specialist, "POST", "/w/acme/directory/new", url.Values{
			"handle": {"@" + longHandle}, "display_name": {"Maximiliana Konstantinopoulou-Wolfeschlegelstein"},
			"tags": {"summer-drop-2026-campaign-priority-with-a-long-name, vip"}, "stage": {"prospect"}})
		expect(t, "add a creator with a long handle and tag", code, body, 303)
		if !strings.Contains(loc, "/w/acme/creators/") {
			t.Fatalf("adding a creator should lead to their page, goes to %q", loc)
		}
		byHand := strings.TrimPrefix(loc, f.srv.URL)
		seller, err := s.CreatorIDByHandle(ctx, f.ws.ID, "pixiemint_1")
		if err != nil {
			t.Fatal(err)
		}
		sellerPath := "/w/acme/creators/" + strconv.FormatInt(seller, 10)

		for _, c := range []struct {
			name, path, referer string
			want, lacks         []string
		}{
			{"added by hand", byHand, "", []string{"added by hand", "not scored yet", `href="/w/acme/directory" id="creator-back">← Directory`, "@" + longHandle},
				[]string{"from an order import", "0</span><span class=\"muted\">/100", `<span class="score-total">0</span>`}},
			{"from the orders", sellerPath, "", []string{"from an order import"}, []string{"added by hand"}},
			{"from the pipeline", sellerPath, f.srv.URL + "/w/acme/pipeline?q=pixie&owner=me",
				[]string{`href="/w/acme/pipeline?q=pixie&amp;owner=me" id="creator-back">← Pipeline`}, nil},
			{"from a saved view", sellerPath, f.srv.URL + "/w/acme/views/3", []string{`href="/w/acme/views/3" id="creator-back">← Directory`}, nil},
			{"from the sales list", sellerPath, f.srv.URL + "/w/acme/creators?days=90", []string{`href="/w/acme/creators?days=90" id="creator-back">← Creator sales`}, nil},
			{"from itself, after a change", sellerPath, f.srv.URL + sellerPath, []string{`href="/w/acme/directory" id="creator-back">← Directory`}, nil},
			{"from another site", sellerPath, "https://evil.example/w/acme/pipeline", []string{`href="/w/acme/directory" id="creator-back">← Directory`}, []string{"evil"}},
			{"from another workspace", sellerPath, f.srv.URL + "/w/other/pipeline", []string{`href="/w/acme/directory" id="creator-back">← Directory`}, []string{"/w/other/pipeline"}},
		} {
			code, body := f.getFrom(t, access.Specialist, c.path, c.referer)
			expect(t, c.name, code, body, 200, c.want...)
			for _, l := range c.lacks {
				if strings.Contains(body, l) {
					t.Errorf("%s: the page should not say %q", c.name, l)
				}
			}
		}
	})
}

// TestTagLengthIsOneRule: the creator page, the add-creator form and the bulk bar take tags up
// to the same length and refuse a longer one naming the field and the tag (they allowed 40,
// anything and 60).
func TestTagLengthIsOneRule(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, true)
		ctx := context.Background()
		id, err := s.CreatorIDByHandle(ctx, f.ws.ID, "pixiemint_1")
		if err != nil {
			t.Fatal(err)
		}
		ok := strings.Repeat("a", 50)
		tooLong := strings.Repeat("b", 61)
		for _, c := range []struct {
			name   string
			role   access.Role
			path   string
			form   url.Values
			status int
			want   []string
		}{
			{"creator page, 50 characters", access.Specialist, crmPath(id, "tags"), url.Values{"add": {ok}}, 303, nil},
			{"creator page, 61 characters", access.Specialist, crmPath(id, "tags"), url.Values{"add": {"vip, " + tooLong}}, 400, []string{"add: tag", "longer than 60 characters"}},
			{"creator page as viewer", access.Viewer, crmPath(id, "tags"), url.Values{"add": {ok}}, 403, nil},
			{"add-creator form, 61 characters", access.Specialist, "/w/acme/directory/new", url.Values{"handle": {"newface"}, "tags": {tooLong}}, 400, []string{"tags: tag", "longer than 60 characters", `placeholder="referral, q4" autofocus`}},
			{"add-creator form, 50 characters", access.Specialist, "/w/acme/directory/new", url.Values{"handle": {"newface"}, "tags": {ok}}, 303, nil},
			{"bulk bar, 61 characters", access.Manager, "/w/acme/directory/bulk", url.Values{"action": {"tag_add"}, "tag": {tooLong}, "id": {strconv.FormatInt(id, 10)}}, 400, []string{"at most 60 characters"}},
			{"bulk bar, 50 characters", access.Manager, "/w/acme/directory/bulk", url.Values{"action": {"tag_add"}, "tag": {ok}, "id": {strconv.FormatInt(id, 10)}}, 303, nil},
		} {
			code, _, body := f.send(t, c.role, "POST", c.path, c.form)
			expect(t, c.name, code, body, c.status, c.want...)
		}
		if n, err := s.CreatorIDByHandle(ctx, f.ws.ID, "newface"); err != nil || n == 0 {
			t.Errorf("the add-creator form with a 50-character tag should have added @newface: %v", err)
		}
	})
}

// TestCreatorsInRupiah: a brand selling in Indonesia reads its creators' GMV in rupiah on the
// directory, its CSV and the pipeline, and the page of a creator with no sales says so.
func TestCreatorsInRupiah(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "glow-id", Name: "Glow ID", Timezone: "Asia/Jakarta"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: ws.ID, Slug: "id", Platform: model.PlatformTikTokShop, Currency: "IDR", Locale: "id-ID"}); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		manager := addMember(t, s, "rina@glow.example", ws, "manager")
		today := time.Now().In(ws.Location())
		day := int32(today.Year()*10000 + int(today.Month())*100 + today.Day())
		if _, err := s.SeedCreators(ctx, ws.ID, []store.SeedCreator{
			{Handle: "sellerbudi", Stage: model.StageActive, Sales: store.CreatorSales{Currency: "IDR", GMV30d: 12_500_000, GMV90d: 30_000_000,
				GMVAll: 45_000_000, Orders30d: 40, FirstSaleDay: day, LastSale: day, StatsDay: day}},
			{Handle: "newsiti", Stage: model.StageProspect},
		}); err != nil {
			t.Fatal(err)
		}
		budi, err := s.CreatorIDByHandle(ctx, ws.ID, "sellerbudi")
		if err != nil {
			t.Fatal(err)
		}
		siti, err := s.CreatorIDByHandle(ctx, ws.ID, "newsiti")
		if err != nil {
			t.Fatal(err)
		}
		rp := moneyFor("IDR").amount(12_500_000) // "Rp125.000": rupiah, in the Indonesian way
		run(t, srv, signIn(t, srv, manager), []scenario{
			{name: "directory in rupiah", path: "/w/glow-id/directory", status: 200, want: []string{"GMV (IDR)", rp, "@newsiti"}},
			{name: "directory CSV", path: "/w/glow-id/directory.csv?q=seller", status: 200, want: []string{"sellerbudi", "IDR"}, lacks: []string{"newsiti"}},
			{name: "pipeline in rupiah", path: "/w/glow-id/pipeline", status: 200, want: []string{rp, "@newsiti"}},
			{name: "creator with sales", path: "/w/glow-id/creators/" + strconv.FormatInt(budi, 10), status: 200, want: []string{"@sellerbudi"}},
			{name: "creator without sales", path: "/w/glow-id/creators/" + strconv.FormatInt(siti, 10), status: 200, want: []string{"No sales yet."}},
		})
	})
}
