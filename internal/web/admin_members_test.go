package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// shownSecretRE finds the secret a page shows once.
var shownSecretRE = regexp.MustCompile(`<code class="secret">([^<]+)</code>`)

func secretOf(t *testing.T, body string) string {
	t.Helper()
	m := shownSecretRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no secret on the page: %.600s", body)
	}
	return m[1]
}

func memberPath(id int64, action string) string {
	return fmt.Sprintf("/w/acme/members/%d/%s", id, action)
}

func TestMembersPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, false)
		ctx := context.Background()
		for _, role := range access.Roles {
			code, _, body := f.send(t, role, "GET", "/w/acme/members", nil)
			csvCode, _, csvBody := f.send(t, role, "GET", "/w/acme/members.csv", nil)
			if role != access.Owner {
				expect(t, "members as "+string(role), code, body, 403)
				expect(t, "members.csv as "+string(role), csvCode, csvBody, 403)
				for _, p := range []string{"/w/acme/members", memberPath(f.people[access.Viewer].userID, "role"),
					memberPath(f.people[access.Viewer].userID, "remove"), memberPath(f.people[access.Viewer].userID, "password")} {
					code, _, body := f.send(t, role, "POST", p, url.Values{"email": {"x@y.example"}, "role": {"owner"}})
					expect(t, "POST "+p+" as "+string(role), code, body, 403)
				}
				continue
			}
			expect(t, "members as owner", code, body, 200, "viewer@acme.example", "finance@acme.example",
				"add members, change roles, remove members, reset passwords", "members.manage", "the only owner", `<span class="role">you</span>`)
			expect(t, "members.csv", csvCode, csvBody, 200, "email,name,role,added", "owner@acme.example,,owner,")
			if strings.Contains(csvBody, "other.example") {
				t.Error("members.csv lists a member of another workspace")
			}
		}
		if role, _ := s.MemberRole(ctx, f.people[access.Viewer].userID, f.ws.ID); role != "viewer" {
			t.Fatalf("refused requests changed the viewer's role to %q", role)
		}

		// Adding: a new account gets a temporary password, shown once, that signs in.
		code, _, body := f.send(t, access.Owner, "POST", "/w/acme/members", url.Values{"email": {" New@Acme.example "}, "name": {"Nia"}, "role": {"specialist"}})
		expect(t, "add a new person", code, body, 200, "Temporary password for new@acme.example", "shown only this once")
		temp := secretOf(t, body)
		c := signIn(t, f.srv, login{email: "new@acme.example", password: temp})
		code, _, body = adminSend(t, c, f.srv.URL, "GET", "/w/acme/", nil)
		expect(t, "new member signs in", code, body, 200, "specialist")
		e := lastAudit(t, s, f.ws, "member.add")
		if !strings.Contains(e.After, `"role":"specialist"`) || !strings.Contains(e.Summary, "new account") || e.Actor != "owner@acme.example" {
			t.Errorf("member.add entry %+v", e)
		}
		// Adding someone who has an account elsewhere keeps their password and shows none.
		code, loc, body := f.send(t, access.Owner, "POST", "/w/acme/members", url.Values{"email": {f.outside.email}, "role": {"viewer"}})
		expect(t, "add an existing account", code, body, 303)
		if loc != "/w/acme/members?ok=added" {
			t.Errorf("Location %q", loc)
		}
		signIn(t, f.srv, f.outside) // the old password still works
		for _, b := range []struct {
			name string
			form url.Values
			code int
			want string
		}{
			{"already a member", url.Values{"email": {"viewer@acme.example"}, "role": {"manager"}}, 409, "already a member"},
			{"bad email", url.Values{"email": {"not-an-email"}, "role": {"viewer"}}, 400, "Email &#34;not-an-email&#34; is not an email address"},
			{"no email", url.Values{"role": {"viewer"}}, 400, "is not an email address"},
			{"bad role", url.Values{"email": {"z@acme.example"}, "role": {"admin"}}, 400, "Role &#34;admin&#34; does not exist"},
		} {
			code, _, body := f.send(t, access.Owner, "POST", "/w/acme/members", b.form)
			expect(t, b.name, code, body, b.code, b.want)
		}
		if _, _, err := s.UserByEmail(ctx, "z@acme.example"); err == nil {
			t.Error("a refused add created an account")
		}
		if n := auditCount(t, s, f.ws, "member.add"); n != 2 {
			t.Errorf("%d member.add entries, want 2", n)
		}

		// Roles.
		viewer := f.people[access.Viewer].userID
		code, loc, body = f.send(t, access.Owner, "POST", memberPath(viewer, "role"), url.Values{"role": {"manager"}})
		expect(t, "promote", code, body, 303)
		if role, _ := s.MemberRole(ctx, viewer, f.ws.ID); role != "manager" || loc != "/w/acme/members?ok=role" {
			t.Errorf("role %q, Location %q", role, loc)
		}
		e = lastAudit(t, s, f.ws, "member.role")
		if e.Before != `{"role":"viewer"}` || e.After != `{"role":"manager"}` {
			t.Errorf("member.role entry %+v", e)
		}
		code, _, body = f.send(t, access.Owner, "POST", memberPath(viewer, "role"), url.Values{"role": {"boss"}})
		expect(t, "bad role", code, body, 400, "Role &#34;boss&#34; does not exist")

		// The last owner stays.
		owner := f.people[access.Owner].userID
		code, _, body = f.send(t, access.Owner, "POST", memberPath(owner, "role"), url.Values{"role": {"manager"}})
		expect(t, "demote the last owner", code, body, 409, "owner@acme.example is the only owner of this workspace")
		code, _, body = f.send(t, access.Owner, "POST", memberPath(owner, "remove"), nil)
		expect(t, "remove the last owner", code, body, 409, "is the only owner")
		if role, _ := s.MemberRole(ctx, owner, f.ws.ID); role != "owner" {
			t.Fatalf("the last owner is now %q", role)
		}

		// Another workspace's member, and nonsense ids, are 404 before the form is read.
		elsewhere := addMember(t, s, "second@other.example", f.other, "viewer")
		for _, p := range []string{fmt.Sprintf("/w/acme/members/%d/", elsewhere.userID), "/w/acme/members/999999/", "/w/acme/members/abc/",
			fmt.Sprintf("/w/other/members/%d/", elsewhere.userID)} {
			for _, action := range []string{"role", "remove", "password"} {
				code, _, body := f.send(t, access.Owner, "POST", p+action, url.Values{"role": {"nonsense"}})
				expect(t, p+action, code, body, 404)
			}
		}

		// Remove.
		fin := f.people[access.Finance].userID
		code, loc, body = f.send(t, access.Owner, "POST", memberPath(fin, "remove"), nil)
		expect(t, "remove", code, body, 303)
		if _, err := s.MemberRole(ctx, fin, f.ws.ID); err == nil || loc != "/w/acme/members?ok=removed" {
			t.Errorf("finance still a member (%v), Location %q", err, loc)
		}
		if e := lastAudit(t, s, f.ws, "member.remove"); !strings.Contains(e.Before, "finance@acme.example") {
			t.Errorf("member.remove entry %+v", e)
		}
		code, _, body = f.send(t, access.Finance, "GET", "/w/acme/", nil)
		expect(t, "removed member", code, body, 404)

		// With a second owner, the first may step down; then they no longer manage members.
		code, _, body = f.send(t, access.Owner, "POST", memberPath(viewer, "role"), url.Values{"role": {"owner"}})
		expect(t, "second owner", code, body, 303)
		code, loc, body = f.send(t, access.Owner, "POST", memberPath(owner, "role"), url.Values{"role": {"viewer"}})
		expect(t, "step down", code, body, 303)
		if loc != "/w/acme/" {
			t.Errorf("step down: Location %q", loc)
		}
		code, _, body = f.send(t, access.Owner, "GET", "/w/acme/members", nil)
		expect(t, "members after stepping down", code, body, 403)
	})
}

