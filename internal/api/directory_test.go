package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestAPIDirectory(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newAdminAPI(t, s)
		followers := int64(90_000)
		ids, err := s.SeedCreators(ctx, f.ws.ID, []store.SeedCreator{
			{Handle: "dir_ana", Region: "US", Verticals: []string{"Beauty"}, Stage: model.StageActive, Followers: &followers,
				Sales: store.CreatorSales{Currency: "USD", GMV30d: 900_000, GMVAll: 1_000_000, LastSale: 20261110}},
			{Handle: "dir_ben", Region: "US", Verticals: []string{"Tech"}, Stage: model.StageProspect, Sales: store.CreatorSales{Currency: "USD"}},
			{Handle: "dir_cara", Region: "GB", Verticals: []string{"Beauty"}, Stage: model.StageActive,
				Sales: store.CreatorSales{Currency: "USD", GMV30d: 800_000, GMVAll: 800_000}},
		})
		if err != nil {
			t.Fatal(err)
		}
		foreign, err := s.SeedCreators(ctx, f.other.ID, []store.SeedCreator{{Handle: "zed"}})
		if err != nil {
			t.Fatal(err)
		}
		f.run(t, []apiCase{
			{name: "filters", role: access.Viewer, path: "acme/directory?vertical=Beauty&stage=active&gmv_30d_min=850000", status: 200,
				want: []string{`"handle":"dir_ana"`, `"total":1`, `"gmv_30d":900000`, `"currency":"USD"`, `"last_sale":"2026-11-10"`}},
			{name: "bad stage", role: access.Viewer, path: "acme/directory?stage=vip", status: 400, want: []string{`stage \"vip\"`}},
			{name: "bad sort", role: access.Viewer, path: "acme/directory?sort=price", status: 422, want: []string{"sort"}},
			{name: "bad amount", role: access.Viewer, path: "acme/directory?gmv_30d_min=12.5", status: 422, want: []string{"gmv_30d_min"}},
			{name: "bad date", role: access.Viewer, path: "acme/directory?last_sale_from=2026-13-01", status: 422, want: []string{"last_sale_from"}},
			{name: "unknown parameter", role: access.Viewer, path: "acme/directory?colour=red", status: 422, want: []string{"colour"}},
			{name: "profile", role: access.Viewer, path: fmt.Sprintf("acme/creators/%d/profile", ids[0]), status: 200,
				want: []string{`"stage":"active"`, `"followers":90000`, `"score_parts":[]`}},
			{name: "another workspace's profile", role: access.Owner, path: fmt.Sprintf("acme/creators/%d/profile", foreign[0]), status: 404},
			{name: "viewer cannot create", role: access.Viewer, method: "POST", path: "acme/creators", body: `{"handle":"x"}`, status: 403},
			{name: "specialist creates for themselves", role: access.Specialist, method: "POST", path: "acme/creators",
				body: fmt.Sprintf(`{"handle":"@Dir_New","owner_id":%d,"stage":"contacted"}`, f.users[access.Specialist]), status: 201,
				want: []string{`"handle":"dir_new"`, `"owner_email":"specialist@acme.example"`, `"stage":"contacted"`}},
			{name: "specialist cannot assign others", role: access.Specialist, method: "POST", path: "acme/creators",
				body: fmt.Sprintf(`{"handle":"dir_new2","owner_id":%d}`, f.users[access.Owner]), status: 403},
			{name: "duplicate", role: access.Manager, method: "POST", path: "acme/creators", body: `{"handle":"DIR_NEW"}`, status: 409},
			{name: "bad email", role: access.Manager, method: "POST", path: "acme/creators", body: `{"handle":"dir_x","email":"nope"}`, status: 400,
				want: []string{"email"}},
			{name: "banned at start", role: access.Manager, method: "POST", path: "acme/creators", body: `{"handle":"dir_x","stage":"banned"}`, status: 400},
			{name: "specialist cannot bulk", role: access.Specialist, method: "POST", path: "acme/directory/bulk",
				body: fmt.Sprintf(`{"action":"assign","ids":[%d],"owner_id":%d}`, ids[1], f.users[access.Specialist]), status: 403},
			{name: "foreign id in bulk", role: access.Manager, method: "POST", path: "acme/directory/bulk",
				body: fmt.Sprintf(`{"action":"tag_add","ids":[%d,%d],"tag":"x"}`, ids[1], foreign[0]), status: 404},
			{name: "bulk needs a reason for banned", role: access.Manager, method: "POST", path: "acme/directory/bulk",
				body: fmt.Sprintf(`{"action":"stage","ids":[%d],"stage":"banned"}`, ids[1]), status: 400, want: []string{"reason"}},
			{name: "bulk unknown action", role: access.Manager, method: "POST", path: "acme/directory/bulk",
				body: fmt.Sprintf(`{"action":"explode","ids":[%d]}`, ids[1]), status: 400, want: []string{"explode"}},
			{name: "bulk assign", role: access.Manager, method: "POST", path: "acme/directory/bulk",
				body: fmt.Sprintf(`{"action":"assign","ids":[%d,%d],"owner_id":%d}`, ids[1], ids[2], f.users[access.Specialist]), status: 200,
				want: []string{`"changed":2`}},
			{name: "bulk tag", role: access.Owner, method: "POST", path: "acme/directory/bulk",
				body: fmt.Sprintf(`{"action":"tag_add","ids":[%d],"tag":"Summer Drop"}`, ids[1]), status: 200, want: []string{`"changed":1`}},
			{name: "owned by", role: access.Viewer, path: fmt.Sprintf("acme/directory?owner=%d&tag=summer-drop", f.users[access.Specialist]), status: 200,
				want: []string{`"handle":"dir_ben"`, `"total":1`}},
		})
		p, _ := s.CRMProfile(ctx, f.other.ID, foreign[0])
		if len(p.Tags) != 0 {
			t.Errorf("a refused bulk change tagged another workspace's creator: %q", p.Tags)
		}

		t.Run("cursor", func(t *testing.T) {
			var seen []string
			path := "acme/directory?limit=2&sort=handle&q=dir_"
			for i := 0; i < 5 && path != ""; i++ {
				code, body := f.call(t, f.tokens[access.Viewer], "GET", path, "")
				if code != 200 {
					t.Fatalf("%s: %d %s", path, code, body)
				}
				var out struct {
					Items      []struct{ Handle string }
					NextCursor string `json:"next_cursor"`
				}
				json.Unmarshal([]byte(body), &out)
				for _, it := range out.Items {
					seen = append(seen, it.Handle)
				}
				path = ""
				if out.NextCursor != "" {
					path = "acme/directory?limit=2&sort=handle&q=dir_&cursor=" + url.QueryEscape(out.NextCursor)
				}
			}
			if fmt.Sprint(seen) != "[dir_ana dir_ben dir_cara dir_new]" {
				t.Errorf("paged %v", seen)
			}
			if code, _ := f.call(t, f.tokens[access.Viewer], "GET", "acme/directory?limit=2&sort=gmv_30d&cursor=ZDEfaGFuZGxl", ""); code != 400 {
				t.Errorf("a cursor of another list: %d", code)
			}
		})

		t.Run("saved views", func(t *testing.T) {
			code, body := f.call(t, f.tokens[access.Specialist], "POST", "acme/views", `{"page":"directory","name":"Mine","query":"owner=me"}`)
			if code != 200 {
				t.Fatalf("save: %d %s", code, body)
			}
			var v struct{ ID int64 }
			json.Unmarshal([]byte(body), &v)
			f.run(t, []apiCase{
				{name: "own list", role: access.Specialist, path: "acme/views?page=directory", status: 200, want: []string{`"name":"Mine"`}},
				{name: "another member's list", role: access.Manager, path: "acme/views", status: 200, want: []string{`"items":[]`}},
				{name: "another member deletes", role: access.Manager, method: "DELETE", path: fmt.Sprintf("acme/views/%d", v.ID), status: 404},
				{name: "no name", role: access.Specialist, method: "POST", path: "acme/views", body: `{"page":"directory","name":" ","query":""}`, status: 400},
				{name: "own delete", role: access.Specialist, method: "DELETE", path: fmt.Sprintf("acme/views/%d", v.ID), status: 204},
				{name: "gone", role: access.Specialist, method: "DELETE", path: fmt.Sprintf("acme/views/%d", v.ID), status: 404},
			})
		})
	})
}
