package discord

import (
	"context"
	"strings"
	"testing"
)

// A DM channel lists the bot's messages and the user's answers, oldest first, after a cursor.
func TestChannelMessages(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	sent, err := f.client.SendDM(ctx, userID, MessageCreate{Content: "Hi from the brand"})
	if err != nil {
		t.Fatal(err)
	}
	r1 := f.fake.UserReplies(userID, "Sounds good")
	r2 := f.fake.UserReplies(userID, "When?")
	tests := []struct {
		name string
		q    MessageQuery
		want []string
	}{
		{"all", MessageQuery{}, []string{"Hi from the brand", "Sounds good", "When?"}},
		{"after the bot's message", MessageQuery{After: sent.ID}, []string{"Sounds good", "When?"}},
		{"after the first reply", MessageQuery{After: r1}, []string{"When?"}},
		{"after the last", MessageQuery{After: r2}, nil},
		{"before the last, one", MessageQuery{Before: r2, Limit: 1}, []string{"Sounds good"}},
		{"after the bot's, one", MessageQuery{After: sent.ID, Limit: 1}, []string{"Sounds good"}},
	}
	for _, tt := range tests {
		got, err := f.client.ChannelMessages(ctx, sent.ChannelID, tt.q)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var texts []string
		for _, m := range got {
			texts = append(texts, m.Content)
		}
		if strings.Join(texts, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: %q, want %q", tt.name, texts, tt.want)
		}
	}
	msgs, _ := f.client.ChannelMessages(ctx, sent.ChannelID, MessageQuery{})
	if msgs[0].Author.ID == userID || msgs[1].Author.ID != userID {
		t.Errorf("authors %+v", msgs)
	}
	if _, err := f.client.ChannelMessages(ctx, sent.ChannelID, MessageQuery{Limit: 101}); err == nil {
		t.Error("limit 101 accepted")
	}
	if _, err := f.client.ChannelMessages(ctx, sent.ChannelID, MessageQuery{After: "x/../1"}); err == nil {
		t.Error("a path in the cursor accepted")
	}
}
