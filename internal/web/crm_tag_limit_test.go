package web

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestTagLimitAtTheEdge: the pages count a tag as the store does (store.CheckTag, which the
// API uses too): 60 characters once normalized pass, spaces counting as one dash and an
// accented letter as one character; 61 are refused naming the tag. The bulk bar still removes
// a longer tag from before the limit.
func TestTagLimitAtTheEdge(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, true)
		ctx := context.Background()
		id, err := s.CreatorIDByHandle(ctx, f.ws.ID, "pixiemint_1")
		if err != nil {
			t.Fatal(err)
		}
		// A long tag from before the limit (the store now refuses one: seed it as it was).
		legacy := strings.Repeat("l", 70)
		old, err := s.SeedCreators(ctx, f.ws.ID, []store.SeedCreator{{Handle: "legacy_tags", Tags: []string{legacy}}})
		if err != nil {
			t.Fatal(err)
		}
		oldIDs := strconv.FormatInt(old[0], 10)
		spaced := strings.Repeat("a", 30) + "    " + strings.Repeat("b", 29)
		accented := strings.Repeat("é", 60)
		longAccented := strings.Repeat("é", 61)
		ids := strconv.FormatInt(id, 10)
		for _, c := range []struct {
			name   string
			role   access.Role
			path   string
			form   url.Values
			status int
			want   []string
		}{
			{"creator page, 60 once normalized", access.Specialist, crmPath(id, "tags"), url.Values{"add": {spaced}}, 303, nil},
			{"creator page, 60 accented", access.Manager, crmPath(id, "tags"), url.Values{"add": {accented}}, 303, nil},
			{"creator page, 61 accented", access.Specialist, crmPath(id, "tags"), url.Values{"add": {longAccented}}, 400,
				[]string{"add: tag “" + strings.Repeat("é", 60) + "…” is longer than 60 characters."}},
			{"creator page as finance", access.Finance, crmPath(id, "tags"), url.Values{"add": {"vip"}}, 403, nil},
			{"bulk bar, 61 accented", access.Manager, "/w/acme/directory/bulk", url.Values{"action": {"tag_add"}, "tag": {longAccented}, "id": {ids}}, 400,
				[]string{"at most 60 characters"}},
			{"bulk bar as specialist", access.Specialist, "/w/acme/directory/bulk", url.Values{"action": {"tag_remove"}, "tag": {legacy}, "id": {oldIDs}}, 403, nil},
			{"bulk bar removes a long tag from before", access.Manager, "/w/acme/directory/bulk", url.Values{"action": {"tag_remove"}, "tag": {legacy}, "id": {oldIDs}}, 303, nil},
		} {
			code, _, body := f.send(t, c.role, "POST", c.path, c.form)
			expect(t, c.name, code, body, c.status, c.want...)
		}
		p, err := s.CRMProfile(ctx, f.ws.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{strings.Repeat("a", 30) + "-" + strings.Repeat("b", 29), accented}
		if !slices.Equal(p.Tags, want) {
			t.Errorf("tags = %q, want %q", p.Tags, want)
		}
		if p, err := s.CRMProfile(ctx, f.ws.ID, old[0]); err != nil || len(p.Tags) != 0 {
			t.Errorf("the long tag from before was not removed: %q (%v)", p.Tags, err)
		}
	})
}
