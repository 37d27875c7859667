package connect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// RefreshJobKind is the durable job that runs RefreshDue; Register schedules it.
const RefreshJobKind = "connections.refresh"

// RefreshEvery is how often the refresh sweep runs: well inside RefreshAhead, so every token
// is refreshed by a sweep before a sync has to.
const RefreshEvery = 15 * time.Minute

// Register adds the refresh sweep to a job runner: one chain for the installation, so
// several servers never refresh the same token at once.
func (s *Service) Register(r *jobs.Runner) {
	r.Every(RefreshJobKind, RefreshEvery, s.RefreshDue)
}

// RefreshDue refreshes every active TikTok Shop connection whose access token expires within
// RefreshAhead, marks needs_reauth those the platform refuses, records an alert for those
// whose authorization ends within AlertAhead, and forgets expired OAuth states. It goes on
// past a failing connection and returns the failures joined.
func (s *Service) RefreshDue(ctx context.Context) error {
	return s.sweep(ctx, model.PlatformTikTokShop, "", s.refresh)
}

// sweep is the refresh sweep of one platform's active connections: refresh the access tokens
// due within RefreshAhead (refresh marks needs_reauth those the platform refuses), alert on
// authorizations ending within AlertAhead (shopLabel names the shop in the alert, e.g.
// "Shopee shop "), and forget expired OAuth states.
func (s *Service) sweep(ctx context.Context, platform, shopLabel string,
	refresh func(context.Context, *store.Connection, time.Duration) (*store.Connection, error)) error {
	now := s.now()
	if err := s.Store.DeleteExpiredOAuthStates(ctx, now); err != nil {
		s.log().Warn("connect: unable to forget expired OAuth states", "err", err)
	}
	conns, err := s.Store.ActiveConnections(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range conns {
		if c.Platform != platform {
			continue
		}
		if s.Keys == nil {
			return fmt.Errorf("unable to refresh the connected %s shops: %w", platform, ErrNoKey)
		}
		if c.AccessExpiresAt.Sub(now) < RefreshAhead {
			fresh, err := refresh(ctx, c, RefreshAhead)
			if err != nil {
				if !errors.Is(err, ErrNeedsReauth) {
					errs = append(errs, err)
				}
				continue
			}
			c = fresh
		}
		if left := c.RefreshExpiresAt.Sub(now); left < AlertAhead {
			msg := fmt.Sprintf("The authorization of %s%q ends on %s: connect the shop again before then, or its syncs stop.",
				shopLabel, c.ShopName, c.RefreshExpiresAt.Format("2 Jan 2006 15:04 MST"))
			recorded, err := s.Store.RecordConnectionExpiryAlert(ctx, c.ID, msg)
			if err != nil {
				errs = append(errs, err)
			} else if recorded {
				s.log().LogAttrs(ctx, slog.LevelWarn, "connect: a shop's authorization ends soon", slog.Int64("connection", c.ID),
					slog.Int64("workspace", c.WorkspaceID), slog.Time("refresh_expires_at", c.RefreshExpiresAt))
			}
		}
	}
	return errors.Join(errs...)
}
