package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/outreachtest"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// testKeyring is a keyring with a random key, as CREATOROPS_SECRET_KEY gives one.
func testKeyring(t *testing.T) *secrets.Keyring {
	t.Helper()
	key := make([]byte, secrets.KeySize)
	rand.Read(key)
	ring, err := secrets.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return ring
}

func TestOutreachRolesAndForms(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		seq := f.seqPath("")
		tpl := "/w/acme/outreach/templates/" + strconv.FormatInt(f.tpl.ID, 10)
		// Reading is for everybody, running for specialists up, configuring for managers up.
		for _, c := range []struct {
			role        access.Role
			path        string
			status      int
			want, lacks string
		}{
			{access.Viewer, "/w/acme/outreach", 200, "US beauty", "New sequence"},
			{access.Viewer, seq, 200, "Your role can look but not enroll", "Save settings"},
			{access.Viewer, tpl, 200, "read only", "Save template"},
			{access.Specialist, "/w/acme/outreach", 200, "New sequence", "Settings &amp; mailboxes"},
			{access.Specialist, tpl, 200, "Save template", ""},
			{access.Specialist, "/w/acme/outreach/settings", 403, "set sender mailboxes, quotas, quiet hours", ""},
			{access.Specialist, "/w/acme/outreach/suppressions", 200, "uma@example.com", ">Remove<"},
			{access.Manager, "/w/acme/outreach/suppressions", 200, ">Remove<", ""},
			{access.Manager, "/w/acme/outreach/settings", 200, "Partnerships", ""},
			{access.Finance, "/w/acme/outreach/sequences.csv", 200, "US beauty", ""},
			{access.Specialist, "/w/acme/outreach/sequences.csv", 403, "", ""},
		} {
			code, body := f.get(t, c.role, c.path)
			if code != c.status || !strings.Contains(body, c.want) || (c.lacks != "" && strings.Contains(body, c.lacks)) {
				t.Errorf("%s GET %s: %d, want %d with %q without %q", c.role, c.path, code, c.status, c.want, c.lacks)
			}
		}
		for _, c := range []struct {
			role   access.Role
			path   string
			form   url.Values
			status int
		}{
			{access.Viewer, "/w/acme/outreach/sequences", url.Values{"name": {"Nope"}}, 403},
			{access.Finance, seq + "/enroll", url.Values{"creators": {"@mai.nguyen"}}, 403},
			{access.Specialist, "/w/acme/outreach/settings", url.Values{}, 403},
			{access.Specialist, "/w/acme/outreach/sequences", url.Values{"name": {"Specialist's"}}, 303},
			{access.Specialist, "/w/acme/outreach/sequences", url.Values{"name": {""}}, 400},
		} {
			if code, _, body := f.post(t, c.role, c.path, c.form); code != c.status {
				t.Errorf("%s POST %s: %d, want %d: %.300s", c.role, c.path, code, c.status, body)
			}
		}
	})
}

