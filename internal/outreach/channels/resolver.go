// Package channels picks the outreach channel for a sender key. The channels themselves live
// in the subpackages tiktokim, email and discord; the engine wires their constructors
// (credentials come from the store) into a Resolver.
package channels

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/outreachtest"
)

// FakeURLEnv names the test hook: when it holds a URL, sender keys "fake:…" deliver to the
// outreachtest HTTP server there. The crash test, the benchmark and the browser test use
// it; a production server never sets it, and without it "fake:" keys are refused.
const FakeURLEnv = "CREATOROPS_OUTREACH_FAKE_URL"

// FakeURLFromEnv returns the fake channel URL from the environment, or "".
func FakeURLFromEnv() string { return strings.TrimSpace(os.Getenv(FakeURLEnv)) }

// ErrUnknownSender is returned for a sender key no channel serves.
var ErrUnknownSender = errors.New("outreach: no channel for this sender")

// Resolver is an outreach.Resolver dispatching on the sender key's prefix. A nil factory
// refuses its keys with ErrUnknownSender.
type Resolver struct {
	// TikTok returns the channel for a TikTok Shop connection of the workspace.
	TikTok func(ctx context.Context, workspaceID, connectionID int64) (outreach.Channel, error)
	// Email returns the channel for a mailbox of the workspace.
	Email func(ctx context.Context, workspaceID, mailboxID int64) (outreach.Channel, error)
	// Discord returns the channel for the workspace's bot.
	Discord func(ctx context.Context, workspaceID int64) (outreach.Channel, error)
	// FakeURL enables "fake:" keys (see FakeURLEnv); empty disables them.
	FakeURL string

	mu    sync.Mutex
	fakes map[outreach.ChannelName]*outreachtest.HTTPChannel
}

var _ outreach.Resolver = (*Resolver)(nil)

// Channel returns the channel for senderKey in the workspace.
func (r *Resolver) Channel(ctx context.Context, workspaceID int64, senderKey string) (outreach.Channel, error) {
	kind, rest, _ := strings.Cut(senderKey, ":")
	if kind == "fake" {
		return r.fake(senderKey, rest)
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id <= 0 {
		return nil, fmt.Errorf("%w: sender key %q is not kind:<id>", ErrUnknownSender, senderKey)
	}
	switch {
	case kind == "tiktok" && r.TikTok != nil:
		return r.TikTok(ctx, workspaceID, id)
	case kind == "email" && r.Email != nil:
		return r.Email(ctx, workspaceID, id)
	case kind == "discord" && r.Discord != nil:
		if id != workspaceID {
			return nil, fmt.Errorf("%w: sender key %q belongs to another workspace", ErrUnknownSender, senderKey)
		}
		return r.Discord(ctx, workspaceID)
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownSender, senderKey)
}

// fake returns the HTTP fake channel; "fake:email" is named email, any other suffix tiktok_im.
func (r *Resolver) fake(senderKey, rest string) (outreach.Channel, error) {
	if r.FakeURL == "" {
		return nil, fmt.Errorf("%w: %q (fake senders need %s, a test hook)", ErrUnknownSender, senderKey, FakeURLEnv)
	}
	name := outreach.ChannelTikTokIM
	switch n := outreach.ChannelName(rest); n {
	case outreach.ChannelEmail, outreach.ChannelDiscord, outreach.ChannelTikTokIM:
		name = n
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if ch := r.fakes[name]; ch != nil {
		return ch, nil
	}
	ch, err := outreachtest.NewHTTPChannel(r.FakeURL, name)
	if err != nil {
		return nil, err
	}
	if r.fakes == nil {
		r.fakes = map[outreach.ChannelName]*outreachtest.HTTPChannel{}
	}
	r.fakes[name] = ch
	return ch, nil
}
