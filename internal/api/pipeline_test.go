package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
	"github.com/creatorops/creatorops/internal/web"
)

func TestPipelineAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(t.Output(), nil))
		ws, _ := storetest.USDShop(t, s)
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		ids := storetest.Creators(t, s, ws.ID, "ana", "ben")
		foreign := storetest.Creators(t, s, other.ID, "zed")
		srv := httptest.NewServer(web.New(s, log))
		defer srv.Close()
		a := auth.New(s, log)
		tokens, users := map[access.Role]string{}, map[access.Role]int64{}
		for _, role := range access.Roles {
			id, err := s.CreateUser(ctx, string(role)+"@acme.example", "", "x")
			if err != nil {
				t.Fatal(err)
			}
			if err := s.AddMember(ctx, id, ws.ID, string(role)); err != nil {
				t.Fatal(err)
			}
			users[role] = id
			if tokens[role], _, err = a.NewAPIToken(ctx, store.Actor{UserID: id, Label: "test"}, ws.ID, string(role), role); err != nil {
				t.Fatal(err)
			}
		}
		outsider, _ := s.CreateUser(ctx, "out@other.example", "", "x")
		s.AddMember(ctx, outsider, other.ID, "owner")
		path := func(id int64, action string) string {
			return fmt.Sprintf("/workspaces/acme/creators/%d/%s", id, action)
		}

		calls := []struct {
			name         string
			role         access.Role
			method, path string
			body         string
			status       int
			want         string
		}{
			{"stage as specialist", access.Specialist, "PUT", path(ids[0], "stage"), `{"stage":"contacted"}`, 200, `"stage":"contacted"`},
			{"stage as finance", access.Finance, "PUT", path(ids[0], "stage"), `{"stage":"engaged"}`, 403, ""},
			{"stage as viewer", access.Viewer, "PUT", path(ids[0], "stage"), `{"stage":"engaged"}`, 403, ""},
			{"banned without a reason", access.Manager, "PUT", path(ids[1], "stage"), `{"stage":"banned"}`, 422, "body.reason"},
			{"unknown stage", access.Manager, "PUT", path(ids[1], "stage"), `{"stage":"famous"}`, 422, "body.stage"},
			{"another workspace's creator", access.Owner, "PUT", path(foreign[0], "stage"), `{"stage":"famous"}`, 404, ""},
			{"unknown field", access.Owner, "PUT", path(ids[1], "stage"), `{"stage":"engaged","color":"red"}`, 422, "color"},
			{"specialist token assigns", access.Specialist, "PUT", path(ids[1], "owner"), fmt.Sprintf(`{"owner_id":%d}`, users[access.Specialist]), 403, "creators.manage"},
			{"manager assigns an outsider", access.Manager, "PUT", path(ids[1], "owner"), fmt.Sprintf(`{"owner_id":%d}`, outsider), 422, "body.owner_id"},
			{"manager assigns", access.Manager, "PUT", path(ids[1], "owner"), fmt.Sprintf(`{"owner_id":%d}`, users[access.Specialist]), 200, `"owner_email":"specialist@acme.example"`},
			{"tags", access.Specialist, "POST", path(ids[1], "tags"), `{"add":["Summer Drop"]}`, 200, `"tags":["summer-drop"]`},
			{"bad email", access.Specialist, "PATCH", path(ids[1], "profile"), `{"email":"ben@"}`, 422, "body.email"},
			{"bad time zone", access.Specialist, "PATCH", path(ids[1], "profile"), `{"time_zone":"Moon/Base"}`, 422, "body.time_zone"},
			{"negative followers", access.Specialist, "PATCH", path(ids[1], "profile"), `{"followers":-5}`, 422, "body.followers"},
			{"profile", access.Specialist, "PATCH", path(ids[1], "profile"), `{"email":"ben@example.com","followers":1200}`, 200, `"followers":1200`},
			{"empty note", access.Specialist, "POST", path(ids[1], "notes"), `{"body":" "}`, 422, "body.body"},
			{"note", access.Specialist, "POST", path(ids[1], "notes"), `{"body":"Call on Friday."}`, 201, `"kind":"note"`},
			{"note as viewer", access.Viewer, "POST", path(ids[1], "notes"), `{"body":"x"}`, 403, ""},
			{"task for an outsider", access.Specialist, "POST", "/workspaces/acme/tasks", fmt.Sprintf(`{"title":"x","assignee_id":%d}`, outsider), 422, "body.assignee"},
			{"task about another workspace's creator", access.Specialist, "POST", "/workspaces/acme/tasks", fmt.Sprintf(`{"title":"x","creator_id":%d}`, foreign[0]), 422, "body.creator_id"},
			{"task", access.Specialist, "POST", "/workspaces/acme/tasks", fmt.Sprintf(`{"title":"Send the brief","creator_id":%d,"due":"2020-01-02"}`, ids[1]), 201, `"due":"2020-01-02"`},
			{"overdue tasks", access.Viewer, "GET", "/workspaces/acme/tasks?status=overdue", "", 200, "Send the brief"},
			{"tasks of the other workspace", access.Viewer, "GET", "/workspaces/other/tasks", "", 404, ""},
			{"board", access.Viewer, "GET", "/workspaces/acme/pipeline?tag=summer-drop", "", 200, `"handle":"ben"`},
			{"sla", access.Viewer, "GET", "/workspaces/acme/pipeline/sla", "", 200, `"name":"tasks_due","label":"Tasks past their due day","days":0,"count":1`},
		}
		for _, c := range calls {
			status, body, _ := send(t, srv.URL, tokens[c.role], c.method, c.path, c.body)
			if status != c.status || !strings.Contains(string(body), c.want) {
				t.Errorf("%s: %d %s, want %d with %q", c.name, status, body, c.status, c.want)
			}
		}
		if p, _ := s.CRMProfile(ctx, ws.ID, ids[1]); p.Stage != model.StageProspect {
			t.Errorf("a refused move changed ben's stage to %s", p.Stage)
		}

		// The timeline pages with its cursor, newest first, without repeats.
		var seen []string
		cursor := ""
		for range 10 {
			q := path(ids[1], "timeline") + "?limit=2"
			if cursor != "" {
				q += "&cursor=" + cursor
			}
			status, body, _ := send(t, srv.URL, tokens[access.Viewer], "GET", q, "")
			if status != 200 {
				t.Fatalf("timeline: %d %s", status, body)
			}
			var page struct {
				Items []struct {
					Kind string `json:"kind"`
					ID   int64  `json:"id"`
				} `json:"items"`
				NextCursor string `json:"next_cursor"`
			}
			json.Unmarshal(body, &page)
			for _, it := range page.Items {
				seen = append(seen, fmt.Sprintf("%s:%d", it.Kind, it.ID))
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		kinds := make([]string, len(seen))
		for i, k := range seen {
			kinds[i], _, _ = strings.Cut(k, ":")
		}
		if got := strings.Join(kinds, ","); got != "task,note,profile,tags,owner,stage" {
			t.Errorf("timeline kinds %s (%q)", got, seen)
		}
		if status, _, _ := send(t, srv.URL, tokens[access.Viewer], "GET", path(ids[1], "timeline")+"?cursor=bm9wZQ", ""); status != 400 {
			t.Errorf("a bad cursor: %d", status)
		}
	})
}
