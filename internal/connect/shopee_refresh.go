package connect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/shopee"
	"github.com/creatorops/creatorops/internal/store"
)

// ShopeeRefreshJobKind is the durable job that runs RefreshDueShopee; RegisterShopee
// schedules it.
const ShopeeRefreshJobKind = "shopee.refresh"

// RegisterShopee adds the Shopee token sweep to a job runner, every RefreshEvery: one chain
// for the installation, so several servers never refresh the same token at once. Shopee
// access tokens last 4 hours, so every connection is refreshed by a sweep about an hour
// before its token ends, and each refresh renews its 30-day refresh token too.
func (s *Service) RegisterShopee(r *jobs.Runner) {
	r.Every(ShopeeRefreshJobKind, RefreshEvery, s.RefreshDueShopee)
}

// RefreshDueShopee refreshes every active Shopee connection whose access token expires
// within RefreshAhead, marks needs_reauth those Shopee refuses, and records an alert for
// those whose refresh token ends within AlertAhead (refreshes kept failing). It goes on past
// a failing connection and returns the failures joined.
func (s *Service) RefreshDueShopee(ctx context.Context) error {
	return s.sweep(ctx, model.PlatformShopee, "Shopee shop ", s.refreshShopee)
}

// refreshShopee refreshes conn's tokens unless, on a fresh read, its access token no longer
// expires within ahead (another worker refreshed it).
func (s *Service) refreshShopee(ctx context.Context, conn *store.Connection, ahead time.Duration) (*store.Connection, error) {
	return s.refreshShopeeSince(ctx, conn, ahead, false, "")
}

// refreshShopeeSince is refreshShopee, or with force a refresh whatever the expiry, skipped
// only when the stored refresh token is no longer seenRefresh: someone rotated it since the
// caller read the connection.
func (s *Service) refreshShopeeSince(ctx context.Context, conn *store.Connection, ahead time.Duration, force bool, seenRefresh string) (*store.Connection, error) {
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
	if force && cur.RefreshTokenSealed != seenRefresh {
		return cur, nil
	}
	if !force && cur.AccessExpiresAt.Sub(s.now()) >= ahead {
		return cur, nil
	}
	cl, err := s.shopeeClient()
	if err != nil {
		return nil, err
	}
	shopID, err := strconv.ParseInt(cur.ExternalShopID, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("connection %d (%s): Shopee shop id %q is not a number", cur.ID, cur.ShopName, cur.ExternalShopID)
	}
	rt, err := s.Keys.Open(cur.RefreshTokenSealed, refreshAD(cur.ID))
	if err != nil {
		return nil, fmt.Errorf("connection %d (%s): unable to open its refresh token: %w", cur.ID, cur.ShopName, err)
	}
	tok, err := cl.RefreshToken(ctx, string(rt), shopID)
	if err != nil {
		return nil, s.shopeeRefreshFailed(ctx, cur, err)
	}
	// Shopee rotated the refresh token: the old one is dead from now on. Both tokens and their
	// expiries go in one UPDATE, so the row never holds a new access token with a dead
	// refresh token.
	a, r, err := s.shopeeSealer(tok)(cur.ID)
	if err == nil {
		err = s.Store.UpdateConnectionTokens(ctx, cur.ID, a, r, tok.AccessExpiresAt, tok.RefreshExpiresAt)
	}
	if err != nil {
		return nil, fmt.Errorf("connection %d (%s): the refreshed tokens could not be stored (the seller may have to connect the shop again): %w",
			cur.ID, cur.ShopName, err)
	}
	s.log().LogAttrs(ctx, slog.LevelInfo, "connect: refreshed a Shopee shop's tokens", slog.Int64("connection", cur.ID),
		slog.Int64("workspace", cur.WorkspaceID), slog.Time("access_expires_at", tok.AccessExpiresAt))
	return s.Store.Connection(ctx, cur.WorkspaceID, cur.ID)
}

// shopeeRefreshFailed records a refused refresh. Shopee refusing the refresh token itself
// (error_auth, or a token error) means the seller must authorize again — unless another
// server rotated the tokens meanwhile, which a fresh read shows. Anything else (network,
// 5xx, a wrong partner key) keeps the connection active with the error noted: it is not the
// seller's to fix.
func (s *Service) shopeeRefreshFailed(ctx context.Context, cur *store.Connection, cause error) error {
	var apiErr *shopee.APIError
	if !errors.As(cause, &apiErr) || (apiErr.Code != shopee.CodeAuth && !apiErr.TokenInvalid()) {
		if err := s.Store.SetConnectionStatus(ctx, cur.ID, store.ConnectionActive, "token refresh failed: "+cause.Error()); err != nil {
			s.log().Warn("connect: unable to record a failed refresh", "connection", cur.ID, "err", err)
		}
		return fmt.Errorf("connection %d (%s): %w", cur.ID, cur.ShopName, cause)
	}
	if again, err := s.Store.Connection(ctx, cur.WorkspaceID, cur.ID); err == nil && again.RefreshTokenSealed != cur.RefreshTokenSealed && again.Live() {
		return fmt.Errorf("connection %d (%s): refreshed meanwhile by another worker; try again", cur.ID, cur.ShopName)
	}
	msg := fmt.Sprintf("Shopee refused to refresh the authorization: %s (%s). Connect the shop again.", apiErr.Message, apiErr.Code)
	if err := s.Store.SetConnectionStatus(ctx, cur.ID, store.ConnectionNeedsReauth, msg); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log().Warn("connect: unable to mark a connection for re-authorization", "connection", cur.ID, "err", err)
	}
	s.log().LogAttrs(ctx, slog.LevelWarn, "connect: a Shopee shop needs re-authorization", slog.Int64("connection", cur.ID),
		slog.Int64("workspace", cur.WorkspaceID), slog.String("code", apiErr.Code), slog.String("message", apiErr.Message))
	return fmt.Errorf("connection %d (%s): %s: %w", cur.ID, cur.ShopName, msg, ErrNeedsReauth)
}
