package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// outreachFixture makes a template, a mailbox and a draft one-step email sequence.
func outreachFixture(t *testing.T, s *store.Store, wsID int64) *store.Sequence {
	t.Helper()
	ctx := context.Background()
	tpl := &store.OutreachTemplate{WorkspaceID: wsID, Name: "Hello", Variants: []store.TemplateVariant{
		{Label: "A", Subject: "Hi", Body: "Hi {{creator.first_name}}"}, {Label: "B", Subject: "Hey", Body: "Hey there"}}}
	if err := s.CreateTemplate(ctx, store.CLIActor, tpl); err != nil {
		t.Fatal(err)
	}
	mb := &store.Mailbox{WorkspaceID: wsID, Name: "Main", FromAddress: "team@acme.example", SMTPHost: "smtp.acme.example"}
	if err := s.SaveMailbox(ctx, store.CLIActor, mb, func(id int64) (string, string, error) { return "sealed-smtp", "", nil }); err != nil {
		t.Fatal(err)
	}
	q := &store.Sequence{WorkspaceID: wsID, Name: "Recruit", MailboxID: &mb.ID, StopOnReply: true,
		StopStages: []model.Stage{model.StageOnboarded}, Steps: []store.SequenceStep{{Channel: store.ChannelEmail, TemplateID: tpl.ID}}}
	if err := s.CreateSequence(ctx, store.CLIActor, q); err != nil {
		t.Fatal(err)
	}
	return q
}

func TestOutreachStoreBasics(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		q := outreachFixture(t, s, ws.ID)
		got, err := s.Sequence(ctx, ws.ID, q.ID)
		if err != nil || len(got.Steps) != 1 || got.Status != store.SequenceDraft || got.SenderKey(store.ChannelEmail) == "" {
			t.Fatalf("Sequence = %+v, %v", got, err)
		}
		if err := s.SetSequenceStatus(ctx, store.CLIActor, ws.ID, q.ID, store.SequenceActive); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, c := range []store.NewCreator{
			{Username: "ann", Email: "Ann@x.example"},
			{Username: "bob"},
			{Username: "cat", Email: "cat@x.example"},
			{Username: "dan", Email: "dan@x.example"},
			{Username: "eve", Email: "eve@x.example", Stage: model.StageActive},
		} {
			id, err := s.AddCreator(ctx, store.CLIActor, ws.ID, c)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if _, err := s.SetStage(ctx, store.CLIActor, ws.ID, ids[2:3], model.StageDoNotContact, "asked"); err != nil {
			t.Fatal(err)
		}
		if err := s.AddSuppression(ctx, store.CLIActor, &store.Suppression{WorkspaceID: ws.ID, Kind: store.SuppressEmail, Value: "DAN@x.example", Reason: "unsubscribed"}); err != nil {
			t.Fatal(err)
		}
		r, err := s.EnrollCreators(ctx, store.CLIActor, ws.ID, q.ID, append(ids, 999999), "manual")
		if err != nil {
			t.Fatal(err)
		}
		if r.Enrolled != 1 || r.NoAddress != 1 || r.BlockedStage != 2 || r.Suppressed != 1 || r.NotFound != 1 || len(r.Skipped) != 5 {
			t.Fatalf("EnrollCreators = %s %+v", r.Summary(), r.Skipped)
		}
		r, err = s.EnrollCreators(ctx, store.CLIActor, ws.ID, q.ID, ids[:1], "manual")
		if err != nil || r.Already != 1 {
			t.Fatalf("again = %+v, %v", r, err)
		}
		es, err := s.ListEnrollments(ctx, ws.ID, store.EnrollmentFilter{SequenceID: q.ID})
		if err != nil || len(es) != 1 || es[0].CreatorHandle != "ann" || es[0].Status != store.EnrollmentActive {
			t.Fatalf("ListEnrollments = %+v, %v", es, err)
		}
		if err := s.SetEnrollmentStatus(ctx, store.CLIActor, ws.ID, es[0].ID, store.EnrollmentStopped); err != nil {
			t.Fatal(err)
		}
		if e, err := s.Enrollment(ctx, ws.ID, es[0].ID); err != nil || e.Status != store.EnrollmentStopped || e.StopReason != "stopped by cli" {
			t.Fatalf("Enrollment = %+v, %v", e, err)
		}
		if _, err := s.Sequence(ctx, ws.ID+1, q.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another workspace's sequence: %v", err)
		}
		sup, err := s.Suppressions(ctx, ws.ID, 0, 10)
		if err != nil || len(sup) != 1 || sup[0].Value != "dan@x.example" {
			t.Fatalf("Suppressions = %+v, %v", sup, err)
		}
		o, err := s.OutreachSettings(ctx, ws.ID)
		if err != nil || o.MaxAttempts != 5 || len(o.QuotaTiers) != 4 {
			t.Fatalf("settings = %+v, %v", o, err)
		}
		o.TikTokDailyCap = 100
		if err := s.SaveOutreachSettings(ctx, store.CLIActor, o); err != nil {
			t.Fatal(err)
		}
		if o2, _ := s.OutreachSettings(ctx, ws.ID); o2.TikTokDailyCap != 100 {
			t.Fatalf("saved settings = %+v", o2)
		}
	})
}