func TestOutreachTemplateEditor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		ctx := context.Background()
		// An unknown variable is refused next to its field, with its line:column; nothing is saved.
		form := url.Values{"name": {"Bad"}, "language": {"", ""}, "label": {"A", "B"}, "weight": {"1", "1"},
			"subject": {"Hi", ""}, "body": {"Hello\n{{creator.frist_name}}", ""}}
		code, _, body := f.post(t, access.Specialist, "/w/acme/outreach/templates", form)
		if code != 422 || !strings.Contains(body, `line 2:3: unknown variable &#34;creator.frist_name&#34; (did you mean creator.first_name?)`) {
			t.Fatalf("bad variable: %d\n%s", code, body)
		}
		if ts, _ := s.Templates(ctx, f.ws.ID, true); len(ts) != 1 {
			t.Fatalf("a refused template was saved: %d templates", len(ts))
		}
		// A good one is saved (the empty second row is no variant) and opens with a preview.
		form.Set("body", "Hi {{creator.first_name | \"there\"}} from {{sender.company}}")
		form["body"] = []string{"Hi {{creator.first_name | \"there\"}} from {{sender.company}}", ""}
		code, loc, body := f.post(t, access.Specialist, "/w/acme/outreach/templates", form)
		if code != 303 {
			t.Fatalf("save: %d %s", code, body)
		}
		// The preview renders with a real creator: Mai's first name, the workspace as the sender.
		code, body = f.get(t, access.Viewer, strings.TrimSuffix(loc, "?ok=created")+"?creator=mai.nguyen")
		if code != 200 || !strings.Contains(body, "Hi Mai from acme") || !strings.Contains(body, "@mai.nguyen") {
			t.Fatalf("preview: %d\n%s", code, body)
		}
		// A creator without a first name gets the fallback; a missing value is named.
		tplID := strings.TrimPrefix(strings.TrimSuffix(loc, "?ok=created"), "/w/acme/outreach/templates/")
		form2 := url.Values{"name": {"Needs a campaign"}, "language": {""}, "label": {"A"}, "weight": {"1"}, "subject": {""},
			"body": {"Hi {{creator.first_name | \"there\"}}, join {{campaign.name}}"}, "action": {"preview"}, "creator": {"noemail"}}
		code, _, body = f.post(t, access.Specialist, "/w/acme/outreach/templates/"+tplID, form2)
		if code != 200 || !strings.Contains(body, "Hi there, join") || !strings.Contains(body, "No value for <code>campaign.name</code>") {
			t.Fatalf("preview before saving: %d\n%s", code, body)
		}
		if got, _ := s.Template(ctx, f.ws.ID, mustID(t, tplID)); got.Name != "Bad" {
			t.Errorf("a preview saved the template: %q", got.Name)
		}
		// A step on email needs a subject in every variant.
		noSubject := &store.OutreachTemplate{WorkspaceID: f.ws.ID, Name: "IM only", Variants: []store.TemplateVariant{{Label: "A", Body: "Hey {{creator.handle}}"}}}
		if err := s.CreateTemplate(ctx, store.CLIActor, noSubject); err != nil {
			t.Fatal(err)
		}
		code, _, body = f.post(t, access.Specialist, f.seqPath("steps"), url.Values{"channel": {"email"}, "template": {strconv.FormatInt(noSubject.ID, 10)},
			"delay": {"0"}, "unit": {"hours"}, "card_kind": {""}, "card_id": {""}})
		if code != 422 || !strings.Contains(body, "an email needs a subject") {
			t.Fatalf("email step without a subject: %d\n%s", code, body)
		}
		// Adding a step copies the last one, two business days later.
		code, _, body = f.post(t, access.Specialist, f.seqPath("steps"), url.Values{"channel": {"email"}, "template": {strconv.FormatInt(f.tpl.ID, 10)},
			"delay": {"0"}, "unit": {"hours"}, "card_kind": {""}, "card_id": {""}, "op": {"add"}})
		if code != 303 {
			t.Fatalf("add step: %d %s", code, body)
		}
		q, _ := s.Sequence(ctx, f.ws.ID, f.seq.ID)
		if len(q.Steps) != 2 || q.Steps[1].DelayMinutes != 2*9*60 {
			t.Errorf("steps after add = %+v", q.Steps)
		}
	})
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestOutreachEnrollSavedView(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		ctx := context.Background()
		u := f.users[access.Specialist]
		view, err := s.SaveView(ctx, store.Actor{UserID: u.userID, Label: u.email}, f.ws.ID, u.userID, store.ViewPageDirectory, "Everybody", "sort=handle")
		if err != nil {
			t.Fatal(err)
		}
		code, body := f.get(t, access.Specialist, f.seqPath(""))
		if code != 200 || !strings.Contains(body, "Everybody — 5 match") {
			t.Fatalf("the view and its count are not offered: %d\n%s", code, body)
		}
		code, loc, body := f.post(t, access.Specialist, f.seqPath("enroll"), url.Values{"view_id": {strconv.FormatInt(view.ID, 10)}})
		if code != 303 {
			t.Fatalf("enroll: %d %s", code, body)
		}
		code, body = f.get(t, access.Specialist, loc)
		for _, want := range []string{"2 enrolled.", "1 suppressed", "1 do-not-contact, banned or already at a stop stage", "1 without an address"} {
			if !strings.Contains(body, want) {
				t.Errorf("result lacks %q", want)
			}
		}
		// Again: everybody is already in, nobody is enrolled twice.
		_, loc, _ = f.post(t, access.Specialist, f.seqPath("enroll"), url.Values{"view_id": {strconv.FormatInt(view.ID, 10)}})
		if _, body = f.get(t, access.Specialist, loc); !strings.Contains(body, "0 enrolled.") || !strings.Contains(body, "2 already in this sequence") {
			t.Errorf("second enrollment:\n%s", body)
		}
		// By hand, with a handle that does not exist.
		_, loc, _ = f.post(t, access.Specialist, f.seqPath("enroll"), url.Values{"creators": {"@mai.nguyen, @nobody_here"}})
		if _, body = f.get(t, access.Specialist, loc); !strings.Contains(body, "1 already in this sequence") || !strings.Contains(body, "1 not found") {
			t.Errorf("enrollment by hand:\n%s", body)
		}
		// The enrollments list, its filter and export; pause and stop one.
		code, body = f.get(t, access.Viewer, f.seqPath("enrollments?status=active"))
		if code != 200 || !strings.Contains(body, "@mai.nguyen") || !strings.Contains(body, "@glowbyhana") {
			t.Fatalf("enrollments: %d\n%s", code, body)
		}
		es, _ := s.ListEnrollments(ctx, f.ws.ID, store.EnrollmentFilter{SequenceID: f.seq.ID})
		path := "/w/acme/outreach/enrollments/" + strconv.FormatInt(es[0].ID, 10) + "/status"
		if code, _, body := f.post(t, access.Viewer, path, url.Values{"status": {"stopped"}}); code != 403 {
			t.Errorf("viewer stops an enrollment: %d %s", code, body)
		}
		if code, _, body := f.post(t, access.Specialist, path, url.Values{"status": {"stopped"}}); code != 303 {
			t.Errorf("stop: %d %s", code, body)
		}
		code, body = f.get(t, access.Viewer, f.seqPath("enrollments?reason=stopped+by+specialist%40acme.example"))
		if code != 200 || !strings.Contains(body, "stopped by specialist@acme.example") {
			t.Errorf("filter by reason: %d\n%s", code, body)
		}
		code, body = f.get(t, access.Finance, f.seqPath("enrollments.csv"))
		if code != 200 || !strings.Contains(body, "Enrollment ID,Creator ID,Creator") || strings.Count(body, "\r\n") != 3 {
			t.Errorf("enrollments CSV: %d\n%s", code, body)
		}
	})
}

