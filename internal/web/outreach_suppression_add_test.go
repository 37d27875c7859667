package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestSuppressionAddRefused: a refused manual suppression shows the suppressions page again
// (400) with the list, the add form as typed, the field at fault marked and the message;
// nothing is added. Those who may run outreach add; the others get 403.
func TestSuppressionAddRefused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		const path = "/w/acme/outreach/suppressions"
		invalid := `aria-invalid="true" aria-describedby="suppression-error"`
		tests := []struct {
			name   string
			role   access.Role
			form   url.Values
			status int
			want   []string
		}{
			{"not an email", access.Specialist, url.Values{"kind": {"email"}, "value": {"notanemail"}, "note": {"asked by phone"}}, 400,
				[]string{`id="suppression-error"`, "Nothing was added: email “notanemail” is not an email address like creator@example.com.",
					`name="value" value="notanemail" required maxlength="320" class="wide" placeholder="creator@example.com" ` + invalid,
					`name="note" value="asked by phone"`, `<option value="email" selected>`, "uma@example.com", "<h1>Suppressions</h1>"}},
			{"unknown creator", access.Manager, url.Values{"kind": {"creator"}, "value": {"@nobody"}, "scope": {"agency"}}, 400,
				[]string{"Nothing was added: no creator “@nobody” in this workspace: give their @handle.", `name="value" value="@nobody"`,
					`<option value="creator" selected>`, `<option value="agency" selected>`}},
			{"unknown kind", access.Owner, url.Values{"kind": {"fax"}, "value": {"+1 555"}}, 400,
				[]string{`<select name="kind" ` + invalid, "kind: “fax” is not email, tiktok, discord or creator."}},
			{"no agency", access.Manager, url.Values{"kind": {"email"}, "value": {"x@example.com"}, "scope": {"agency"}}, 400,
				[]string{`<select name="scope" ` + invalid, "this workspace belongs to no agency", `name="value" value="x@example.com"`}},
			{"empty value", access.Specialist, url.Values{"kind": {"tiktok"}, "value": {"  "}}, 400,
				[]string{"give the address (or creator id) to suppress", `<option value="tiktok" selected>`}},
			{"as viewer", access.Viewer, url.Values{"kind": {"email"}, "value": {"notanemail"}}, 403, nil},
			{"as finance", access.Finance, url.Values{"kind": {"email"}, "value": {"x@example.com"}}, 403, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				code, _, body := f.post(t, tt.role, path, tt.form)
				if code != tt.status {
					t.Fatalf("status %d, want %d\n%.800s", code, tt.status, body)
				}
				for _, w := range tt.want {
					if !strings.Contains(body, w) {
						t.Errorf("the page lacks %q", w)
					}
				}
				if strings.Contains(body, "That did not work") {
					t.Errorf("a refused suppression should show the suppressions page, not the error page")
				}
			})
		}
		if xs, err := s.Suppressions(context.Background(), f.ws.ID, 0, 100); err != nil || len(xs) != 1 {
			t.Errorf("refused suppressions were added: %d entries, %v", len(xs), err)
		}
		// An accepted one still goes back to the list with its notice.
		if code, loc, _ := f.post(t, access.Specialist, path, url.Values{"kind": {"email"}, "value": {"Ann@Example.com"}}); code != 303 || loc != path+"?ok=added" {
			t.Errorf("a good suppression: %d → %q", code, loc)
		}
	})
}
