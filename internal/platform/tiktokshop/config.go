package tiktokshop

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Production hosts; regional or sandbox deployments pass their own in Config.
const (
	DefaultAPIBaseURL  = "https://open-api.tiktokglobalshop.com"
	DefaultAuthBaseURL = "https://auth.tiktok-shops.com"
	// DefaultAuthorizeBase is where sellers grant access; US shops use USAuthorizeBase.
	DefaultAuthorizeBase = "https://services.tiktokshop.com/open/authorize"
	// USAuthorizeBase is the authorization page for US sellers.
	USAuthorizeBase = "https://services.us.tiktokshop.com/open/authorize"
)

// Defaults applied by New when a Config field is zero.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultMaxAttempts = 4
	DefaultBackoffBase = 500 * time.Millisecond
	DefaultBackoffMax  = 30 * time.Second
)

// Config is what a Client needs; only AppKey, AppSecret and the two base URLs are required.
type Config struct {
	AppKey      string
	AppSecret   string
	APIBaseURL  string // e.g. DefaultAPIBaseURL, or a fake server's URL in tests
	AuthBaseURL string // e.g. DefaultAuthBaseURL

	HTTPClient  *http.Client  // nil: a client with Timeout
	Timeout     time.Duration // per attempt; applied even when HTTPClient has none
	MaxAttempts int           // attempts per call, first one included
	BackoffBase time.Duration // first retry waits up to this long
	BackoffMax  time.Duration // no retry waits longer than this
	Logger      *slog.Logger  // nil: no logging

	Now   func() time.Time                                 // signing clock; nil: time.Now
	Sleep func(ctx context.Context, d time.Duration) error // backoff wait; nil: a timer honouring ctx
}

// Client calls the TikTok Shop Open API on behalf of one app. It is safe for concurrent use.
type Client struct {
	cfg  Config
	api  *url.URL
	auth *url.URL
	http *http.Client
	log  *slog.Logger
}

// New checks cfg and fills its defaults.
func New(cfg Config) (*Client, error) {
	if cfg.AppKey == "" || cfg.AppSecret == "" {
		return nil, errors.New("tiktokshop: app key and app secret are required")
	}
	api, err := parseBase("API", cfg.APIBaseURL)
	if err != nil {
		return nil, err
	}
	auth, err := parseBase("auth", cfg.AuthBaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.BackoffBase <= 0 {
		cfg.BackoffBase = DefaultBackoffBase
	}
	if cfg.BackoffMax <= 0 {
		cfg.BackoffMax = DefaultBackoffMax
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: cfg.Timeout}
	}
	lg := cfg.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	return &Client{cfg: cfg, api: api, auth: auth, http: hc, log: lg}, nil
}

// parseBase accepts an absolute http(s) URL; a trailing slash is dropped so paths join cleanly.
func parseBase(name, raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("tiktokshop: " + name + " base URL is required")
	}
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("tiktokshop: " + name + " base URL " + quoteURL(raw) + " is not an absolute http(s) URL")
	}
	return u, nil
}

// quoteURL names a configured URL in an error without any query string it might carry.
func quoteURL(raw string) string {
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		raw = raw[:i] + "?…"
	}
	return `"` + raw + `"`
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