func TestOutreachUnsubscribe(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ring := testKeyring(t)
		f := newOutreachFixture(t, s, Options{Connect: &connect.Service{Store: s, Keys: ring}})
		ctx := context.Background()
		key := ring.DeriveKeys(outreach.UnsubscribeKeyLabel)[0]
		token := outreach.UnsubscribeToken(key, f.ws.ID, f.creators["mai.nguyen"], "mai@example.com")
		anon := noRedirects(nil)
		run(t, f.srv, anon, []scenario{
			{name: "page", path: "/u/" + token, status: 200, want: []string{"You will no longer receive emails from <strong>acme</strong>", "mai@example.com", `method="post"`}},
			{name: "bad token", path: "/u/" + token[:len(token)-2] + "AA", status: 404, want: []string{"This unsubscribe link is not valid"}},
			{name: "another key's token", path: "/u/" + outreach.UnsubscribeToken([]byte("another key"), f.ws.ID, 1, "x@example.com"), status: 404},
		})
		// The one-click POST a mail provider sends: no cookie, no Origin or Sec-Fetch-Site.
		for range 2 { // idempotent
			resp, err := http.Post(f.srv.URL+"/u/"+token, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !bytes.Contains(b, []byte("Unsubscribed")) {
				t.Fatalf("one-click: %d %s", resp.StatusCode, b)
			}
		}
		if reason, err := s.CheckSuppressed(ctx, f.ws.ID, store.SuppressionKey{Kind: store.SuppressEmail, Value: "MAI@example.com"}); err != nil || reason != "unsubscribed" {
			t.Fatalf("suppression after one-click = %q, %v", reason, err)
		}
		run(t, f.srv, anon, []scenario{
			{name: "page when done", path: "/u/" + token, status: 200, want: []string{"You are unsubscribed"}},
			{name: "browser confirm", method: "POST", path: "/u/" + token, status: 303, headers: map[string]string{"Location": "/u/" + token},
				header: map[string]string{"Origin": f.srv.URL, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded"}},
			{name: "cross-site form", method: "POST", path: "/u/" + token, status: 403,
				header: map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}},
			{name: "bad token post", method: "POST", path: "/u/nonsense", status: 404},
		})
		// A new enrollment of that address is refused with the reason.
		r, err := s.EnrollCreators(ctx, store.CLIActor, f.ws.ID, f.seq.ID, []int64{f.creators["mai.nguyen"]}, "manual")
		if err != nil || r.Suppressed != 1 {
			t.Errorf("enroll after unsubscribing: %+v, %v", r, err)
		}
		// Without a key no token verifies.
		bare := httptestServer(t, s)
		run(t, bare, noRedirects(nil), []scenario{{name: "no key", path: "/u/" + token, status: 404}})
	})
}

