package connect

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/shopee"
	"github.com/creatorops/creatorops/internal/store"
)

// ShopeeCallbackPath is where Shopee sends the seller back after authorizing a shop. The
// Open Platform console registers only the redirect's domain; the path and the state in its
// query are creatorops' own, and Shopee hands them back untouched.
const ShopeeCallbackPath = "/connect/shopee/callback"

// ErrShopeeNotConfigured is returned when the Shopee app is not configured on this server.
var ErrShopeeNotConfigured = errors.New("the Shopee app is not configured on this server: start it with --shopee-partner-id and " +
	"CREATOROPS_SHOPEE_PARTNER_KEY (docs/platform-shopee.md, \"Register an Open Platform app\")")

// ErrBadShopeeCallback is returned for a Shopee redirect without a usable code and shop id.
var ErrBadShopeeCallback = errors.New("Shopee's redirect carries no usable authorization")

// shopeeRegions are the Shopee markets, for finding a shop's market by its currency: each
// market has a currency of its own.
var shopeeRegions = []string{"SG", "MY", "TH", "ID", "VN", "PH", "TW", "BR", "MX"}

// ShopeeMarket is the Shopee market whose currency is currency ("IDR" → ID), so a
// creatorops shop in that currency can be fed by a Shopee shop of that market.
func ShopeeMarket(currency string) (shopee.Market, bool) {
	for _, r := range shopeeRegions {
		if m, ok := shopee.LookupMarket(r); ok && strings.EqualFold(m.Currency, currency) {
			return m, true
		}
	}
	return shopee.Market{}, false
}

// ShopeeShopError says why a creatorops shop cannot receive a Shopee shop's orders.
type ShopeeShopError struct{ Reason string }

func (e *ShopeeShopError) Error() string { return e.Reason }

// CheckShopeeTarget reports whether shop can receive a Shopee shop's orders: a Shopee shop
// whose currency is a Shopee market's (the report's amounts carry no currency of their own).
func CheckShopeeTarget(shop *model.Shop) (shopee.Market, error) {
	if shop.Platform != model.PlatformShopee {
		return shopee.Market{}, &ShopeeShopError{fmt.Sprintf("shop %q sells on %s, not Shopee: pick a Shopee shop, or add one on the Shops page", shop.Slug, shop.Platform)}
	}
	m, ok := ShopeeMarket(shop.Currency)
	if !ok {
		return shopee.Market{}, &ShopeeShopError{fmt.Sprintf("shop %q is in %s, which is no Shopee market's currency (SGD, MYR, THB, IDR, VND, PHP, TWD, BRL, MXN)", shop.Slug, shop.Currency)}
	}
	return m, nil
}

// ShopeeConfigured reports whether the Shopee app is set up, so pages can offer "Connect".
func (s *Service) ShopeeConfigured() bool {
	return s != nil && s.Shopee.PartnerID > 0 && s.Shopee.PartnerKey != ""
}

// shopeeClient builds the app's Shopee client; it is cheap, so it is not cached.
func (s *Service) shopeeClient() (*shopee.Client, error) {
	if !s.ShopeeConfigured() {
		return nil, ErrShopeeNotConfigured
	}
	cfg := s.Shopee
	if cfg.Logger == nil {
		cfg.Logger = s.Logger
	}
	if cfg.Now == nil && s.Now != nil {
		cfg.Now = s.Now
	}
	return shopee.New(cfg)
}

// ShopeeTarget is the creatorops shop a Shopee authorization will feed, chosen before the
// seller leaves (Shopee authorizes one shop and creatorops has no pick step for it): an
// existing Shopee shop of the workspace, or a new one for a market, made when the seller
// comes back (so an abandoned authorization leaves no empty shop behind).
type ShopeeTarget struct {
	ShopID int64  `json:"shop_id,omitempty"`
	Region string `json:"region,omitempty"` // a market ("ID") for a new shop, when ShopID is 0
}

