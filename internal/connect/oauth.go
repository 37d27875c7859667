package connect

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// AuthorizedShop is a shop the seller granted the app, offered on the pick page.
type AuthorizedShop struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Region string `json:"region"`
	Cipher string `json:"cipher"`
}

// Pending is a finished authorization waiting for the user to pick shops.
type Pending struct {
	State       string // the raw state, which the pick form posts back
	WorkspaceID int64
	Shops       []AuthorizedShop
	ExpiresAt   time.Time
}

// Pick is one authorized shop to connect, and the creatorops shop it feeds (nil: none yet).
type Pick struct {
	ExternalShopID string
	ShopID         *int64
}

// grant is the token kept (sealed) between the callback and the pick.
type grant struct {
	AccessToken      string    `json:"access_token"`
	RefreshToken     string    `json:"refresh_token"`
	AccessExpiresAt  time.Time `json:"access_expires_at"`
	RefreshExpiresAt time.Time `json:"refresh_expires_at"`
	OpenID           string    `json:"open_id"`
}

func stateHash(state string) string {
	sum := sha256.Sum256([]byte(state))
	return hex.EncodeToString(sum[:])
}

func grantAD(hash string) string { return "oauth_state:" + hash + ":grant" }

// AuthorizeURL starts a connect for userID in workspace wsID: it records a fresh one-use
// state and returns the platform page the user's browser goes to.
func (s *Service) AuthorizeURL(ctx context.Context, wsID, userID int64) (string, error) {
	if _, err := s.tiktok(); err != nil {
		return "", err
	}
	if s.Keys == nil {
		return "", ErrNoKey
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("connect: unable to draw a state: %w", err)
	}
	state := base64.RawURLEncoding.EncodeToString(b)
	t := s.now()
	if err := s.Store.CreateOAuthState(ctx, store.OAuthState{Hash: stateHash(state), WorkspaceID: wsID, UserID: userID,
		Platform: model.PlatformTikTokShop, CreatedAt: t, ExpiresAt: t.Add(StateTTL)}); err != nil {
		return "", err
	}
	return tiktokshop.AuthorizeURL(s.ServiceID, state, s.AuthorizeBase)
}

// ErrUnknownState is returned for a state this server never issued (or already forgot).
var ErrUnknownState = errors.New("this authorization link is not known here (it may be older than 10 minutes, or from another server): start connecting again")

// Callback finishes the platform's redirect for userID: it uses the state once, exchanges
// the code for a token, lists the shops the seller authorized, and keeps the token sealed
// until the user picks shops (Connect).
func (s *Service) Callback(ctx context.Context, userID int64, state, code string) (*Pending, error) {
	cl, err := s.tiktok()
	if err != nil {
		return nil, err
	}
	if s.Keys == nil {
		return nil, ErrNoKey
	}
	if state == "" {
		return nil, errors.New("the platform's redirect has no state: start connecting again from creatorops")
	}
	hash := stateHash(state)
	st, err := s.Store.ClaimOAuthState(ctx, hash, userID, s.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrUnknownState
	}
	if err != nil {
		return nil, err
	}
	if code == "" {
		return nil, errors.New("the platform's redirect has no authorization code: the seller may have declined; start connecting again")
	}
	tok, err := cl.GetToken(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("TikTok Shop refused the authorization code: %w", err)
	}
	shops, err := cl.AuthorizedShops(ctx, tok.AccessToken)
	if err != nil {
		return nil, fmt.Errorf("unable to list the authorized shops: %w", err)
	}
	p := &Pending{State: state, WorkspaceID: st.WorkspaceID, ExpiresAt: st.ExpiresAt}
	for _, sh := range shops {
		p.Shops = append(p.Shops, AuthorizedShop{ID: sh.ID, Name: sh.Name, Region: sh.Region, Cipher: sh.Cipher})
	}
	g, _ := json.Marshal(grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		AccessExpiresAt: tok.AccessExpiresAt, RefreshExpiresAt: tok.RefreshExpiresAt, OpenID: tok.OpenID})
	sealed, err := s.Keys.Seal(g, grantAD(hash))
	if err != nil {
		return nil, err
	}
	shopsJSON, _ := json.Marshal(p.Shops)
	if err := s.Store.SaveOAuthGrant(ctx, hash, sealed, string(shopsJSON)); err != nil {
		return nil, err
	}
	return p, nil
}

// Pending returns userID's authorization waiting for a pick, or an error saying why there is
// none (used, expired, another user's, unknown).
func (s *Service) Pending(ctx context.Context, userID int64, state string) (*Pending, error) {
	if !s.Configured() {
		return nil, ErrNotConfigured
	}
	st, err := s.Store.PendingOAuthState(ctx, stateHash(state), userID, s.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrUnknownState
	}
	if err != nil {
		return nil, err
	}
	p := &Pending{State: state, WorkspaceID: st.WorkspaceID, ExpiresAt: st.ExpiresAt}
	if err := json.Unmarshal([]byte(st.Shops), &p.Shops); err != nil {
		return nil, fmt.Errorf("connect: the authorized shops kept for the pick are unreadable: %w", err)
	}
	return p, nil
}

// Connect connects the picked shops of userID's pending authorization to workspace wsID and
// ends the authorization. A pending authorization of another workspace is store.ErrNotFound.
func (s *Service) Connect(ctx context.Context, a store.Actor, wsID, userID int64, state string, picks []Pick) ([]*store.Connection, error) {
	if !s.Configured() {
		return nil, ErrNotConfigured
	}
	if s.Keys == nil {
		return nil, ErrNoKey
	}
	hash := stateHash(state)
	st, err := s.Store.PendingOAuthState(ctx, hash, userID, s.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrUnknownState
	}
	if err != nil {
		return nil, err
	}
	if st.WorkspaceID != wsID {
		return nil, store.ErrNotFound
	}
	if len(picks) == 0 {
		return nil, errors.New("pick at least one shop to connect")
	}
	var shops []AuthorizedShop
	if err := json.Unmarshal([]byte(st.Shops), &shops); err != nil {
		return nil, fmt.Errorf("connect: the authorized shops kept for the pick are unreadable: %w", err)
	}
	raw, err := s.Keys.Open(st.GrantSealed, grantAD(hash))
	if err != nil {
		return nil, fmt.Errorf("connect: unable to open the pending authorization: %w", err)
	}
	var g grant
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, fmt.Errorf("connect: the pending authorization is unreadable: %w", err)
	}
	tok := tiktokshop.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, AccessExpiresAt: g.AccessExpiresAt, RefreshExpiresAt: g.RefreshExpiresAt, OpenID: g.OpenID}
	var out []*store.Connection
	for _, p := range picks {
		sh, ok := findShop(shops, p.ExternalShopID)
		if !ok {
			return out, fmt.Errorf("shop %q is not among the shops the seller authorized", p.ExternalShopID)
		}
		c, err := s.Save(ctx, a, wsID, p.ShopID, tiktokshop.Shop{ID: sh.ID, Name: sh.Name, Region: sh.Region, Cipher: sh.Cipher}, tok)
		if err != nil {
			return out, fmt.Errorf("shop %q: %w", sh.Name, err)
		}
		out = append(out, c)
	}
	return out, s.Store.CompleteOAuthState(ctx, hash, s.now())
}

func findShop(shops []AuthorizedShop, id string) (AuthorizedShop, bool) {
	for _, sh := range shops {
		if sh.ID == id {
			return sh, true
		}
	}
	return AuthorizedShop{}, false
}