func TestOutreachSettingsAndMailboxes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ring := testKeyring(t)
		f := newOutreachFixture(t, s, Options{Connect: &connect.Service{Store: s, Keys: ring}})
		ctx := context.Background()
		hours := url.Values{"business_start": {"09:00"}, "business_end": {"18:00"}, "quiet_start": {"21:00"}, "quiet_end": {"08:00"},
			"day": {"1", "2", "3", "4", "5"}, "quota_currency": {"USD"}}
		bad := url.Values{"tier_min": {"100", "50", ""}, "tier_quota": {"50", "200", ""}}
		for k, v := range hours {
			bad[k] = v
		}
		code, _, body := f.post(t, access.Manager, "/w/acme/outreach/settings", bad)
		if code != 422 || !strings.Contains(body, "row 1 starts at a minimum GMV of $100.00") || !strings.Contains(body, "row 2") {
			t.Fatalf("bad tiers: %d\n%s", code, body)
		}
		good := url.Values{"tier_min": {"0", "1,000", "5000.50"}, "tier_quota": {"60", "250", "900"}, "email_daily_cap": {"150"}}
		for k, v := range hours {
			good[k] = v
		}
		if code, _, body := f.post(t, access.Manager, "/w/acme/outreach/settings", good); code != 303 {
			t.Fatalf("good tiers: %d %s", code, body)
		}
		o, _ := s.OutreachSettings(ctx, f.ws.ID)
		if len(o.QuotaTiers) != 3 || o.QuotaTiers[1].MinGMV != 100000 || o.QuotaTiers[2].MinGMV != 500050 || o.EmailDailyCap != 150 {
			t.Errorf("settings = %+v", o)
		}
		// A mailbox password is sealed and never shown again.
		mb := url.Values{"name": {"Creators"}, "from_address": {"creators@acme.example"}, "smtp_host": {"127.0.0.1"}, "smtp_port": {"1"},
			"smtp_security": {"none"}, "smtp_password": {"hunter2-secret"}, "imap_security": {"tls"}, "daily_cap": {"100"},
			"warmup_initial": {"10"}, "warmup_step": {"5"}, "warmup_start": {"2026-11-01"}}
		code, loc, body := f.post(t, access.Manager, "/w/acme/outreach/mailboxes", mb)
		if code != 303 {
			t.Fatalf("mailbox: %d %s", code, body)
		}
		code, body = f.get(t, access.Manager, loc)
		if code != 200 || strings.Contains(body, "hunter2") || !strings.Contains(body, "stored; leave empty to keep it") {
			t.Fatalf("mailbox page: %d\n%s", code, body)
		}
		boxes, _ := s.Mailboxes(ctx, f.ws.ID)
		var saved *store.Mailbox
		for _, m := range boxes {
			if m.Name == "Creators" {
				saved = m
			}
		}
		if p, err := ring.Open(saved.SMTPPasswordSealed, store.MailboxPasswordAD(saved.ID, "smtp")); err != nil || string(p) != "hunter2-secret" {
			t.Fatalf("sealed password: %q, %v", p, err)
		}
		// Saving again without a password keeps it.
		mb.Del("smtp_password")
		mb.Set("name", "Creators team")
		if code, _, body := f.post(t, access.Manager, strings.TrimSuffix(loc, "?ok=saved"), mb); code != 303 {
			t.Fatalf("edit: %d %s", code, body)
		}
		again, _ := s.Mailbox(ctx, f.ws.ID, saved.ID)
		if again.Name != "Creators team" || again.SMTPPasswordSealed != saved.SMTPPasswordSealed {
			t.Errorf("edit lost the password or the name: %+v", again)
		}
		// The test email shows the SMTP error (nothing listens on port 1).
		code, _, body = f.post(t, access.Manager, strings.TrimSuffix(loc, "?ok=saved")+"/test", url.Values{})
		if code != 502 || !strings.Contains(body, "The test email was not sent") {
			t.Errorf("test email: %d\n%s", code, body)
		}
		if code, _, _ := f.post(t, access.Specialist, strings.TrimSuffix(loc, "?ok=saved")+"/test", url.Values{}); code != 403 {
			t.Errorf("a specialist sends a test email: %d", code)
		}
		// The home page shows the mailbox's warm-up quota; the planner lists it.
		if code, body := f.get(t, access.Specialist, "/w/acme/outreach/planner"); code != 200 || !strings.Contains(body, "Creators team") {
			t.Errorf("planner: %d\n%s", code, body)
		}
	})
}

