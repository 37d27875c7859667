// Package connect connects workspaces to platform shops: the OAuth round trip (authorize URL
// with a one-use state, callback, token exchange, pick of the authorized shops), tokens sealed
// at rest, refresh before expiry, alerts when an authorization fails or ends soon, and the
// ready-to-use API client every sync asks for (Service.Client).
//
// Tokens never appear in logs or errors: errors name the connection and the platform's code
// and message, which carry no token.
package connect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/shopee"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
)

// Refresh and alert horizons.
const (
	// StateTTL is how long a user has from "Connect" to picking the shops.
	StateTTL = 10 * time.Minute
	// RefreshBeforeUse: Client refreshes an access token expiring sooner than this, so a
	// sync never starts with a token that dies mid-way.
	RefreshBeforeUse = 10 * time.Minute
	// RefreshAhead: RefreshDue refreshes every access token expiring sooner than this.
	RefreshAhead = time.Hour
	// AlertAhead: an authorization (refresh token) ending sooner than this is an alert; the
	// seller must authorize again before then.
	AlertAhead = 7 * 24 * time.Hour
)

// CallbackPath is where the platform sends the seller back after authorizing.
const CallbackPath = "/connect/tiktok-shop/callback"

// ErrNoKey is returned when tokens must be sealed or opened and no secret key is configured.
var ErrNoKey = errors.New("connecting shops needs an encryption key for the tokens: set " + secrets.KeyEnv +
	" or " + secrets.KeyFileEnv + "; generate one with `creatorops secrets keygen`")

// ErrNotConfigured is returned when the TikTok Shop app is not configured on this server.
var ErrNotConfigured = errors.New("the TikTok Shop app is not configured on this server: start it with --tiktok-app-key, " +
	"CREATOROPS_TIKTOK_APP_SECRET and --tiktok-service-id (docs/platform-tiktok-shop.md, \"How to connect\")")

// ErrNeedsReauth is returned by Client for a connection the seller must authorize again.
var ErrNeedsReauth = errors.New("the shop's authorization is no longer accepted: connect it again")

// Service connects shops and hands out API clients for them. Zero optional fields take
// defaults; set them before first use.
type Service struct {
	Store *store.Store
	Keys  *secrets.Keyring // nil: connecting and syncing fail with ErrNoKey
	// TikTok is the app's client configuration: key, secret and the API and auth base URLs.
	TikTok tiktokshop.Config
	// ServiceID is the app's service id in Partner Center, which the authorize page needs.
	ServiceID string
	// AuthorizeBase is the seller-facing authorize page (default
	// tiktokshop.DefaultAuthorizeBase; US sellers: tiktokshop.USAuthorizeBase).
	AuthorizeBase string
	// Shopee is the Shopee Open Platform app (partner id and key, API host); a zero partner id
	// means Shopee shops cannot be connected on this server (shopee.go).
	Shopee shopee.Config
	// PublicURL is where browsers reach this server (https://creatorops.example.com): the
	// callback address registered in Partner Center is PublicURL + CallbackPath.
	PublicURL string
	Now       func() time.Time // default time.Now
	Logger    *slog.Logger     // default: discard

	once   sync.Once
	client *tiktokshop.Client
	err    error

	mu    sync.Mutex
	locks map[int64]*sync.Mutex // one refresh at a time per connection, in this process
}

// Configured reports whether the TikTok Shop app is set up, so pages can offer "Connect".
func (s *Service) Configured() bool {
	return s != nil && s.TikTok.AppKey != "" && s.TikTok.AppSecret != "" && s.ServiceID != ""
}

// CheckReady is the start-up check of serve: when any connection exists, its tokens must be
// openable, so a missing key is reported at once rather than at the first sync.
func (s *Service) CheckReady(ctx context.Context) error {
	if s.Keys != nil {
		return nil
	}
	has, err := s.Store.HasConnections(ctx)
	if err != nil {
		return err
	}
	if has {
		return fmt.Errorf("connected shops exist but no encryption key is configured: %w", ErrNoKey)
	}
	return nil
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// tiktok is the app's client, built once.
func (s *Service) tiktok() (*tiktokshop.Client, error) {
	if !s.Configured() {
		return nil, ErrNotConfigured
	}
	s.once.Do(func() {
		cfg := s.TikTok
		if cfg.APIBaseURL == "" {
			cfg.APIBaseURL = tiktokshop.DefaultAPIBaseURL
		}
		if cfg.AuthBaseURL == "" {
			cfg.AuthBaseURL = tiktokshop.DefaultAuthBaseURL
		}
		if cfg.Logger == nil {
			cfg.Logger = s.Logger
		}
		s.client, s.err = tiktokshop.New(cfg)
	})
	return s.client, s.err
}

// lock serializes refreshes of one connection in this process; across servers the re-read in
// refresh covers the race.
func (s *Service) lock(id int64) *sync.Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.locks == nil {
		s.locks = map[int64]*sync.Mutex{}
	}
	m, ok := s.locks[id]
	if !ok {
		m = &sync.Mutex{}
		s.locks[id] = m
	}
	return m
}

// associated data binds a sealed token to its row and column.
func accessAD(id int64) string  { return fmt.Sprintf("connection:%d:access_token", id) }
func refreshAD(id int64) string { return fmt.Sprintf("connection:%d:refresh_token", id) }

// sealer seals tok for the connection the store is saving.
func (s *Service) sealer(tok tiktokshop.Token) store.TokenSealer {
	return func(id int64) (string, string, error) {
		a, err := s.Keys.Seal([]byte(tok.AccessToken), accessAD(id))
		if err != nil {
			return "", "", err
		}
		r, err := s.Keys.Seal([]byte(tok.RefreshToken), refreshAD(id))
		if err != nil {
			return "", "", err
		}
		return a, r, nil
	}
}

// Save connects one authorized TikTok shop to a workspace with tok (sealed before it is
// stored), or reconnects it. shopID is the creatorops shop it feeds (nil: keep the one it fed
// before, or none). Tests and the OAuth pick step use it.
func (s *Service) Save(ctx context.Context, a store.Actor, wsID int64, shopID *int64, sh tiktokshop.Shop, tok tiktokshop.Token) (*store.Connection, error) {
	if s.Keys == nil {
		return nil, ErrNoKey
	}
	c := &store.Connection{
		WorkspaceID: wsID, ShopID: shopID, Platform: model.PlatformTikTokShop, ExternalShopID: sh.ID,
		ShopCipher: sh.Cipher, ShopName: sh.Name, Region: sh.Region, GrantKey: tok.OpenID,
		AccessExpiresAt: tok.AccessExpiresAt, RefreshExpiresAt: tok.RefreshExpiresAt,
	}
	if err := s.Store.SaveConnectionWith(ctx, a, c, s.sealer(tok)); err != nil {
		return nil, err
	}
	return c, nil
}
