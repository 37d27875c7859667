package tiktokshop

import (
	"context"
	"net/http"
	"testing"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
)

// A conversation lists the shop's messages and the creator's replies, newest first, across pages.
func TestConversationMessages(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{Creators: 3}, nil)
	ctx := context.Background()
	creator := r.srv.Creators()[1].UserID
	conv, err := r.client.CreateConversation(ctx, r.shop, creator)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"one", "two", "three"} {
		if _, err := r.client.SendMessage(ctx, r.shop, conv, TextMessage(text)); err != nil {
			t.Fatal(err)
		}
	}
	r.srv.CreatorReplies(creator, "yes please")
	got, errs := collect(r.client.ConversationMessages(ctx, r.shop, conv, 2))
	if len(errs) > 0 || len(got) != 4 {
		t.Fatalf("%d messages, errors %v; want 4", len(got), errs)
	}
	want := []struct{ role, text string }{{SenderCreator, "yes please"}, {SenderSeller, "three"}, {SenderSeller, "two"}, {SenderSeller, "one"}}
	for i, w := range want {
		if got[i].SenderRole != w.role || got[i].Text() != w.text || got[i].CreatedAt.IsZero() {
			t.Errorf("message %d = %+v (text %q), want %s %q", i, got[i], got[i].Text(), w.role, w.text)
		}
	}
	if got[0].SenderID != creator {
		t.Errorf("reply sender %q, want %s", got[0].SenderID, creator)
	}
	if n := r.srv.Calls(conversationsPath + "/" + conv + "/messages"); n != 3+2 {
		t.Errorf("%d calls to the messages path, want 3 sends and 2 pages", n)
	}
	if _, errs := collect(r.client.ConversationMessages(ctx, r.shop, conv, 50)); len(errs) != 1 {
		t.Errorf("page size 50: errors %v, want one refusal", errs)
	}
}

// A blocked creator is refused with the IM code; a lost answer is a 5xx after the work was
// done, and the send is not retried.
func TestSendMessageRefusals(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{Creators: 3}, nil)
	ctx := context.Background()
	blocked, other := r.srv.Creators()[0].UserID, r.srv.Creators()[2].UserID
	r.srv.BlockCreator(blocked)
	_, err := r.client.CreateConversation(ctx, r.shop, blocked)
	mustAPIError(t, err, CodeIMCreatorUnavailable)

	conv, err := r.client.CreateConversation(ctx, r.shop, other)
	if err != nil {
		t.Fatal(err)
	}
	r.srv.LoseNextAnswers(1)
	_, err = r.client.SendMessage(ctx, r.shop, conv, TextMessage("hello"))
	e, ok := AsAPIError(err)
	if !ok || e.HTTPStatus != http.StatusInternalServerError {
		t.Fatalf("lost answer: %v, want a 500", err)
	}
	if n := len(r.srv.Messages()); n != 1 || r.waits() != 0 {
		t.Errorf("%d messages recorded after %d retries; want 1 and no retry", n, r.waits())
	}
}