func TestOutreachSuppressionsAndPlanner(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		ctx := context.Background()
		code, _, body := f.post(t, access.Specialist, "/w/acme/outreach/suppressions", url.Values{"kind": {"creator"}, "value": {"@glowbyhana"}, "note": {"asked by phone"}})
		if code != 303 {
			t.Fatalf("add: %d %s", code, body)
		}
		if code, _, _ := f.post(t, access.Specialist, "/w/acme/outreach/suppressions", url.Values{"kind": {"email"}, "value": {""}}); code != 400 {
			t.Errorf("empty value: %d", code)
		}
		xs, _ := s.Suppressions(ctx, f.ws.ID, 0, 10)
		if len(xs) != 2 || xs[0].Value != strconv.FormatInt(f.creators["glowbyhana"], 10) {
			t.Fatalf("suppressions = %+v", xs)
		}
		remove := "/w/acme/outreach/suppressions/" + strconv.FormatInt(xs[0].ID, 10) + "/remove"
		if code, _, _ := f.post(t, access.Specialist, remove, nil); code != 403 {
			t.Errorf("a specialist lifts a suppression: %d", code)
		}
		code, body = f.get(t, access.Finance, "/w/acme/outreach/suppressions.csv")
		if code != 200 || !strings.Contains(body, "asked by phone") {
			t.Errorf("CSV: %d %s", code, body)
		}
		if code, _, _ := f.post(t, access.Manager, remove, nil); code != 303 {
			t.Errorf("a manager lifts a suppression: %d", code)
		}
		// The planner fills with the best prospects reachable by email, not suppressed ones.
		code, body = f.get(t, access.Specialist, "/w/acme/outreach/planner?sequence="+strconv.FormatInt(f.seq.ID, 10))
		if code != 200 || !strings.Contains(body, "@mai.nguyen") || strings.Contains(body, ">@noemail<") || strings.Contains(body, ">@unsub_uma<") {
			t.Fatalf("plan: %d\n%s", code, body)
		}
		code, loc, _ := f.post(t, access.Specialist, "/w/acme/outreach/planner", url.Values{"sequence": {strconv.FormatInt(f.seq.ID, 10)}})
		if code != 303 {
			t.Fatalf("fill: %d", code)
		}
		if _, body = f.get(t, access.Specialist, loc); !strings.Contains(body, "2 enrolled.") {
			t.Errorf("fill result:\n%s", body)
		}
	})
}

// httptestServer is a server without options (no keyring).
func httptestServer(t *testing.T, s *store.Store) *httptest.Server {
	srv := httptest.NewServer(New(s, testLogger(t)))
	t.Cleanup(srv.Close)
	return srv
}

// staticResolver hands every sender's messages to one channel.
type staticResolver struct{ ch outreach.Channel }

func (r staticResolver) Channel(context.Context, int64, string) (outreach.Channel, error) {
	return r.ch, nil
}

// TestOutreachResultsAndTimeline sends a step through the engine to the fake channel: the
// results count it per variant, the home counts it this week, and the creator's timeline
// shows the message with its channel.
func TestOutreachResultsAndTimeline(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		ctx := context.Background()
		if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, f.seq.ID, store.SequenceActive); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EnrollCreators(ctx, store.CLIActor, f.ws.ID, f.seq.ID, []int64{f.creators["mai.nguyen"], f.creators["glowbyhana"]}, "manual"); err != nil {
			t.Fatal(err)
		}
		// Monday 10:00 UTC, years ahead: inside business hours, after the enrollments.
		now := func() time.Time { return time.Date(2030, 11, 18, 10, 0, 0, 0, time.UTC) }
		fake := &outreachtest.Fake{Now: now, ChannelName: outreach.ChannelEmail}
		eng := &outreach.Engine{Store: s, Now: now, Resolver: staticResolver{fake}, Worker: "web-test"}
		for range 3 {
			if err := eng.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := len(fake.Deliveries()); n != 2 {
			t.Fatalf("%d messages delivered, want 2", n)
		}
		code, body := f.get(t, access.Viewer, f.seqPath("results?days=14"))
		if code != 200 || !strings.Contains(strings.Join(strings.Fields(body), " "), `<td class="num">1</td><td class="num">1</td><td class="num">0</td>`) ||
			!strings.Contains(body, "GMV in 14 days") || !strings.Contains(body, "too few messages to tell") || !strings.Contains(body, "Bars: replied") {
			t.Errorf("results: %d\n%s", code, body)
		}
		if code, _ := f.get(t, access.Viewer, f.seqPath("results?days=0")); code != 400 {
			t.Errorf("days=0: %d", code)
		}
		code, body = f.get(t, access.Viewer, "/w/acme/creators/"+strconv.FormatInt(f.creators["mai.nguyen"], 10))
		if code != 200 || !strings.Contains(body, "Message sent · Email") {
			t.Errorf("timeline: %d\n%s", code, body)
		}
	})
}
