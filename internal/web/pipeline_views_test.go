package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestPipelineSavedViews checks the board's saved views: every role that reads the board saves
// its filters under a name and opens them again; views are the member's own; bad names are
// refused naming the field; another member's or another workspace's view is a 404; filters the
// bar has no field for are kept, named and saved.
func TestPipelineSavedViews(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, false)
		ctx := context.Background()
		a := store.CLIActor
		for _, c := range []store.NewCreator{
			{Username: "ana", Tags: []string{"vip"}, Region: "US", Email: "ana@example.com"},
			{Username: "ben", Tags: []string{"vip"}, Region: "GB", Stage: model.StageEngaged},
			{Username: "cara", Region: "US"},
		} {
			if _, err := s.AddCreator(ctx, a, f.ws.ID, c); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.AddCreator(ctx, a, f.other.ID, store.NewCreator{Username: "zed"}); err != nil {
			t.Fatal(err)
		}
		mine := func(role access.Role) []store.SavedView {
			t.Helper()
			vs, err := s.SavedViews(ctx, f.ws.ID, f.people[role].userID, store.ViewPagePipeline)
			if err != nil {
				t.Fatal(err)
			}
			return vs
		}
		save := url.Values{"page": {"pipeline"}, "name": {"VIP"}, "query": {"tag=vip"}}

		// The board unfiltered: the menu, no save form, a line saying how to make a view.
		code, _, body := f.send(t, access.Manager, "GET", "/w/acme/pipeline", nil)
		expect(t, "unfiltered board", code, body, 200, `id="board-views"`, "Saved views", "No saved view yet",
			"Filter the board (an owner, a tag, a region…), then save the filters")
		if strings.Contains(body, `id="board-view-save"`) {
			t.Error("the unfiltered board offers to save no filters")
		}
		// Filtered: the save form keeps the board's filters.
		code, _, body = f.send(t, access.Manager, "GET", "/w/acme/pipeline?tag=vip", nil)
		expect(t, "filtered board", code, body, 200, `id="board-view-save"`, `name="query" value="tag=vip"`,
			`<input type="hidden" name="page" value="pipeline">`)

		// Every role that reads the board saves its own views (data.view: no role is refused).
		for _, role := range access.Roles {
			code, loc, body := f.send(t, role, "POST", "/w/acme/views", save)
			expect(t, "save as "+string(role), code, body, 303)
			if loc != "/w/acme/pipeline?tag=vip&done=view:1" {
				t.Errorf("save as %s: Location %q", role, loc)
			}
			if vs := mine(role); len(vs) != 1 || vs[0].Name != "VIP" || vs[0].Query != "tag=vip" {
				t.Errorf("%s's views: %+v", role, vs)
			}
		}
		if rec := lastAudit(t, s, f.ws, "view.save"); !strings.Contains(rec.Summary, `pipeline view "VIP"`) {
			t.Errorf("audit: %q", rec.Summary)
		}
		mgrView := mine(access.Manager)[0]
		vid := fmt.Sprint(mgrView.ID)

		// Back on the board: saved, listed, current, filtered.
		code, _, body = f.send(t, access.Manager, "GET", "/w/acme/pipeline?tag=vip&done=view:1", nil)
		expect(t, "after save", code, body, 200, "View saved.", "View: <strong>VIP</strong>",
			`<li class="current"><a href="/w/acme/pipeline?tag=vip" aria-current="true">VIP</a>`,
			`action="/w/acme/views/`+vid+`/delete"`, `id="board-view-name" placeholder="e.g. My beauty creators" maxlength="80" required value="VIP"`,
			"@ana", "@ben")
		if strings.Contains(body, "@cara") {
			t.Error("the VIP view shows cara")
		}
		code, _, body = f.send(t, access.Manager, "GET", "/w/acme/pipeline", nil)
		expect(t, "listed", code, body, 200, `<a href="/w/acme/pipeline?tag=vip">VIP</a>`, `Saved views <span class="n">1</span>`)
		// Opening the view is following a link to the board with its filters.
		code, loc, _ := f.send(t, access.Manager, "GET", "/w/acme/views/"+vid, nil)
		if code != 303 || loc != "/w/acme/pipeline?tag=vip" {
			t.Errorf("open: %d %q", code, loc)
		}

		// Saving a name again replaces its filters.
		code, loc, body = f.send(t, access.Manager, "POST", "/w/acme/views", url.Values{"page": {"pipeline"}, "name": {" VIP "},
			"query": {"region=US&tag=vip"}})
		expect(t, "replace", code, body, 303)
		if vs := mine(access.Manager); len(vs) != 1 || vs[0].ID != mgrView.ID || vs[0].Query != "region=US&tag=vip" ||
			loc != "/w/acme/pipeline?region=US&tag=vip&done=view:1" {
			t.Errorf("after replacing: %q %+v", loc, vs)
		}
		code, _, body = f.send(t, access.Manager, "GET", "/w/acme/pipeline?tag=vip&region=US", nil)
		expect(t, "replaced view current", code, body, 200, "View: <strong>VIP</strong>", "@ana")

		// Bad input names the field and saves nothing.
		for _, c := range []struct {
			name string
			form url.Values
			want string
		}{
			{"no name", url.Values{"page": {"pipeline"}, "name": {"  "}, "query": {"tag=vip"}}, "name: give the view a name"},
			{"long name", url.Values{"page": {"pipeline"}, "name": {strings.Repeat("n", 81)}, "query": {"tag=vip"}}, "name: at most 80 characters"},
			{"bad page", url.Values{"page": {"board"}, "name": {"X"}, "query": {"tag=vip"}}, "page: &#34;board&#34; is not directory or pipeline"},
			{"bad query", url.Values{"page": {"pipeline"}, "name": {"X"}, "query": {"tag=%zz"}}, "query is not a query string"},
		} {
			code, _, body := f.send(t, access.Specialist, "POST", "/w/acme/views", c.form)
			expect(t, c.name, code, body, 400, c.want)
		}
		if vs := mine(access.Specialist); len(vs) != 1 {
			t.Errorf("bad input saved a view: %+v", vs)
		}

		// Views are the member's own: another member neither sees, opens nor deletes them.
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/pipeline", nil)
		expect(t, "specialist's board", code, body, 200, `<a href="/w/acme/pipeline?tag=vip">VIP</a>`)
		if strings.Contains(body, "/w/acme/views/"+vid+"/delete") {
			t.Error("the specialist's board lists the manager's view")
		}
		code, _, _ = f.send(t, access.Specialist, "GET", "/w/acme/views/"+vid, nil)
		expect(t, "open another's view", code, "", 404)
		code, _, _ = f.send(t, access.Specialist, "POST", "/w/acme/views/"+vid+"/delete", url.Values{})
		expect(t, "delete another's view", code, "", 404)

		// Another workspace's view is a 404, and its owner cannot save into acme.
		theirs, err := s.SaveView(ctx, store.Actor{UserID: f.outside.userID, Label: f.outside.email}, f.other.ID, f.outside.userID,
			store.ViewPagePipeline, "Theirs", "tag=vip")
		if err != nil {
			t.Fatal(err)
		}
		tid := fmt.Sprint(theirs.ID)
		code, _, _ = f.send(t, access.Owner, "GET", "/w/acme/views/"+tid, nil)
		expect(t, "open another workspace's view", code, "", 404)
		code, _, _ = f.send(t, access.Owner, "POST", "/w/acme/views/"+tid+"/delete", url.Values{})
		expect(t, "delete another workspace's view", code, "", 404)
		outside := signIn(t, f.srv, f.outside)
		code, _, _ = adminSend(t, outside, f.srv.URL, "POST", "/w/acme/views", save)
		expect(t, "save into a workspace one is not a member of", code, "", 404)
		if _, err := s.SavedView(ctx, f.other.ID, f.outside.userID, theirs.ID); err != nil {
			t.Errorf("their view after the attempts: %v", err)
		}

		// Filters the bar has no field for (from a directory link or a view saved through the
		// API) still filter, are named, kept by the form and saved; the stage is not a board filter.
		code, _, body = f.send(t, access.Viewer, "GET", "/w/acme/pipeline?tag=vip&email=yes&stage=engaged&sort=score", nil)
		expect(t, "extra filters", code, body, 200, `Also filtered by has email <strong>yes</strong>`,
			`<input type="hidden" name="email" value="yes">`, `name="query" value="email=yes&amp;tag=vip"`, "@ana")
		if strings.Contains(body, "@ben") || strings.Contains(body, `name="stage" value="engaged"`) {
			t.Error("the email filter is not applied, or the stage is kept as a board filter")
		}
		code, loc, body = f.send(t, access.Viewer, "POST", "/w/acme/views", url.Values{"page": {"pipeline"}, "name": {"VIP with email"},
			"query": {"email=yes&tag=vip"}})
		expect(t, "save extra filters", code, body, 303)
		code, _, body = f.send(t, access.Viewer, "GET", loc, nil)
		expect(t, "open extra filters", code, body, 200, "View: <strong>VIP with email</strong>", "@ana")
		// A view saved through the API with its parameters in another order is still current.
		if _, err := s.SaveView(ctx, store.Actor{Label: "token"}, f.ws.ID, f.people[access.Viewer].userID, store.ViewPagePipeline,
			"US first", "tag=vip&region=US"); err != nil {
			t.Fatal(err)
		}
		code, _, body = f.send(t, access.Viewer, "GET", "/w/acme/pipeline?region=US&tag=vip", nil)
		expect(t, "API view current", code, body, 200, "View: <strong>US first</strong>")

		// Deleting goes back to the board, which says so.
		code, loc, body = f.send(t, access.Manager, "POST", "/w/acme/views/"+vid+"/delete", url.Values{})
		expect(t, "delete", code, body, 303)
		if loc != "/w/acme/pipeline?done=view_deleted:1" || len(mine(access.Manager)) != 0 {
			t.Errorf("after delete: %q %+v", loc, mine(access.Manager))
		}
		code, _, body = f.send(t, access.Manager, "GET", loc, nil)
		expect(t, "deleted", code, body, 200, "View deleted.", "No saved view yet")
		if rec := lastAudit(t, s, f.ws, "view.delete"); !strings.Contains(rec.Summary, `pipeline view "VIP"`) {
			t.Errorf("audit: %q", rec.Summary)
		}
	})
}
