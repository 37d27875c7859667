package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestAPITagLimit: every operation that sets tags (creator create, a creator's tags, bulk
// tag_add) refuses a tag longer than 60 characters once normalized, as the web pages do, with
// a 422 naming the tag and its place; 60 passes; nothing is written. Removing a longer tag
// from before the limit still works. The roles that may not call them get 403 first.
func TestAPITagLimit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newAdminAPI(t, s)
		// A long tag from before the limit, which the store now refuses: seeded as it was.
		legacy := strings.Repeat("l", 70)
		ids, err := s.SeedCreators(ctx, f.ws.ID, []store.SeedCreator{{Handle: "tag_ana"}, {Handle: "tag_ben", Tags: []string{legacy}}})
		if err != nil {
			t.Fatal(err)
		}
		long, max := strings.Repeat("x", 61), strings.Repeat("y", 60)
		spaced := strings.Repeat("a", 30) + "   " + strings.Repeat("b", 29) // 60 once the spaces are one dash
		tags := func(id int64) string { return fmt.Sprintf("acme/creators/%d/tags", id) }
		bulk := func(action, tag string) string {
			return fmt.Sprintf(`{"action":%q,"ids":[%d],"tag":%q}`, action, ids[0], tag)
		}
		f.run(t, []apiCase{
			{name: "create with a long tag", role: access.Manager, method: "POST", path: "acme/creators",
				body: fmt.Sprintf(`{"handle":"tag_new","tags":["vip",%q]}`, long), status: 422,
				want: []string{`"location":"body.tags[1]"`, long, "is longer than 60 characters"}},
			{name: "tags with a long tag", role: access.Specialist, method: "POST", path: tags(ids[0]),
				body: fmt.Sprintf(`{"add":[%q]}`, long), status: 422, want: []string{`"location":"body.add[0]"`, long, "longer than 60 characters"}},
			{name: "bulk tag_add with a long tag", role: access.Manager, method: "POST", path: "acme/directory/bulk",
				body: bulk("tag_add", long), status: 422, want: []string{`"location":"body.tag"`, long, "longer than 60 characters"}},
			{name: "create with tags of 60", role: access.Specialist, method: "POST", path: "acme/creators",
				body: fmt.Sprintf(`{"handle":"tag_new","tags":[%q,%q]}`, max, spaced), status: 201, want: []string{max, strings.Repeat("a", 30) + "-"}},
			{name: "tags of 60", role: access.Specialist, method: "POST", path: tags(ids[0]), body: fmt.Sprintf(`{"add":[%q]}`, max), status: 200,
				want: []string{max}},
			{name: "bulk tag_add of 60", role: access.Owner, method: "POST", path: "acme/directory/bulk", body: bulk("tag_add", spaced), status: 200,
				want: []string{`"changed":1`}},
			{name: "remove a long tag from before", role: access.Specialist, method: "POST", path: tags(ids[1]),
				body: fmt.Sprintf(`{"remove":[%q]}`, legacy), status: 200, want: []string{`"tags":[]`}},
			{name: "tags as viewer", role: access.Viewer, method: "POST", path: tags(ids[0]), body: fmt.Sprintf(`{"add":[%q]}`, long), status: 403},
			{name: "tags as finance", role: access.Finance, method: "POST", path: tags(ids[0]), body: `{"add":["vip"]}`, status: 403},
			{name: "create as viewer", role: access.Viewer, method: "POST", path: "acme/creators", body: `{"handle":"tag_x","tags":["vip"]}`, status: 403},
			{name: "bulk as specialist", role: access.Specialist, method: "POST", path: "acme/directory/bulk", body: bulk("tag_add", "vip"), status: 403},
		})
		p, err := s.CRMProfile(ctx, f.ws.ID, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range p.Tags {
			if len(tag) > store.MaxTagLen {
				t.Errorf("a refused tag was written: %q", tag)
			}
		}
		if _, err := s.CreatorIDByHandle(ctx, f.ws.ID, "tag_new"); err != nil {
			t.Errorf("the good create: %v", err)
		}
	})
}
