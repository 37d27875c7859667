package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is Discord's production API, version 10.
const DefaultBaseURL = "https://discord.com/api/v10"

// DefaultUserAgent has the "DiscordBot (url, version)" form Discord asks bots to send.
const DefaultUserAgent = "DiscordBot (https://github.com/creatorops/creatorops, 1)"

// maxBody bounds what is read of an answer; Discord's objects are small.
const maxBody = 1 << 20

// Config configures a Client.
type Config struct {
	BaseURL  string // default DefaultBaseURL; tests point it at discordtest
	BotToken string // for role and DM calls; never logged. Webhook posts need none.

	HTTPClient *http.Client  // optional; its Timeout is set to Timeout when zero
	Timeout    time.Duration // per request; default 15s

	MaxAttempts int // tries per call, counting the first; default 4
	// MaxRetryDelay caps how long a call waits in-process for a 429. A longer wait (a global
	// limit, a webhook limit of minutes) is returned as the *APIError with RetryAfter set,
	// so the job queue reschedules instead of holding a worker. Default 30s.
	MaxRetryDelay time.Duration
	// BaseBackoff is the first backoff after a 5xx without a server-given delay; it doubles
	// per attempt, with full jitter. Default 500ms.
	BaseBackoff time.Duration
	// Sleep waits d or until ctx ends; tests replace it to record delays without waiting.
	Sleep func(ctx context.Context, d time.Duration) error

	Logger    *slog.Logger
	UserAgent string // default DefaultUserAgent
}

// Client calls Discord. It is safe for concurrent use.
type Client struct {
	base  *url.URL
	token string
	http  *http.Client
	cfg   Config
	log   *slog.Logger
}

// New checks cfg and returns its Client.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return nil, fmt.Errorf("discord: base URL %q is not an http(s) URL", cfg.BaseURL)
	}
	if strings.ContainsAny(cfg.BotToken, " \r\n") {
		return nil, fmt.Errorf("discord: bot token has whitespace (paste the token alone, without \"Bot \")")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 4
	}
	if cfg.MaxRetryDelay <= 0 {
		cfg.MaxRetryDelay = 30 * time.Second
	}
	if cfg.BaseBackoff <= 0 {
		cfg.BaseBackoff = 500 * time.Millisecond
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	if hc.Timeout == 0 {
		c := *hc
		c.Timeout = cfg.Timeout
		hc = &c
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Client{base: base, token: cfg.BotToken, http: hc, cfg: cfg, log: logger}, nil
}

// TransportError is a call that got no answer from Discord (connection, TLS, timeout).
type TransportError struct {
	Method string
	Path   string // redacted like APIError.Path
	Err    error  // never a *url.Error, whose text would hold the webhook token
}

// Error reads like "discord: POST /webhooks/1/[redacted]: dial tcp …: connection refused".
func (e *TransportError) Error() string {
	return fmt.Sprintf("discord: %s %s: %v", e.Method, e.Path, e.Err)
}

// Unwrap gives the network error.
func (e *TransportError) Unwrap() error { return e.Err }

// Temporary is always true: there was no answer, so a later call may get one.
func (e *TransportError) Temporary() bool { return true }

// request is one API call.
type request struct {
	method  string
	url     *url.URL
	logPath string // path shown in logs and errors, secrets redacted
	body    any
	bot     bool   // send the bot token
	reason  string // X-Audit-Log-Reason
	// safe marks a POST that may be repeated without a second effect (opening a DM channel
	// returns the existing one), so a 5xx or a lost answer is retried as for PUT.
	safe bool
	out  any // decoded from a 2xx body when not nil
}

// do runs r, retrying rate limits and server errors; network errors are retried only for
// PUT and DELETE, because a POST that got no answer may have posted, and a second
// announcement or DM is worse than a reported failure.
func (c *Client) do(ctx context.Context, r request) error {
	if r.bot && c.token == "" {
		return fmt.Errorf("discord: %s %s: no bot token configured", r.method, r.logPath)
	}
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("discord: %s %s: encoding the body: %w", r.method, r.logPath, err)
		}
	}
	idempotent := r.method == http.MethodPut || r.method == http.MethodDelete || r.safe
	for attempt := 1; ; attempt++ {
		status, header, body, err := c.send(ctx, r, payload)
		var delay time.Duration
		switch {
		case err != nil:
			if ctx.Err() != nil || !idempotent || attempt >= c.cfg.MaxAttempts {
				return err
			}
			delay = c.backoff(attempt)
		case status >= 200 && status < 300:
			if r.out != nil && len(body) > 0 {
				if err := json.Unmarshal(body, r.out); err != nil {
					return fmt.Errorf("discord: %s %s: decoding the answer: %w", r.method, r.logPath, err)
				}
			}
			c.log.Debug("discord: call", "method", r.method, "path", r.logPath, "status", status, "attempt", attempt)
			return nil
		default:
			apiErr := decodeError(r.method, r.logPath, status, header, body)
			// A 5xx to a POST may come after the message was posted: a second DM or
			// announcement is worse than a reported failure (the outbox probes the channel).
			// A 429 is always safe to repeat: the call was refused before it did anything.
			ambiguous := !idempotent && status != http.StatusTooManyRequests
			if !apiErr.Temporary() || ambiguous || attempt >= c.cfg.MaxAttempts {
				c.log.Warn("discord: call failed", "method", r.method, "path", r.logPath, "status", status,
					"code", apiErr.Code, "message", apiErr.Message, "attempt", attempt)
				return apiErr
			}
			if status == http.StatusTooManyRequests {
				delay = apiErr.RetryAfter
				if delay > c.cfg.MaxRetryDelay {
					c.log.Warn("discord: rate limited beyond the in-process wait", "method", r.method,
						"path", r.logPath, "retry_after", delay, "global", apiErr.Global)
					return apiErr
				}
			} else {
				delay = headerDelay(header)
			}
			if delay <= 0 {
				delay = c.backoff(attempt)
			}
			err = apiErr
		}
		c.log.Warn("discord: retrying", "method", r.method, "path", r.logPath, "attempt", attempt,
			"delay", delay, "err", err)
		if serr := c.cfg.Sleep(ctx, delay); serr != nil {
			return fmt.Errorf("discord: %s %s: waiting to retry: %w (after %v)", r.method, r.logPath, serr, err)
		}
	}
}

