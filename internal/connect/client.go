package connect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// Client returns the app's TikTok Shop client and conn's access token, refreshed first when
// it expires within RefreshBeforeUse. Syncs call it before each run; conn.ShopCipher goes with
// the token in tiktokshop.ShopAuth. A connection needing re-authorization or disconnected is
// an error wrapping ErrNeedsReauth (a sync should stop, not retry).
func (s *Service) Client(ctx context.Context, conn *store.Connection) (*tiktokshop.Client, string, error) {
	cl, err := s.tiktok()
	if err != nil {
		return nil, "", err
	}
	if s.Keys == nil {
		return nil, "", ErrNoKey
	}
	if conn.Platform != model.PlatformTikTokShop {
		return nil, "", fmt.Errorf("connection %d is a %s connection, not TikTok Shop", conn.ID, conn.Platform)
	}
	if err := usable(conn); err != nil {
		return nil, "", err
	}
	if conn.AccessExpiresAt.Sub(s.now()) < RefreshBeforeUse {
		if conn, err = s.refresh(ctx, conn, RefreshBeforeUse); err != nil {
			return nil, "", err
		}
	}
	tok, err := s.Keys.Open(conn.AccessTokenSealed, accessAD(conn.ID))
	if err != nil {
		return nil, "", fmt.Errorf("connection %d (%s): unable to open its access token: %w", conn.ID, conn.ShopName, err)
	}
	return cl, string(tok), nil
}

// usable refuses connections whose tokens must not be used.
func usable(c *store.Connection) error {
	switch c.Status {
	case store.ConnectionDisconnected:
		return fmt.Errorf("connection %d (%s) is disconnected: %w", c.ID, c.ShopName, ErrNeedsReauth)
	case store.ConnectionNeedsReauth:
		return fmt.Errorf("connection %d (%s) needs re-authorization (%s): %w", c.ID, c.ShopName, c.LastError, ErrNeedsReauth)
	}
	return nil
}

// refresh trades conn's refresh token for new tokens unless, on a fresh read, the access
// token no longer expires within ahead (another worker refreshed it). It returns the
// connection as stored afterwards.
func (s *Service) refresh(ctx context.Context, conn *store.Connection, ahead time.Duration) (*store.Connection, error) {
	m := s.lock(conn.ID)
	m.Lock()
	defer m.Unlock()
	cur, err := s.Store.Connection(ctx, conn.WorkspaceID, conn.ID)
	if err != nil {
		return nil, err
	}
	if err := usable(cur); err != nil {
		return nil, err
	}
	if cur.AccessExpiresAt.Sub(s.now()) >= ahead {
		return cur, nil
	}
	cl, err := s.tiktok()
	if err != nil {
		return nil, err
	}
	rt, err := s.Keys.Open(cur.RefreshTokenSealed, refreshAD(cur.ID))
	if err != nil {
		return nil, fmt.Errorf("connection %d (%s): unable to open its refresh token: %w", cur.ID, cur.ShopName, err)
	}
	tok, err := cl.RefreshToken(ctx, string(rt))
	if err != nil {
		return nil, s.refreshFailed(ctx, cur, err)
	}
	if cur.GrantKey != "" {
		_, err = s.Store.UpdateGrantTokens(ctx, cur.Platform, cur.GrantKey, s.sealer(tok), tok.AccessExpiresAt, tok.RefreshExpiresAt)
	} else {
		var a, r string
		if a, r, err = s.sealer(tok)(cur.ID); err == nil {
			err = s.Store.UpdateConnectionTokens(ctx, cur.ID, a, r, tok.AccessExpiresAt, tok.RefreshExpiresAt)
		}
	}
	if err != nil {
		// The platform rotated the tokens already: the old refresh token is dead, so this
		// connection needs the seller again unless the write is retried by the caller.
		return nil, fmt.Errorf("connection %d (%s): the refreshed tokens could not be stored: %w", cur.ID, cur.ShopName, err)
	}
	s.log().LogAttrs(ctx, slog.LevelInfo, "connect: refreshed a shop's tokens", slog.Int64("connection", cur.ID),
		slog.Int64("workspace", cur.WorkspaceID), slog.Time("access_expires_at", tok.AccessExpiresAt))
	return s.Store.Connection(ctx, cur.WorkspaceID, cur.ID)
}

// refreshFailed records a refused refresh. A token problem means the seller must authorize
// again (needs_reauth, with the platform's message) — unless another server rotated the
// tokens meanwhile, which a fresh read shows. Anything else (network, 5xx) keeps the
// connection active with the error noted, for the next attempt.
func (s *Service) refreshFailed(ctx context.Context, cur *store.Connection, cause error) error {
	apiErr, isAPI := tiktokshop.AsAPIError(cause)
	if !isAPI || !apiErr.IsTokenProblem() {
		msg := "token refresh failed: " + cause.Error()
		if err := s.Store.SetConnectionStatus(ctx, cur.ID, store.ConnectionActive, msg); err != nil {
			s.log().Warn("connect: unable to record a failed refresh", "connection", cur.ID, "err", err)
		}
		return fmt.Errorf("connection %d (%s): %w", cur.ID, cur.ShopName, cause)
	}
	if again, err := s.Store.Connection(ctx, cur.WorkspaceID, cur.ID); err == nil && again.RefreshTokenSealed != cur.RefreshTokenSealed && again.Live() {
		return fmt.Errorf("connection %d (%s): refreshed meanwhile by another worker; try again", cur.ID, cur.ShopName)
	}
	msg := fmt.Sprintf("TikTok Shop refused to refresh the authorization: %s (code %d). Connect the shop again.", apiErr.Message, apiErr.Code)
	ids := []int64{cur.ID}
	if cur.GrantKey != "" {
		if sib, err := s.siblings(ctx, cur); err == nil {
			ids = sib
		}
	}
	for _, id := range ids {
		if err := s.Store.SetConnectionStatus(ctx, id, store.ConnectionNeedsReauth, msg); err != nil && !errors.Is(err, store.ErrNotFound) {
			s.log().Warn("connect: unable to mark a connection for re-authorization", "connection", id, "err", err)
		}
	}
	s.log().LogAttrs(ctx, slog.LevelWarn, "connect: a shop needs re-authorization", slog.Int64("connection", cur.ID),
		slog.Int64("workspace", cur.WorkspaceID), slog.Int("code", apiErr.Code), slog.String("message", apiErr.Message))
	return fmt.Errorf("connection %d (%s): %s: %w", cur.ID, cur.ShopName, msg, ErrNeedsReauth)
}

// siblings are the live connections sharing cur's grant, cur included.
func (s *Service) siblings(ctx context.Context, cur *store.Connection) ([]int64, error) {
	all, err := s.Store.ActiveConnections(ctx)
	if err != nil {
		return nil, err
	}
	ids := []int64{cur.ID}
	for _, c := range all {
		if c.ID != cur.ID && c.Platform == cur.Platform && c.GrantKey == cur.GrantKey {
			ids = append(ids, c.ID)
		}
	}
	return ids, nil
}
