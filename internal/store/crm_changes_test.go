package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestCRMChanges(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		ids := storetest.Creators(t, s, ws.ID, "@Ana", "ben")
		foreign := storetest.Creators(t, s, other.ID, "cara")
		if _, err := s.AddCreator(ctx, store.CLIActor, ws.ID, store.NewCreator{Username: "ANA"}); !errors.Is(err, store.ErrCreatorExists) {
			t.Fatalf("duplicate handle: got %v", err)
		}
		a := store.Actor{Label: "lead@acme.example"}

		n, err := s.SetStage(ctx, a, ws.ID, ids, model.StageContacted, "")
		if err != nil || n != 2 {
			t.Fatalf("SetStage = %d, %v", n, err)
		}
		if n, _ := s.SetStage(ctx, a, ws.ID, ids, model.StageContacted, ""); n != 0 {
			t.Errorf("a repeated move changed %d creators", n)
		}
		if _, err := s.SetStage(ctx, a, ws.ID, ids[:1], model.StageDoNotContact, " "); !errors.Is(err, store.ErrReasonRequired) {
			t.Errorf("do-not-contact without a reason: %v", err)
		}
		if _, err := s.SetStage(ctx, a, ws.ID, append(ids, foreign...), model.StageEngaged, ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a creator of another workspace in the batch: %v", err)
		}
		p, err := s.CRMProfile(ctx, ws.ID, ids[1])
		if err != nil || p.Stage != model.StageContacted || p.Username != "ben" {
			t.Fatalf("after the failed batch: %+v, %v", p, err)
		}
		if _, err := s.CRMProfile(ctx, ws.ID, foreign[0]); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another workspace's creator: %v", err)
		}

		if n, err := s.UpdateTags(ctx, a, ws.ID, ids, []string{"Summer Drop", "vip"}, nil); err != nil || n != 2 {
			t.Fatalf("UpdateTags = %d, %v", n, err)
		}
		if _, err := s.UpdateTags(ctx, a, ws.ID, ids[:1], nil, []string{"VIP"}); err != nil {
			t.Fatal(err)
		}
		p, _ = s.CRMProfile(ctx, ws.ID, ids[0])
		if !slices.Equal(p.Tags, []string{"summer-drop"}) {
			t.Errorf("tags = %q", p.Tags)
		}

		owner := int64(424242)
		if _, err := s.SetOwner(ctx, a, ws.ID, ids, &owner); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("owner who is not a member: %v", err)
		}
		uid, err := s.CreateUser(ctx, "spec@acme.example", "Spec", "x")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddMember(ctx, uid, ws.ID, "specialist"); err != nil {
			t.Fatal(err)
		}
		if n, err := s.SetOwner(ctx, a, ws.ID, ids, &uid); err != nil || n != 2 {
			t.Fatalf("SetOwner = %d, %v", n, err)
		}
		p, _ = s.CRMProfile(ctx, ws.ID, ids[0])
		if p.OwnerEmail != "spec@acme.example" || p.OwnerID == nil || *p.OwnerID != uid {
			t.Errorf("owner = %q %v", p.OwnerEmail, p.OwnerID)
		}
	})
}
