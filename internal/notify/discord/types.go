package discord

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// Discord's documented size limits, checked before a request so an oversized announcement
// fails with a clear error instead of Discord's 50035.
const (
	MaxContent          = 2000
	MaxEmbeds           = 10
	MaxEmbedTitle       = 256
	MaxEmbedDescription = 4096
	MaxEmbedFields      = 25
	MaxFieldName        = 256
	MaxFieldValue       = 1024
	MaxFooterText       = 2048
	MaxEmbedTotal       = 6000
	MaxAuditLogReason   = 512
)

// AllowedMentions says whom a message may ping. A nil value is sent as {"parse": []}: no
// @everyone, no role or user pings unless listed, so a creator's name in a template never
// pings a whole server.
type AllowedMentions struct {
	Parse []string `json:"parse"`           // "roles", "users", "everyone"
	Roles []string `json:"roles,omitempty"` // role ids that may be pinged
	Users []string `json:"users,omitempty"` // user ids that may be pinged
}

// WebhookMessage is the body of an Execute Webhook call.
type WebhookMessage struct {
	Content         string           `json:"content,omitempty"`
	Username        string           `json:"username,omitempty"`   // overrides the webhook's name
	AvatarURL       string           `json:"avatar_url,omitempty"` // overrides the webhook's avatar
	Embeds          []Embed          `json:"embeds,omitempty"`
	AllowedMentions *AllowedMentions `json:"allowed_mentions"`
}

// MessageCreate is the body of a channel message (used for DMs).
type MessageCreate struct {
	Content         string           `json:"content,omitempty"`
	Embeds          []Embed          `json:"embeds,omitempty"`
	AllowedMentions *AllowedMentions `json:"allowed_mentions"`
}

// Embed is a rich card in a message.
type Embed struct {
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	URL         string       `json:"url,omitempty"`
	Color       int          `json:"color,omitempty"` // 0xRRGGBB
	Timestamp   *time.Time   `json:"timestamp,omitempty"`
	Fields      []EmbedField `json:"fields,omitempty"`
	Footer      *EmbedFooter `json:"footer,omitempty"`
	Image       *EmbedMedia  `json:"image,omitempty"`
	Thumbnail   *EmbedMedia  `json:"thumbnail,omitempty"`
}

// EmbedField is one name/value pair of an embed.
type EmbedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// EmbedFooter is the small text under an embed.
type EmbedFooter struct {
	Text string `json:"text"`
}

// EmbedMedia is an image or thumbnail of an embed.
type EmbedMedia struct {
	URL string `json:"url"`
}

// Message is a message Discord created.
type Message struct {
	ID        string    `json:"id"`
	ChannelID string    `json:"channel_id"`
	Content   string    `json:"content"`
	Timestamp time.Time `json:"timestamp"`
	WebhookID string    `json:"webhook_id,omitempty"`
	Author    User      `json:"author"`
	Embeds    []Embed   `json:"embeds"`
}

// User is a Discord user as messages and channels show it.
type User struct {
	ID       string `json:"id"`
	Username string `json:"username"`
}

// Channel is a channel; a DM channel has Type 1 and the recipient in Recipients.
type Channel struct {
	ID         string `json:"id"`
	Type       int    `json:"type"`
	Recipients []User `json:"recipients,omitempty"`
}

// noMentions is what a nil AllowedMentions becomes.
func noMentions(a *AllowedMentions) *AllowedMentions {
	if a != nil {
		if a.Parse == nil {
			c := *a
			c.Parse = []string{}
			return &c
		}
		return a
	}
	return &AllowedMentions{Parse: []string{}}
}

// checkMessage enforces Discord's limits on content and embeds.
func checkMessage(content string, embeds []Embed) error {
	if content == "" && len(embeds) == 0 {
		return fmt.Errorf("discord: a message needs content or an embed")
	}
	if n := utf8.RuneCountInString(content); n > MaxContent {
		return fmt.Errorf("discord: content is %d characters, the limit is %d", n, MaxContent)
	}
	if len(embeds) > MaxEmbeds {
		return fmt.Errorf("discord: %d embeds, the limit is %d", len(embeds), MaxEmbeds)
	}
	total := 0
	for i, e := range embeds {
		n, err := e.check()
		if err != nil {
			return fmt.Errorf("discord: embed %d: %w", i, err)
		}
		total += n
	}
	if total > MaxEmbedTotal {
		return fmt.Errorf("discord: embeds hold %d characters together, the limit is %d", total, MaxEmbedTotal)
	}
	return nil
}

// check returns the characters the embed counts towards MaxEmbedTotal.
func (e Embed) check() (int, error) {
	count := utf8.RuneCountInString
	limits := []struct {
		what  string
		n     int
		limit int
	}{
		{"title", count(e.Title), MaxEmbedTitle},
		{"description", count(e.Description), MaxEmbedDescription},
		{"fields", len(e.Fields), MaxEmbedFields},
	}
	total := count(e.Title) + count(e.Description)
	if e.Footer != nil {
		limits = append(limits, struct {
			what  string
			n     int
			limit int
		}{"footer", count(e.Footer.Text), MaxFooterText})
		total += count(e.Footer.Text)
	}
	for _, l := range limits {
		if l.n > l.limit {
			return 0, fmt.Errorf("%s is %d long, the limit is %d", l.what, l.n, l.limit)
		}
	}
	for i, f := range e.Fields {
		if f.Name == "" || f.Value == "" {
			return 0, fmt.Errorf("field %d needs a name and a value", i)
		}
		if count(f.Name) > MaxFieldName || count(f.Value) > MaxFieldValue {
			return 0, fmt.Errorf("field %d is longer than %d/%d characters", i, MaxFieldName, MaxFieldValue)
		}
		total += count(f.Name) + count(f.Value)
	}
	return total, nil
}
