package discord

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// MessageQuery selects messages of a channel. Discord returns at most Limit (1–100, default
// 50) messages; After and Before are message ids (snowflakes), exclusive.
type MessageQuery struct {
	After  string
	Before string
	Limit  int
}

// ChannelMessages lists messages of a channel (GET /channels/{id}/messages), oldest first.
// A bot can read its DM channels without any privileged intent; reading is safe to retry.
func (c *Client) ChannelMessages(ctx context.Context, channelID string, q MessageQuery) ([]Message, error) {
	if err := checkSnowflake("channel", channelID); err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit == 0 {
		limit = 50
	}
	if limit < 1 || limit > 100 {
		return nil, fmt.Errorf("discord: message limit %d is outside 1–100", limit)
	}
	u := c.apiURL("channels", channelID, "messages")
	v := u.Query()
	v.Set("limit", strconv.Itoa(limit))
	for name, id := range map[string]string{"after": q.After, "before": q.Before} {
		if id == "" {
			continue
		}
		if err := checkSnowflake(name+" message", id); err != nil {
			return nil, err
		}
		v.Set(name, id)
	}
	u.RawQuery = v.Encode()
	var out []Message
	err := c.do(ctx, request{
		method: http.MethodGet, url: u, logPath: fmt.Sprintf("/channels/%s/messages", channelID), bot: true, out: &out,
	})
	if err != nil {
		return nil, err
	}
	// Discord answers newest first; callers walk forward from a cursor.
	slices.SortFunc(out, func(a, b Message) int { return CompareSnowflakes(a.ID, b.ID) })
	return out, nil
}

// CompareSnowflakes orders two ids as Discord does (by their numeric value).
func CompareSnowflakes(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
