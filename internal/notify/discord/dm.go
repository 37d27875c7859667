package discord

import (
	"context"
	"fmt"
	"net/http"
)

// CreateDM opens (or finds) the DM channel with a user (POST /users/@me/channels).
func (c *Client) CreateDM(ctx context.Context, userID string) (*Channel, error) {
	if err := checkSnowflake("user", userID); err != nil {
		return nil, err
	}
	var ch Channel
	err := c.do(ctx, request{
		method: http.MethodPost, url: c.apiURL("users", "@me", "channels"), logPath: "/users/@me/channels",
		body: map[string]string{"recipient_id": userID}, bot: true, out: &ch, safe: true,
	})
	if err != nil {
		return nil, err
	}
	return &ch, nil
}

// SendMessage posts a message in a channel (POST /channels/{id}/messages).
func (c *Client) SendMessage(ctx context.Context, channelID string, m MessageCreate) (*Message, error) {
	if err := checkSnowflake("channel", channelID); err != nil {
		return nil, err
	}
	if err := checkMessage(m.Content, m.Embeds); err != nil {
		return nil, err
	}
	m.AllowedMentions = noMentions(m.AllowedMentions)
	var msg Message
	err := c.do(ctx, request{
		method: http.MethodPost, url: c.apiURL("channels", channelID, "messages"),
		logPath: fmt.Sprintf("/channels/%s/messages", channelID), body: m, bot: true, out: &msg,
	})
	if err != nil {
		return nil, err
	}
	return &msg, nil
}

// SendDM sends a direct message to a user: CreateDM, then SendMessage. A user who closed DMs
// answers with CodeCannotSendToUser, which a caller treats like a bounce for this channel.
func (c *Client) SendDM(ctx context.Context, userID string, m MessageCreate) (*Message, error) {
	if err := checkMessage(m.Content, m.Embeds); err != nil {
		return nil, err
	}
	ch, err := c.CreateDM(ctx, userID)
	if err != nil {
		return nil, err
	}
	return c.SendMessage(ctx, ch.ID, m)
}
