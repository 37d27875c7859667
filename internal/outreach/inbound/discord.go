package inbound

import (
	"context"
	"errors"
	"fmt"
	"sync"

	notifydiscord "github.com/creatorops/creatorops/internal/notify/discord"
)

// DiscordPoller reads the bot's DM channels with creators it wrote to and reports their
// answers. The bot needs no privileged intent: reading its own DM channels is plain REST.
type DiscordPoller struct {
	WorkspaceID int64
	Client      *notifydiscord.Client
	// Recipients lists the Discord user ids the bot wrote to and whose replies still
	// matter (the engine reads them from its outbox: active enrollments, recent sends).
	// Each costs one or two calls per poll, so keep the list to those.
	Recipients func(ctx context.Context) ([]string, error)
	Replies    Replies
	Cursor     Cursor // keys "discord:<DM channel id>": the last message id seen

	mu  sync.Mutex
	dms map[string]string // user id → DM channel id
}

// pageSize is Discord's largest page of messages.
const pageSize = 100

// Poll reads each recipient's DM channel after its cursor and reports the creator's latest
// message (one report is enough: a reply time only moves forward). A recipient whose
// channel fails is skipped and named in the returned error; the others are still read.
func (p *DiscordPoller) Poll(ctx context.Context) (Result, error) {
	var res Result
	users, err := p.Recipients(ctx)
	if err != nil {
		return res, fmt.Errorf("inbound: discord recipients: %w", err)
	}
	var errs []error
	for _, u := range users {
		if err := p.pollUser(ctx, u, &res); err != nil {
			var api *notifydiscord.APIError
			if errors.As(err, &api) && (api.Code == notifydiscord.CodeCannotSendToUser || api.Code == notifydiscord.CodeUnknownUser ||
				api.Code == notifydiscord.CodeUnknownChannel) {
				res.Ignored++ // the creator left or closed DMs: nothing to read
				continue
			}
			errs = append(errs, fmt.Errorf("inbound: discord user %s: %w", u, err))
			if ctx.Err() != nil {
				break
			}
		}
	}
	return res, errors.Join(errs...)
}

func (p *DiscordPoller) pollUser(ctx context.Context, userID string, res *Result) error {
	ch, err := p.dm(ctx, userID)
	if err != nil {
		return err
	}
	key := "discord:" + ch
	after, err := p.Cursor.Load(ctx, key)
	if err != nil {
		return err
	}
	var latest *notifydiscord.Message
	newest := after
	for {
		// Without a cursor, the last page is enough: older messages cannot be newer replies.
		msgs, err := p.Client.ChannelMessages(ctx, ch, notifydiscord.MessageQuery{After: after, Limit: pageSize})
		if err != nil {
			return err
		}
		for i := range msgs {
			m := &msgs[i]
			res.Messages++
			if m.Author.ID == userID {
				latest = m
			}
			if notifydiscord.CompareSnowflakes(m.ID, newest) > 0 || newest == "" {
				newest = m.ID
			}
		}
		if len(msgs) < pageSize || after == "" {
			break
		}
		after = newest
	}
	if latest != nil {
		err := p.Replies.RecordReply(ctx, p.WorkspaceID, "discord", userID, latest.Timestamp.UTC(), "replied on Discord")
		switch {
		case errors.Is(err, ErrNoCreator):
			res.Ignored++
		case err != nil:
			return fmt.Errorf("recording the reply: %w", err)
		default:
			res.Replies++
		}
	}
	if newest != "" {
		return p.Cursor.Save(ctx, key, newest)
	}
	return nil
}

// dm returns the DM channel with the user, opening it once per poller.
func (p *DiscordPoller) dm(ctx context.Context, userID string) (string, error) {
	p.mu.Lock()
	id, ok := p.dms[userID]
	p.mu.Unlock()
	if ok {
		return id, nil
	}
	ch, err := p.Client.CreateDM(ctx, userID)
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	if p.dms == nil {
		p.dms = map[string]string{}
	}
	p.dms[userID] = ch.ID
	p.mu.Unlock()
	return ch.ID, nil
}
