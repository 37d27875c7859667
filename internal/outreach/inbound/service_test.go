package inbound

import (
	"context"
	"crypto/rand"
	"strconv"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	notifyemail "github.com/creatorops/creatorops/internal/notify/email"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestServiceStopsSequencesOnEmailReplies runs the polling job against a real IMAP server and
// a real database: a creator's reply stops their stop-on-reply enrollment, a bounce suppresses
// the address, a stranger's mail changes nothing, and a second poll reads nothing again.
func TestServiceStopsSequencesOnEmailReplies(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		srv := startIMAP(t, notifyemail.TLSNone)
		key := make([]byte, 32)
		_, _ = rand.Read(key)
		keys, err := secrets.New(key)
		if err != nil {
			t.Fatal(err)
		}
		ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "acme", Name: "Acme", Timezone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		mb := &store.Mailbox{WorkspaceID: ws.ID, Name: "Partners", FromAddress: mailUser, IMAPHost: "127.0.0.1", IMAPPort: srv.port,
			IMAPUsername: mailUser, IMAPSecurity: "none"}
		err = s.SaveMailbox(ctx, store.CLIActor, mb, func(id int64) (string, string, error) {
			sealed, err := keys.Seal([]byte(mailPass), store.MailboxPasswordAD(id, "imap"))
			return "", sealed, err
		})
		if err != nil {
			t.Fatal(err)
		}
		ann, err := s.AddCreator(ctx, store.CLIActor, ws.ID, store.NewCreator{Username: "ann", Email: "Ann@Creators.example"})
		if err != nil {
			t.Fatal(err)
		}
		tpl := &store.OutreachTemplate{WorkspaceID: ws.ID, Name: "hello", Variants: []store.TemplateVariant{{Label: "A", Subject: "Hi", Body: "Hello"}}}
		if err := s.CreateTemplate(ctx, store.CLIActor, tpl); err != nil {
			t.Fatal(err)
		}
		q := &store.Sequence{WorkspaceID: ws.ID, Name: "recruit", StopOnReply: true, MailboxID: &mb.ID,
			Steps: []store.SequenceStep{{Channel: store.ChannelEmail, TemplateID: tpl.ID}}}
		if err := s.CreateSequence(ctx, store.CLIActor, q); err != nil {
			t.Fatal(err)
		}
		if r, err := s.EnrollCreators(ctx, store.CLIActor, ws.ID, q.ID, []int64{ann}, "manual"); err != nil || r.Enrolled != 1 {
			t.Fatalf("enroll: %+v %v", r, err)
		}
		at := time.Now().Add(time.Minute)
		srv.deliver(t, mailFrom("Ann <ann@creators.example>", "Re: Hi"), at)
		srv.deliver(t, mailFrom("someone@else.example", "Offer"), at)
		srv.deliver(t, `From: MAILER-DAEMON@mail.brand.example
To: partners@brand.example
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Gone.
--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.brand.example

Final-Recipient: rfc822; gone@creators.example
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

--b1--
`, at)
		sv := &Service{Store: s, Keys: keys}
		for range 2 { // the second poll finds nothing new
			if err := sv.Poll(ctx); err != nil {
				t.Fatal(err)
			}
		}
		es, err := s.ListEnrollments(ctx, ws.ID, store.EnrollmentFilter{SequenceID: q.ID})
		if err != nil || len(es) != 1 || es[0].Status != store.EnrollmentStopped || es[0].StopReason != "replied" {
			t.Fatalf("enrollment after the reply = %+v, %v", es, err)
		}
		got, err := s.CheckSuppressed(ctx, ws.ID, store.SuppressionKey{Kind: store.SuppressEmail, Value: "gone@creators.example"})
		if err != nil || got != "bounced" {
			t.Fatalf("bounced address suppressed = %q, %v", got, err)
		}
		if cur, err := s.OutreachCursor(ctx, "imap:"+strconv.FormatInt(mb.ID, 10)); err != nil || cur == "" {
			t.Fatalf("cursor = %q, %v", cur, err)
		}
	})
}
