// Package shopee is a client for the Shopee Open Platform v2: request signing, shop
// authorization and tokens, and the affiliate (AMS) conversion report.
//
// Every call is signed with the partner key (see Sign and SignShop); shop-level calls also
// carry the shop's access token. Shopee answers with an envelope {error, message, request_id,
// response} whose non-empty error becomes an *APIError. Rate limits and server errors are
// retried with exponential backoff and full jitter; nothing else is.
package shopee

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Production and sandbox hosts. They are defaults for configuration, never used directly.
const (
	DefaultBaseURL = "https://partner.shopeemobile.com"
	SandboxBaseURL = "https://partner.test-stable.shopeemobile.com"
)

// Defaults applied by New to a zero Config field.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultMaxAttempts = 4
)

// Config configures a Client for one Open Platform app (partner).
type Config struct {
	PartnerID   int64
	PartnerKey  string
	BaseURL     string        // API host; DefaultBaseURL when empty
	HTTPClient  *http.Client  // defaults to a client with Timeout
	Timeout     time.Duration // per attempt; DefaultTimeout when zero
	MaxAttempts int           // attempts per call including the first; DefaultMaxAttempts when zero
	Logger      *slog.Logger  // optional; never given keys, tokens or signatures
	Now         func() time.Time
	Sleep       func(ctx context.Context, d time.Duration) error // waits between attempts; tests replace it
}

// LogValue keeps the partner key out of logs when a Config is logged whole.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.Int64("partner_id", c.PartnerID), slog.String("base_url", c.BaseURL))
}

// Client calls the Open Platform for one partner. It is safe for concurrent use; shop
// credentials are passed per call because one app serves many shops.
type Client struct {
	partnerID   int64
	partnerKey  string
	base        *url.URL
	http        *http.Client
	timeout     time.Duration
	maxAttempts int
	log         *slog.Logger
	now         func() time.Time
	sleep       func(ctx context.Context, d time.Duration) error
}

// New checks cfg and builds a Client.
func New(cfg Config) (*Client, error) {
	if cfg.PartnerID <= 0 {
		return nil, fmt.Errorf("shopee: partner id %d is not a partner id", cfg.PartnerID)
	}
	if cfg.PartnerKey == "" {
		return nil, errors.New("shopee: partner key is empty")
	}
	raw := cfg.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	base, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return nil, fmt.Errorf("shopee: base URL %q is not an http(s) URL", raw)
	}
	c := &Client{
		partnerID:   cfg.PartnerID,
		partnerKey:  cfg.PartnerKey,
		base:        base,
		http:        cfg.HTTPClient,
		timeout:     cfg.Timeout,
		maxAttempts: cfg.MaxAttempts,
		log:         cfg.Logger,
		now:         cfg.Now,
		sleep:       cfg.Sleep,
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: c.timeout}
	}
	if c.maxAttempts <= 0 {
		c.maxAttempts = DefaultMaxAttempts
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	return c, nil
}

// PartnerID is the app's partner id.
func (c *Client) PartnerID() int64 { return c.partnerID }

// sleepContext waits d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
