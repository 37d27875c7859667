package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestSavedViews(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		var users []int64
		for _, e := range []string{"a@acme.example", "b@acme.example"} {
			id, err := s.CreateUser(ctx, e, e, "x")
			if err != nil {
				t.Fatal(err)
			}
			if err := s.AddMember(ctx, id, ws.ID, "specialist"); err != nil {
				t.Fatal(err)
			}
			users = append(users, id)
		}
		a := store.Actor{UserID: users[0], Label: "a@acme.example"}
		v, err := s.SaveView(ctx, a, ws.ID, users[0], store.ViewPageDirectory, "  US   beauty ", "region=US")
		if err != nil || v.Name != "US beauty" || v.ID == 0 {
			t.Fatalf("SaveView = %+v, %v", v, err)
		}
		again, err := s.SaveView(ctx, a, ws.ID, users[0], store.ViewPageDirectory, "US beauty", "region=US&vertical=Beauty")
		if err != nil || again.ID != v.ID || again.Query != "region=US&vertical=Beauty" {
			t.Fatalf("upsert = %+v, %v", again, err)
		}
		if _, err := s.SaveView(ctx, a, ws.ID, users[0], store.ViewPagePipeline, "Mine", "owner=me"); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []struct{ page, name, field string }{{"orders", "x", "page"}, {store.ViewPageDirectory, " ", "name"}} {
			var ve *store.ViewError
			if _, err := s.SaveView(ctx, a, ws.ID, users[0], bad.page, bad.name, ""); !errors.As(err, &ve) || ve.Field != bad.field {
				t.Errorf("SaveView(%q, %q) = %v, want an error on %s", bad.page, bad.name, err, bad.field)
			}
		}
		list, err := s.SavedViews(ctx, ws.ID, users[0], store.ViewPageDirectory)
		if err != nil || len(list) != 1 || list[0].Name != "US beauty" {
			t.Fatalf("own views = %+v, %v", list, err)
		}
		if list, _ := s.SavedViews(ctx, ws.ID, users[1], store.ViewPageDirectory); len(list) != 0 {
			t.Errorf("another member sees %+v", list)
		}
		if _, err := s.SavedView(ctx, ws.ID, users[1], v.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another member reads the view: %v", err)
		}
		b := store.Actor{UserID: users[1], Label: "b@acme.example"}
		if err := s.DeleteView(ctx, b, ws.ID, users[1], v.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another member deletes the view: %v", err)
		}
		if err := s.DeleteView(ctx, a, ws.ID, users[0], v.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.SavedViews(ctx, ws.ID, users[0], store.ViewPageDirectory); len(list) != 0 {
			t.Errorf("after delete: %+v", list)
		}
	})
}
