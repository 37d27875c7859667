package outreach

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Message length limits, in characters. TikTok Shop IM refuses longer texts (DESIGN.md); a
// Discord message is at most 2,000 characters.
const (
	MaxTikTokIMChars = 2000
	MaxDiscordChars  = 2000
	MaxSubjectChars  = 200 // longer subjects are cut by every mail client anyway
)

// CheckForChannel checks a template's subject and body sources for a step on channel
// ("tiktok_im", "email" or "discord"): both parse (all problems are reported), email has a
// subject, IM and Discord have none, only email uses links.unsubscribe, and the body is within
// the channel's length limit before variables are filled in. The engine checks the rendered
// message again with CheckRendered, since values make it longer.
func CheckForChannel(channel string, subject, body string) error {
	var errs []error
	label, err := channelLabel(channel)
	if err != nil {
		return err
	}
	sub, err := ParseTemplate(subject)
	if err != nil {
		errs = append(errs, fmt.Errorf("subject: %w", err))
	}
	bod, err := ParseTemplate(body)
	if err != nil {
		errs = append(errs, fmt.Errorf("body: %w", err))
	}
	if channel != "email" {
		for _, t := range []*Template{sub, bod} {
			if t != nil && t.Uses("links.unsubscribe") {
				errs = append(errs, fmt.Errorf("%s messages cannot use links.unsubscribe: it exists for email only", label))
				break
			}
		}
	}
	errs = append(errs, checkShape(channel, label, subject, body)...)
	return errors.Join(errs...)
}

// CheckRendered checks a rendered message against the channel's rules (subject, length)
// right before it is queued.
func CheckRendered(channel string, subject, body string) error {
	label, err := channelLabel(channel)
	if err != nil {
		return err
	}
	return errors.Join(checkShape(channel, label, subject, body)...)
}

func checkShape(channel, label, subject, body string) []error {
	var errs []error
	if strings.TrimSpace(body) == "" {
		errs = append(errs, fmt.Errorf("the message body is empty"))
	}
	switch channel {
	case "email":
		if strings.TrimSpace(subject) == "" {
			errs = append(errs, fmt.Errorf("an email needs a subject"))
		} else if n := utf8.RuneCountInString(subject); n > MaxSubjectChars {
			errs = append(errs, fmt.Errorf("the subject has %d characters; keep it within %d", n, MaxSubjectChars))
		}
		if strings.ContainsAny(subject, "\r\n") {
			errs = append(errs, fmt.Errorf("the subject must be a single line"))
		}
	default:
		if strings.TrimSpace(subject) != "" {
			errs = append(errs, fmt.Errorf("%s messages have no subject: leave it empty", label))
		}
		limit := MaxTikTokIMChars
		if channel == "discord" {
			limit = MaxDiscordChars
		}
		if n := utf8.RuneCountInString(body); n > limit {
			errs = append(errs, fmt.Errorf("the message has %d characters; %s allows %d", n, label, limit))
		}
	}
	return errs
}

// channelLabel is the name people know a channel by, for messages.
func channelLabel(channel string) (string, error) {
	switch channel {
	case "tiktok_im":
		return "TikTok IM", nil
	case "email":
		return "Email", nil
	case "discord":
		return "Discord", nil
	}
	return "", fmt.Errorf("unknown channel %q: use tiktok_im, email or discord", channel)
}
