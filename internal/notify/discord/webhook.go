package discord

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// ExecuteWebhook posts an announcement through a webhook URL as Discord shows it
// ("https://discord.com/api/webhooks/{id}/{token}"). With wait, Discord answers with the
// created message (?wait=true); without, with 204 and the result is nil.
func (c *Client) ExecuteWebhook(ctx context.Context, webhookURL string, m WebhookMessage, wait bool) (*Message, error) {
	u, redacted, err := parseWebhookURL(webhookURL)
	if err != nil {
		return nil, err
	}
	if err := checkMessage(m.Content, m.Embeds); err != nil {
		return nil, err
	}
	m.AllowedMentions = noMentions(m.AllowedMentions)
	if wait {
		q := u.Query()
		q.Set("wait", "true")
		u.RawQuery = q.Encode()
	}
	var msg Message
	r := request{method: http.MethodPost, url: u, logPath: redacted, body: m}
	if wait {
		r.out = &msg
	}
	if err := c.do(ctx, r); err != nil {
		return nil, err
	}
	if !wait {
		return nil, nil
	}
	return &msg, nil
}

// CheckWebhookURL tells whether s is a webhook URL this package can post to, for the form
// where a user pastes it.
func CheckWebhookURL(s string) error {
	_, _, err := parseWebhookURL(s)
	return err
}

// RedactWebhookURL shows a webhook URL without its token, which is all it takes to post.
func RedactWebhookURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "[unreadable webhook URL]"
	}
	segs := strings.Split(strings.TrimRight(u.Path, "/"), "/")
	if len(segs) > 0 {
		segs[len(segs)-1] = "[redacted]"
	}
	return u.Scheme + "://" + u.Host + strings.Join(segs, "/")
}

// parseWebhookURL checks s and returns it with the path shown in logs (token redacted). The
// error never repeats s: it holds the token.
func parseWebhookURL(s string) (*url.URL, string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, "", fmt.Errorf("discord: the webhook URL is not a URL")
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return nil, "", fmt.Errorf("discord: webhook URL on %s: only https is allowed (the URL carries a secret)", u.Host)
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	n := len(segs)
	if n < 3 || segs[n-3] != "webhooks" || checkSnowflake("webhook", segs[n-2]) != nil || segs[n-1] == "" {
		return nil, "", fmt.Errorf("discord: webhook URL on %s does not end in /webhooks/{id}/{token}", u.Host)
	}
	redacted := "/" + strings.Join(append(segs[:n-1:n-1], "[redacted]"), "/")
	u.Fragment = ""
	return u, redacted, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
