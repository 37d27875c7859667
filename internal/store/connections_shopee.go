package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/creatorops/creatorops/internal/model"
)

// CreateOAuthStateWithTarget records a state issued to a user starting a connect, with
// st.Shops kept from the start: a Shopee authorization covers one shop and has no pick step,
// so the creatorops shop it will feed is chosen before the seller leaves, and travels with
// the state rather than in the URL.
func (s *Store) CreateOAuthStateWithTarget(ctx context.Context, st OAuthState) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO oauth_states (state_hash, workspace_id, user_id, platform, shops, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, st.Hash, st.WorkspaceID, st.UserID, st.Platform, st.Shops, st.CreatedAt.Unix(), st.ExpiresAt.Unix())
	if err != nil {
		return fmt.Errorf("store: unable to record an OAuth state: %w", err)
	}
	return nil
}

// ShopByID returns the workspace's shop id, or ErrNotFound (also for another workspace's).
func (s *Store) ShopByID(ctx context.Context, workspaceID, id int64) (*model.Shop, error) {
	sh, err := scanShop(s.read.QueryRowContext(ctx, `SELECT `+shopColumns+` FROM shops WHERE workspace_id = $1 AND id = $2`, workspaceID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch shop %d: %w", id, err)
	}
	return sh, nil
}

// SetAccountExternalIDsTx records the platform's own id of creator accounts (Shopee's
// affiliate id), by handle, in the transaction that stored the lines naming them: a synced
// page and the ids it taught commit together. An account keeps the latest id seen; handles
// without an account yet are skipped (the lines of the same transaction created theirs).
func (s *Store) SetAccountExternalIDsTx(ctx context.Context, tx *sql.Tx, workspaceID int64, platform string, ids map[string]string) error {
	handles := make([]string, 0, len(ids))
	for h := range ids {
		handles = append(handles, h)
	}
	sort.Strings(handles) // a fixed order: two writers never wait on each other's rows crosswise
	for _, h := range handles {
		if _, err := tx.ExecContext(ctx, `UPDATE creator_accounts SET external_id = $4
			WHERE workspace_id = $1 AND platform = $2 AND handle = $3 AND external_id <> $4`,
			workspaceID, platform, h, ids[h]); err != nil {
			return fmt.Errorf("store: unable to record the %s id of @%s: %w", platform, h, err)
		}
	}
	return nil
}

// AccountByExternalID finds the workspace's creator account of platform with the platform's
// own id (a Shopee affiliate id): its creator and handle, or ErrNotFound.
func (s *Store) AccountByExternalID(ctx context.Context, workspaceID int64, platform, externalID string) (creatorID int64, handle string, err error) {
	err = s.read.QueryRowContext(ctx, `SELECT creator_id, handle FROM creator_accounts
		WHERE workspace_id = $1 AND platform = $2 AND external_id = $3 ORDER BY id LIMIT 1`, workspaceID, platform, externalID).Scan(&creatorID, &handle)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", ErrNotFound
	}
	if err != nil {
		return 0, "", fmt.Errorf("store: unable to find the %s account %q: %w", platform, externalID, err)
	}
	return creatorID, handle, nil
}
