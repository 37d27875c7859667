package inbound

import (
	"context"
	"strconv"
	"testing"
	"time"

	notifydiscord "github.com/creatorops/creatorops/internal/notify/discord"
	"github.com/creatorops/creatorops/internal/notify/discord/discordtest"
)

func TestDiscordPoller(t *testing.T) {
	const (
		ana     = "1100000000000000001"
		bo      = "1100000000000000002"
		nobody  = "1100000000000000003" // not a creator of the workspace
		unknown = "1100000000000000999" // not a Discord user the bot can reach
	)
	fake := discordtest.New("tok")
	t.Cleanup(fake.Close)
	for _, u := range []string{ana, bo, nobody} {
		fake.AddUser(u, "u"+u)
	}
	cl, err := notifydiscord.New(notifydiscord.Config{BaseURL: fake.BaseURL(), BotToken: "tok", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, u := range []string{ana, bo, nobody} {
		if _, err := cl.SendDM(ctx, u, notifydiscord.MessageCreate{Content: "Hi from the brand"}); err != nil {
			t.Fatal(err)
		}
	}
	fake.UserReplies(ana, "Interested!")
	fake.UserReplies(ana, "When can we talk?")
	fake.UserReplies(nobody, "who is this")

	sink, cur := newSink(ana, bo), &memCursor{}
	p := &DiscordPoller{WorkspaceID: 1, Client: cl, Replies: sink, Cursor: cur,
		Recipients: func(context.Context) ([]string, error) { return []string{ana, bo, nobody, unknown}, nil }}

	res, err := p.Poll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res != (Result{Messages: 6, Replies: 1, Ignored: 2}) {
		t.Errorf("first poll %+v", res)
	}
	replies, _ := sink.take()
	if len(replies) != 1 || replies[0].address != ana || replies[0].channel != "discord" || replies[0].at.IsZero() {
		t.Errorf("replies %+v", replies)
	}

	// Nothing new: no report. Then Bo answers, more than a page after the cursor.
	if res, err := p.Poll(ctx); err != nil || res.Replies != 0 || res.Messages != 0 {
		t.Errorf("second poll %+v %v", res, err)
	}
	for i := range 130 {
		fake.UserReplies(bo, "line "+strconv.Itoa(i))
	}
	res, err = p.Poll(ctx)
	replies, _ = sink.take()
	if err != nil || res.Messages != 130 || res.Replies != 1 || len(replies) != 1 || replies[0].address != bo {
		t.Errorf("third poll %+v %v %+v", res, err, replies)
	}
	if res, _ := p.Poll(ctx); res.Messages != 0 {
		t.Errorf("fourth poll read %d messages again", res.Messages)
	}
}