// send makes one HTTP exchange.
func (c *Client) send(ctx context.Context, r request, payload []byte) (int, http.Header, []byte, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url.String(), body)
	if err != nil {
		return 0, nil, nil, &TransportError{Method: r.method, Path: r.logPath, Err: errors.New("building the request failed")}
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.bot {
		req.Header.Set("Authorization", "Bot "+c.token)
	}
	if r.reason != "" {
		req.Header.Set("X-Audit-Log-Reason", auditReason(r.reason))
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, nil, nil, &TransportError{Method: r.method, Path: r.logPath, Err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, nil, &TransportError{Method: r.method, Path: r.logPath, Err: fmt.Errorf("reading the answer: %w", err)}
	}
	return resp.StatusCode, resp.Header, b, nil
}

// backoff is exponential with full jitter: uniform in [0, base·2^(attempt-1)], capped at
// MaxRetryDelay.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.BaseBackoff << min(attempt-1, 20)
	if d <= 0 || d > c.cfg.MaxRetryDelay {
		d = c.cfg.MaxRetryDelay
	}
	return time.Duration(rand.Int64N(int64(d) + 1))
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// auditReason URL-encodes the reason as Discord expects (UTF-8, up to 512 characters).
func auditReason(s string) string {
	if r := []rune(s); len(r) > MaxAuditLogReason {
		s = string(r[:MaxAuditLogReason])
	}
	return url.PathEscape(s)
}

// apiURL joins path segments, each escaped, to the base URL.
func (c *Client) apiURL(segments ...string) *url.URL {
	u := *c.base
	for _, s := range segments {
		u.Path += "/" + s
	}
	u.RawPath = ""
	return &u
}
