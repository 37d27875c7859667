package channels

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/outreachtest"
)

func TestResolver(t *testing.T) {
	fake := outreachtest.NewFake()
	srv := httptest.NewServer(outreachtest.NewServer(fake))
	t.Cleanup(srv.Close)
	named := func(n outreach.ChannelName) outreach.Channel { return &outreachtest.Fake{ChannelName: n} }
	var got []int64
	r := &Resolver{
		TikTok: func(_ context.Context, ws, id int64) (outreach.Channel, error) {
			got = append(got, ws, id)
			return named(outreach.ChannelTikTokIM), nil
		},
		Email: func(_ context.Context, ws, id int64) (outreach.Channel, error) {
			got = append(got, ws, id)
			return named(outreach.ChannelEmail), nil
		},
	}
	tests := []struct {
		key     string
		fakeURL string
		want    outreach.ChannelName
		refused bool
	}{
		{key: "tiktok:12", want: outreach.ChannelTikTokIM},
		{key: "email:5", want: outreach.ChannelEmail},
		{key: "discord:3", refused: true}, // no Discord factory
		{key: "email:x", refused: true},
		{key: "sms:1", refused: true},
		{key: "fake:email", refused: true}, // the hook is off
		{key: "fake:email", fakeURL: srv.URL, want: outreach.ChannelEmail},
		{key: "fake:1", fakeURL: srv.URL, want: outreach.ChannelTikTokIM},
	}
	for _, tt := range tests {
		r.FakeURL = tt.fakeURL
		ch, err := r.Channel(context.Background(), 3, tt.key)
		if tt.refused {
			if !errors.Is(err, ErrUnknownSender) {
				t.Errorf("%s: %v, want ErrUnknownSender", tt.key, err)
			}
			continue
		}
		if err != nil || ch.Name() != tt.want {
			t.Errorf("%s: %v, %v; want %s", tt.key, ch, err, tt.want)
		}
	}
	if len(got) != 4 || got[0] != 3 || got[1] != 12 || got[3] != 5 {
		t.Errorf("factories called with %v", got)
	}
	// The fake channel delivers over HTTP.
	r.FakeURL = srv.URL
	ch, _ := r.Channel(context.Background(), 3, "fake:email")
	if _, err := ch.Send(context.Background(), outreach.Outgoing{IdempotencyKey: "o:1:0", Body: "hi"}); err != nil || fake.Count("o:1:0") != 1 {
		t.Errorf("fake send: %v, count %d", err, fake.Count("o:1:0"))
	}
	r.Discord = func(_ context.Context, ws int64) (outreach.Channel, error) {
		return named(outreach.ChannelDiscord), nil
	}
	if _, err := r.Channel(context.Background(), 3, "discord:4"); !errors.Is(err, ErrUnknownSender) {
		t.Errorf("another workspace's bot: %v", err)
	}
	if ch, err := r.Channel(context.Background(), 3, "discord:3"); err != nil || ch.Name() != outreach.ChannelDiscord {
		t.Errorf("discord:3: %v", err)
	}
}
