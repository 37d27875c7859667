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

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// outreachFixture is a workspace with creators, a template, a mailbox and a draft sequence,
// and a signed-in client per role.
type outreachFixture struct {
	srv      *httptest.Server
	s        *store.Store
	ws       *model.Workspace
	tpl      *store.OutreachTemplate
	mailbox  *store.Mailbox
	seq      *store.Sequence
	creators map[string]int64
	clients  map[access.Role]*http.Client
	users    map[access.Role]login
}

func newOutreachFixture(t *testing.T, s *store.Store, opts ...Options) *outreachFixture {
	t.Helper()
	ctx := context.Background()
	ws, _ := storetest.USDShop(t, s)
	f := &outreachFixture{s: s, ws: ws, creators: map[string]int64{}, clients: map[access.Role]*http.Client{}, users: map[access.Role]login{}}
	f.srv = httptest.NewServer(New(s, testLogger(t), opts...))
	t.Cleanup(f.srv.Close)
	for _, c := range []store.NewCreator{
		{Username: "mai.nguyen", DisplayName: "Mai Nguyen", Email: "mai@example.com", Region: "US"},
		{Username: "glowbyhana", DisplayName: "Glow by Hana", Email: "hana@example.com"},
		{Username: "noemail"},
		{Username: "dnc_dave", Email: "dave@example.com"},
		{Username: "unsub_uma", Email: "uma@example.com"},
	} {
		id, err := s.AddCreator(ctx, store.CLIActor, ws.ID, c)
		if err != nil {
			t.Fatal(err)
		}
		f.creators[c.Username] = id
	}
	if _, err := s.SetStage(ctx, store.CLIActor, ws.ID, []int64{f.creators["dnc_dave"]}, model.StageDoNotContact, "asked us to stop"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddSuppression(ctx, store.CLIActor, &store.Suppression{WorkspaceID: ws.ID, Kind: store.SuppressEmail, Value: "uma@example.com", Reason: "unsubscribed"}); err != nil {
		t.Fatal(err)
	}
	f.tpl = &store.OutreachTemplate{WorkspaceID: ws.ID, Name: "First touch", Variants: []store.TemplateVariant{
		{Label: "A", Subject: "Hi {{creator.first_name | \"there\"}}", Body: "Hi {{creator.first_name | \"there\"}}, {{sender.company}} would love to work with you."},
		{Label: "B", Subject: "A collab?", Body: "Hey {{creator.handle}}!"}}}
	if err := s.CreateTemplate(ctx, store.CLIActor, f.tpl); err != nil {
		t.Fatal(err)
	}
	f.mailbox = &store.Mailbox{WorkspaceID: ws.ID, Name: "Partnerships", FromAddress: "partners@acme.example", SMTPHost: "127.0.0.1", SMTPPort: 1}
	if err := s.SaveMailbox(ctx, store.CLIActor, f.mailbox, nil); err != nil {
		t.Fatal(err)
	}
	f.seq = &store.Sequence{WorkspaceID: ws.ID, Name: "US beauty", MailboxID: &f.mailbox.ID, StopOnReply: true,
		Steps: []store.SequenceStep{{Channel: store.ChannelEmail, TemplateID: f.tpl.ID}}}
	if err := s.CreateSequence(ctx, store.CLIActor, f.seq); err != nil {
		t.Fatal(err)
	}
	for _, role := range access.Roles {
		l := addMember(t, s, string(role)+"@acme.example", ws, string(role))
		f.users[role] = l
		f.clients[role] = signIn(t, f.srv, l)
	}
	return f
}

// post sends a form as role and returns the status, the Location header and the body.
func (f *outreachFixture) post(t *testing.T, role access.Role, path string, form url.Values) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c := *f.clients[role]
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// get fetches a page as role.
func (f *outreachFixture) get(t *testing.T, role access.Role, path string) (int, string) {
	t.Helper()
	resp, err := f.clients[role].Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (f *outreachFixture) seqPath(rest string) string {
	p := "/w/acme/outreach/sequences/" + strconv.FormatInt(f.seq.ID, 10)
	if rest != "" {
		p += "/" + rest
	}
	return p
}

func TestOutreachPagesRender(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		owner := f.clients[access.Owner]
		run(t, f.srv, owner, []scenario{
			{name: "home", path: "/w/acme/outreach", status: 200, want: []string{"US beauty", "Partnerships", "sent today"}},
			{name: "sequence", path: f.seqPath(""), status: 200, want: []string{"US beauty", "First touch", "Enroll creators", "Save settings"}},
			{name: "enrollments", path: f.seqPath("enrollments"), status: 200, want: []string{"No enrollments"}},
		})
	})
}

// outreachObjects makes one outreach object of each kind in a workspace for the isolation
// tests ({sequence}, {template}, {enrollment}, {mailbox}, {suppression}); creatorID is
// enrolled.
func outreachObjects(t *testing.T, s *store.Store, wsID, creatorID int64) map[string]string {
	t.Helper()
	ctx := context.Background()
	tpl := &store.OutreachTemplate{WorkspaceID: wsID, Name: "Isolation", Variants: []store.TemplateVariant{{Label: "A", Body: "Hi {{creator.handle}}"}}}
	if err := s.CreateTemplate(ctx, store.CLIActor, tpl); err != nil {
		t.Fatal(err)
	}
	mb := &store.Mailbox{WorkspaceID: wsID, Name: "Isolation", FromAddress: "iso@acme.example", SMTPHost: "127.0.0.1"}
	if err := s.SaveMailbox(ctx, store.CLIActor, mb, nil); err != nil {
		t.Fatal(err)
	}
	q := &store.Sequence{WorkspaceID: wsID, Name: "Isolation", Steps: []store.SequenceStep{{Channel: store.ChannelTikTokIM, TemplateID: tpl.ID}}}
	if err := s.CreateSequence(ctx, store.CLIActor, q); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCreatorIMID(ctx, store.CLIActor, wsID, creatorID, "7000000000000000001"); err != nil {
		t.Fatal(err)
	}
	r, err := s.EnrollCreators(ctx, store.CLIActor, wsID, q.ID, []int64{creatorID}, "manual")
	if err != nil || r.Enrolled != 1 {
		t.Fatalf("enroll: %+v, %v", r, err)
	}
	es, err := s.ListEnrollments(ctx, wsID, store.EnrollmentFilter{SequenceID: q.ID})
	if err != nil || len(es) != 1 {
		t.Fatalf("enrollments: %v, %v", es, err)
	}
	if err := s.AddSuppression(ctx, store.CLIActor, &store.Suppression{WorkspaceID: wsID, Kind: store.SuppressEmail, Value: "iso@example.com"}); err != nil {
		t.Fatal(err)
	}
	xs, err := s.Suppressions(ctx, wsID, 0, 1)
	if err != nil || len(xs) != 1 {
		t.Fatalf("suppressions: %v, %v", xs, err)
	}
	return map[string]string{"sequence": strconv.FormatInt(q.ID, 10), "template": strconv.FormatInt(tpl.ID, 10),
		"enrollment": strconv.FormatInt(es[0].ID, 10), "mailbox": strconv.FormatInt(mb.ID, 10), "suppression": strconv.FormatInt(xs[0].ID, 10)}
}