// ShopeeAuthorizeURL starts connecting a Shopee shop into target for userID in workspace
// wsID: it records a fresh one-use state and returns Shopee's authorization page, whose
// redirect is callbackURL (this server's ShopeeCallbackPath) with the state in its query. A
// target shop of another workspace is store.ErrNotFound; one that cannot hold Shopee orders
// a *ShopeeShopError.
func (s *Service) ShopeeAuthorizeURL(ctx context.Context, wsID, userID int64, target ShopeeTarget, callbackURL string) (string, error) {
	cl, err := s.shopeeClient()
	if err != nil {
		return "", err
	}
	if s.Keys == nil {
		return "", ErrNoKey
	}
	if _, _, err := s.checkTarget(ctx, wsID, target); err != nil {
		return "", err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("connect: unable to draw a state: %w", err)
	}
	state := base64.RawURLEncoding.EncodeToString(b)
	redirect, err := url.Parse(callbackURL)
	if err != nil || !redirect.IsAbs() {
		return "", fmt.Errorf("connect: the Shopee callback %q is not an absolute URL", callbackURL)
	}
	q := redirect.Query()
	q.Set("state", state)
	redirect.RawQuery = q.Encode()
	kept, _ := json.Marshal(target)
	t := s.now()
	if err := s.Store.CreateOAuthStateWithTarget(ctx, store.OAuthState{Hash: stateHash(state), WorkspaceID: wsID, UserID: userID,
		Platform: model.PlatformShopee, Shops: string(kept), CreatedAt: t, ExpiresAt: t.Add(StateTTL)}); err != nil {
		return "", err
	}
	return cl.AuthorizeURL(redirect.String())
}

// checkTarget finds target's shop (nil for a new one) and market in workspace wsID.
func (s *Service) checkTarget(ctx context.Context, wsID int64, target ShopeeTarget) (*model.Shop, shopee.Market, error) {
	if target.ShopID == 0 {
		m, ok := shopee.LookupMarket(target.Region)
		if !ok {
			return nil, shopee.Market{}, &ShopeeShopError{fmt.Sprintf("%q is not a Shopee market (SG, MY, TH, ID, VN, PH, TW, BR, MX)", target.Region)}
		}
		return nil, m, nil
	}
	shop, err := s.Store.ShopByID(ctx, wsID, target.ShopID)
	if err != nil {
		return nil, shopee.Market{}, err
	}
	m, err := CheckShopeeTarget(shop)
	return shop, m, err
}

// newShopeeShop adds the shop a new Shopee connection of market m feeds: slug shopee-<region>
// (or the first free shopee-<region>-N), the market's currency, zone and usual locale.
func (s *Service) newShopeeShop(ctx context.Context, a store.Actor, wsID int64, m shopee.Market) (*model.Shop, error) {
	base := "shopee-" + strings.ToLower(m.Region)
	for n := 1; n < 100; n++ {
		slug := base
		if n > 1 {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		sh, err := s.Store.AddShop(ctx, a, model.Shop{WorkspaceID: wsID, Slug: slug, Name: "Shopee " + m.Region, Platform: model.PlatformShopee,
			Region: m.Region, Currency: m.Currency, Locale: intl.DefaultLocale(m.Currency).Tag, Timezone: m.Location.String()})
		if errors.Is(err, store.ErrShopExists) {
			continue
		}
		return sh, err
	}
	return nil, fmt.Errorf("connect: no free slug for a shop %q", base)
}

// ShopeeCallback finishes Shopee's redirect for userID (q is the redirect's query: state,
// code, shop_id): it uses the state once, asks allow whether the user may still connect
// shops in the workspace the state names (its error ends the callback before anything is
// stored), exchanges the code for the shop's tokens and saves the connection, tokens
// sealed, feeding the shop chosen when the connect started. a signs the audit entry.
func (s *Service) ShopeeCallback(ctx context.Context, a store.Actor, userID int64, q url.Values, allow func(wsID int64) error) (*store.Connection, error) {
	cl, err := s.shopeeClient()
	if err != nil {
		return nil, err
	}
	if s.Keys == nil {
		return nil, ErrNoKey
	}
	state := q.Get("state")
	if state == "" {
		return nil, errors.New("Shopee's redirect has no state: start connecting again from creatorops")
	}
	hash := stateHash(state)
	st, err := s.Store.ClaimOAuthState(ctx, hash, userID, s.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrUnknownState
	}
	if err != nil {
		return nil, err
	}
	if st.Platform != model.PlatformShopee {
		return nil, ErrUnknownState
	}
	if err := allow(st.WorkspaceID); err != nil {
		return nil, err
	}
	code, shopID, err := shopee.ParseCallback(q)
	if err != nil {
		return nil, fmt.Errorf("%w (%v): the seller may have declined; start connecting again", ErrBadShopeeCallback, err)
	}
	var target ShopeeTarget
	if err := json.Unmarshal([]byte(st.Shops), &target); err != nil {
		return nil, fmt.Errorf("connect: the shop chosen for the Shopee authorization is unreadable: %w", err)
	}
	shop, market, err := s.checkTarget(ctx, st.WorkspaceID, target)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errors.New("the shop chosen for this Shopee shop was deleted meanwhile: start connecting again")
	}
	if err != nil {
		return nil, err
	}
	if other, err := s.Store.ConnectionByExternalShop(ctx, model.PlatformShopee, strconv.FormatInt(shopID, 10)); err == nil && other.WorkspaceID != st.WorkspaceID {
		return nil, store.ErrConnectedElsewhere
	}
	tok, err := cl.GetToken(ctx, code, shopID)
	if err != nil {
		return nil, fmt.Errorf("Shopee refused the authorization code: %w", err)
	}
	if shop == nil {
		if shop, err = s.newShopeeShop(ctx, a, st.WorkspaceID, market); err != nil {
			return nil, err
		}
	}
	c := &store.Connection{WorkspaceID: st.WorkspaceID, ShopID: &shop.ID, Platform: model.PlatformShopee,
		ExternalShopID: strconv.FormatInt(shopID, 10), ShopName: shop.Name, Region: market.Region,
		AccessExpiresAt: tok.AccessExpiresAt, RefreshExpiresAt: tok.RefreshExpiresAt}
	if err := s.Store.SaveConnectionWith(ctx, a, c, s.shopeeSealer(tok)); err != nil {
		return nil, err
	}
	if err := s.Store.CompleteOAuthState(ctx, hash, s.now()); err != nil {
		s.log().Warn("connect: unable to close a used Shopee state; it expires on its own", "err", err)
	}
	return c, nil
}

