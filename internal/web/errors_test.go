package web

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/access"
)

// TestForbiddenMessage: the 403 page says in words what the role lacks and who has it, not a
// permission code.
func TestForbiddenMessage(t *testing.T) {
	for _, tc := range []struct {
		role access.Role
		perm access.Permission
		want string
	}{
		{access.Specialist, access.ExportData, "Your role (specialist) does not allow this. It takes the right to download any list as CSV, " +
			"including rejected rows, which the owner, manager and finance roles have. A workspace owner can change your role on the Members page."},
		{access.Manager, access.ManageMembers, "Your role (manager) does not allow this. It takes the right to add members, change roles, " +
			"remove members, reset passwords, which the owner role has. A workspace owner can change your role on the Members page."},
		{access.Viewer, access.Permission("no.such"), "Your role (viewer) does not allow this. A workspace owner can change your role."},
	} {
		if got := forbiddenMessage(tc.role, tc.perm); got != tc.want {
			t.Errorf("%s, %s:\n got %q\nwant %q", tc.role, tc.perm, got, tc.want)
		}
	}
}

// TestQuoteCutsAtACharacter: a long value in a message is cut at a character, never inside
// one, so the message stays valid text.
func TestQuoteCutsAtACharacter(t *testing.T) {
	long := strings.Repeat("é", 70)
	got := quote(long)
	if !utf8.ValidString(got) || got != "“"+strings.Repeat("é", 60)+"…”" {
		t.Errorf("quote of 70 × é = %q", got)
	}
	if got := quote("vip"); got != "“vip”" {
		t.Errorf("quote(vip) = %q", got)
	}
}