func TestMemberPasswordReset(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, false)
		ctx := context.Background()
		spec := f.people[access.Specialist]
		specClient := f.clients[access.Specialist]

		// Generated: shown once; the old sessions end and the old password no longer works.
		code, _, body := f.send(t, access.Owner, "POST", memberPath(spec.userID, "password"), url.Values{"password": {""}})
		expect(t, "generated reset", code, body, 200, "Temporary password for specialist@acme.example", "signed out everywhere")
		temp := secretOf(t, body)
		code, loc, _ := adminSend(t, specClient, f.srv.URL, "GET", "/w/acme/", nil)
		if code != 303 || !strings.HasPrefix(loc, "/login") {
			t.Errorf("the old session still works: %d %s", code, loc)
		}
		if code, _, _ := adminSend(t, noRedirects(nil), f.srv.URL, "POST", "/login", url.Values{"email": {spec.email}, "password": {spec.password}}); code == 303 {
			t.Error("the old password still signs in")
		}
		signIn(t, f.srv, login{email: spec.email, password: temp})
		if e := lastAudit(t, s, f.ws, "user.password_reset"); e.Actor != "owner@acme.example" || e.ObjectID != fmt.Sprint(spec.userID) {
			t.Errorf("password reset entry %+v", e)
		}

		// Typed: at least 10 characters; a short one changes nothing.
		code, _, body = f.send(t, access.Owner, "POST", memberPath(spec.userID, "password"), url.Values{"password": {"short"}})
		expect(t, "short password", code, body, 400, "at least 10 characters")
		signIn(t, f.srv, login{email: spec.email, password: temp})
		code, _, body = f.send(t, access.Owner, "POST", memberPath(spec.userID, "password"), url.Values{"password": {"a typed passphrase"}})
		expect(t, "typed password", code, body, 200, "Password of specialist@acme.example reset")
		if strings.Contains(body, `class="secret"`) {
			t.Error("a typed password was shown back")
		}
		signIn(t, f.srv, login{email: spec.email, password: "a typed passphrase"})

		// Refused when the member also belongs to a workspace the actor does not own: the owner
		// of one brand must not take over an account that runs another.
		if err := s.AddMember(ctx, spec.userID, f.other.ID, "owner"); err != nil {
			t.Fatal(err)
		}
		resets := auditCount(t, s, f.ws, "user.password_reset")
		code, _, body = f.send(t, access.Owner, "POST", memberPath(spec.userID, "password"), url.Values{"password": {"takeover-password"}})
		expect(t, "reset of someone with another brand", code, body, 403, "You cannot reset the password of specialist@acme.example",
			"1 workspace(s) you do not own", "take over an account")
		if strings.Contains(body, "Other brand") {
			t.Error("the refusal names the other workspace")
		}
		signIn(t, f.srv, login{email: spec.email, password: "a typed passphrase"})
		if n := auditCount(t, s, f.ws, "user.password_reset"); n != resets {
			t.Errorf("a refused reset was recorded")
		}
		// Even as a viewer there: every workspace must be owned by the actor.
		if err := s.AddMember(ctx, spec.userID, f.other.ID, "viewer"); err != nil {
			t.Fatal(err)
		}
		code, _, body = f.send(t, access.Owner, "POST", memberPath(spec.userID, "password"), nil)
		expect(t, "reset of someone who views another brand", code, body, 403, "do not own")
		// Once the actor owns that workspace too, the reset goes through.
		if err := s.AddMember(ctx, f.people[access.Owner].userID, f.other.ID, "owner"); err != nil {
			t.Fatal(err)
		}
		code, _, body = f.send(t, access.Owner, "POST", memberPath(spec.userID, "password"), nil)
		expect(t, "reset by the owner of both", code, body, 200, "Temporary password for specialist@acme.example")
	})
}