// shopeeSealer seals a Shopee token for the connection the store is saving, with the same
// associated data as TikTok's: the seal is bound to the row and the column.
func (s *Service) shopeeSealer(tok shopee.Token) store.TokenSealer {
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

// ShopeeClient returns the app's Shopee client and conn's shop with a fresh access token
// (refreshed first when it expires within RefreshBeforeUse), its currency and time zone
// those of its market. A connection needing re-authorization or disconnected is an error
// wrapping ErrNeedsReauth.
func (s *Service) ShopeeClient(ctx context.Context, conn *store.Connection) (*shopee.Client, shopee.Shop, error) {
	cl, err := s.shopeeClient()
	if err != nil {
		return nil, shopee.Shop{}, err
	}
	if s.Keys == nil {
		return nil, shopee.Shop{}, ErrNoKey
	}
	if conn.Platform != model.PlatformShopee {
		return nil, shopee.Shop{}, fmt.Errorf("connection %d is a %s connection, not Shopee", conn.ID, conn.Platform)
	}
	// The tokens as stored now: a refresh since conn was read rotated them.
	if conn, err = s.Store.Connection(ctx, conn.WorkspaceID, conn.ID); err != nil {
		return nil, shopee.Shop{}, err
	}
	if err := usable(conn); err != nil {
		return nil, shopee.Shop{}, err
	}
	shopID, err := strconv.ParseInt(conn.ExternalShopID, 10, 64)
	if err != nil {
		return nil, shopee.Shop{}, fmt.Errorf("connection %d (%s): Shopee shop id %q is not a number", conn.ID, conn.ShopName, conn.ExternalShopID)
	}
	market, ok := shopee.LookupMarket(conn.Region)
	if !ok {
		return nil, shopee.Shop{}, fmt.Errorf("connection %d (%s): %q is no Shopee market", conn.ID, conn.ShopName, conn.Region)
	}
	if conn.AccessExpiresAt.Sub(s.now()) < RefreshBeforeUse {
		if conn, err = s.refreshShopee(ctx, conn, RefreshBeforeUse); err != nil {
			return nil, shopee.Shop{}, err
		}
	}
	tok, err := s.Keys.Open(conn.AccessTokenSealed, accessAD(conn.ID))
	if err != nil {
		return nil, shopee.Shop{}, fmt.Errorf("connection %d (%s): unable to open its access token: %w", conn.ID, conn.ShopName, err)
	}
	return cl, shopee.Shop{ID: shopID, AccessToken: string(tok), Currency: market.Currency, Location: market.Location}, nil
}

// RefreshShopee refreshes conn's tokens now, whatever their expiry: Shopee refused its
// access token before the time it said. A refresh another worker made since conn was read
// counts as done.
func (s *Service) RefreshShopee(ctx context.Context, conn *store.Connection) (*store.Connection, error) {
	if _, err := s.shopeeClient(); err != nil {
		return nil, err
	}
	if s.Keys == nil {
		return nil, ErrNoKey
	}
	return s.refreshShopeeSince(ctx, conn, 0, true, conn.RefreshTokenSealed)
}
