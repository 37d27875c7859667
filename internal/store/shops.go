package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

const shopColumns = `id, workspace_id, slug, name, platform, region, currency, locale, timezone, created_at`

func scanShop(row interface{ Scan(...any) error }) (*model.Shop, error) {
	var sh model.Shop
	var created int64
	if err := row.Scan(&sh.ID, &sh.WorkspaceID, &sh.Slug, &sh.Name, &sh.Platform, &sh.Region,
		&sh.Currency, &sh.Locale, &sh.Timezone, &created); err != nil {
		return nil, err
	}
	sh.CreatedAt = time.Unix(created, 0).UTC()
	return &sh, nil
}

// ShopBySlug returns the workspace's shop with that slug, or ErrNotFound.
func (s *Store) ShopBySlug(ctx context.Context, workspaceID int64, slug string) (*model.Shop, error) {
	sh, err := scanShop(s.read.QueryRowContext(ctx, `SELECT `+shopColumns+` FROM shops WHERE workspace_id = $1 AND slug = $2`, workspaceID, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch shop %q: %w", slug, err)
	}
	return sh, nil
}

// CreateShop adds a shop to a workspace, or returns the one already there with that slug;
// created tells which.
func (s *Store) CreateShop(ctx context.Context, sh model.Shop) (*model.Shop, bool, error) {
	if sh.Name == "" {
		sh.Name = sh.Slug
	}
	if sh.Timezone == "" {
		sh.Timezone = "UTC"
	}
	res, err := s.write.ExecContext(ctx, `INSERT INTO shops (workspace_id, slug, name, platform, region, currency, locale, timezone, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (workspace_id, slug) DO NOTHING`,
		sh.WorkspaceID, sh.Slug, sh.Name, sh.Platform, sh.Region, sh.Currency, sh.Locale, sh.Timezone, now())
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to create shop %q: %w", sh.Slug, err)
	}
	n, _ := res.RowsAffected()
	got, err := s.ShopBySlug(ctx, sh.WorkspaceID, sh.Slug)
	return got, n == 1, err
}
