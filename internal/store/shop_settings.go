package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// Errors of shop management.
var (
	// ErrShopExists refuses a second shop with the same slug in a workspace.
	ErrShopExists = errors.New("store: the workspace already has a shop with that slug")
	// ErrCurrencyLocked refuses to change the currency of a shop that has order lines: their
	// amounts are minor units of the old currency and the rollups are kept per currency, so
	// the figures would silently change meaning.
	ErrCurrencyLocked = errors.New("store: the shop's currency cannot change once it has order lines")
)

// ShopSummary is a shop with what its list shows about its imports.
type ShopSummary struct {
	*model.Shop
	HasLines     bool
	Imports      int
	LastImportAt *time.Time
}

// ShopSummaries lists a workspace's shops by slug, with their import counts.
func (s *Store) ShopSummaries(ctx context.Context, workspaceID int64) ([]*ShopSummary, error) {
	// EXISTS on order_lines reads one key of the line table per shop; counting lines would
	// read them all, which on a million-line shop is too slow for a page.
	rows, err := s.read.QueryContext(ctx, `SELECT `+shopColumns+`,
		CASE WHEN EXISTS (SELECT 1 FROM order_lines l WHERE l.shop_id = shops.id) THEN 1 ELSE 0 END,
		(SELECT COUNT(*) FROM import_runs r WHERE r.workspace_id = shops.workspace_id AND r.shop_id = shops.id),
		(SELECT MAX(r.started_at) FROM import_runs r WHERE r.workspace_id = shops.workspace_id AND r.shop_id = shops.id)
		FROM shops WHERE workspace_id = $1 ORDER BY slug`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the shops of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	var out []*ShopSummary
	for rows.Next() {
		var sh model.Shop
		var created int64
		var hasLines int
		var last sql.NullInt64
		sum := &ShopSummary{Shop: &sh}
		if err := rows.Scan(&sh.ID, &sh.WorkspaceID, &sh.Slug, &sh.Name, &sh.Platform, &sh.Region, &sh.Currency,
			&sh.Locale, &sh.Timezone, &created, &hasLines, &sum.Imports, &last); err != nil {
			return nil, fmt.Errorf("store: unable to list the shops of workspace %d: %w", workspaceID, err)
		}
		sh.CreatedAt = time.Unix(created, 0).UTC()
		sum.HasLines = hasLines == 1
		sum.LastImportAt = optTime(last)
		out = append(out, sum)
	}
	return out, rows.Err()
}

// ShopHasLines reports whether any order line belongs to the shop.
func (s *Store) ShopHasLines(ctx context.Context, shopID int64) (bool, error) {
	return shopHasLines(ctx, s.read, shopID)
}

func shopHasLines(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, shopID int64) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM order_lines WHERE shop_id = $1 LIMIT 1`, shopID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: unable to look for the lines of shop %d: %w", shopID, err)
	}
	return true, nil
}

// shopAudit is what the audit log keeps of a shop's settings.
func shopAudit(sh *model.Shop) map[string]string {
	return map[string]string{"slug": sh.Slug, "name": sh.Name, "platform": sh.Platform, "region": sh.Region,
		"currency": sh.Currency, "locale": sh.Locale, "timezone": sh.Timezone}
}

// AddShop creates a shop in sh.WorkspaceID, audited; ErrShopExists when the slug is taken.
// Callers validate the fields (slug, currency, locale, time zone) first.
func (s *Store) AddShop(ctx context.Context, a Actor, sh model.Shop) (*model.Shop, error) {
	var out *model.Shop
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = scanShop(tx.QueryRowContext(ctx, `INSERT INTO shops (workspace_id, slug, name, platform, region, currency, locale, timezone, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (workspace_id, slug) DO NOTHING RETURNING `+shopColumns,
			sh.WorkspaceID, sh.Slug, sh.Name, sh.Platform, sh.Region, sh.Currency, sh.Locale, sh.Timezone, now()))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrShopExists
		}
		if err != nil {
			return fmt.Errorf("store: unable to create shop %q: %w", sh.Slug, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: sh.WorkspaceID, Action: "shop.create", ObjectType: "shop",
			ObjectID: out.Slug, Summary: fmt.Sprintf("shop %s (%s, %s) created", out.Slug, out.Platform, out.Currency),
			After: shopAudit(out)})
	})
	return out, err
}

// ShopChanges are the settings of a shop that can be edited; the slug names it for good.
type ShopChanges struct {
	Name, Region, Currency, Locale, Timezone string
}

// UpdateShop changes a shop's settings, audited with before and after; nothing is written when
// nothing changed. ErrNotFound when the workspace has no such shop; ErrCurrencyLocked when the
// currency would change on a shop with lines.
func (s *Store) UpdateShop(ctx context.Context, a Actor, workspaceID int64, slug string, c ShopChanges) (*model.Shop, error) {
	var out *model.Shop
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanShop(tx.QueryRowContext(ctx, `SELECT `+shopColumns+` FROM shops WHERE workspace_id = $1 AND slug = $2`, workspaceID, slug))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: unable to fetch shop %q: %w", slug, err)
		}
		after := *before
		after.Name, after.Region, after.Currency, after.Locale, after.Timezone = c.Name, c.Region, c.Currency, c.Locale, c.Timezone
		out = &after
		if after == *before {
			return nil
		}
		if after.Currency != before.Currency {
			has, err := shopHasLines(ctx, tx, before.ID)
			if err != nil {
				return err
			}
			if has {
				return ErrCurrencyLocked
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE shops SET name = $2, region = $3, currency = $4, locale = $5, timezone = $6 WHERE id = $1`,
			before.ID, after.Name, after.Region, after.Currency, after.Locale, after.Timezone); err != nil {
			return fmt.Errorf("store: unable to update shop %q: %w", slug, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "shop.update", ObjectType: "shop",
			ObjectID: slug, Summary: "shop " + slug + " settings changed", Before: shopAudit(before), After: shopAudit(&after)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
