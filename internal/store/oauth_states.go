package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Why an OAuth state cannot be used; ClaimOAuthState and PendingOAuthState return them (or
// ErrNotFound for a state never issued).
var (
	ErrOAuthStateUsed      = errors.New("this authorization link was already used: start connecting again")
	ErrOAuthStateExpired   = errors.New("this authorization link expired (they last 10 minutes): start connecting again")
	ErrOAuthStateOtherUser = errors.New("this authorization was started by another user: sign in as that user, or start connecting again")
)

// OAuthState is one authorize round trip. Only a hash of the state is kept: the state itself
// travels in URLs and browser history.
type OAuthState struct {
	Hash        string
	WorkspaceID int64
	UserID      int64
	Platform    string
	GrantSealed string // the token the callback obtained, sealed, until the user picks shops
	Shops       string // JSON of the authorized shops, for the pick page
	CreatedAt   time.Time
	ExpiresAt   time.Time
	UsedAt      *time.Time
	DoneAt      *time.Time
}

const oauthStateColumns = `state_hash, workspace_id, user_id, platform, grant_sealed, shops, created_at, expires_at, used_at, done_at`

func scanOAuthState(row interface{ Scan(...any) error }) (*OAuthState, error) {
	var st OAuthState
	var created, expires int64
	var used, done sql.NullInt64
	if err := row.Scan(&st.Hash, &st.WorkspaceID, &st.UserID, &st.Platform, &st.GrantSealed, &st.Shops, &created, &expires, &used, &done); err != nil {
		return nil, err
	}
	st.CreatedAt, st.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC()
	st.UsedAt, st.DoneAt = unixPtr(used), unixPtr(done)
	return &st, nil
}

// CreateOAuthState records a state issued to a user starting a connect.
func (s *Store) CreateOAuthState(ctx context.Context, st OAuthState) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO oauth_states (state_hash, workspace_id, user_id, platform, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, st.Hash, st.WorkspaceID, st.UserID, st.Platform, st.CreatedAt.Unix(), st.ExpiresAt.Unix())
	if err != nil {
		return fmt.Errorf("store: unable to record an OAuth state: %w", err)
	}
	return nil
}

// ClaimOAuthState marks a state used by the callback of userID at now, once: a second claim,
// an expired state or another user's state is refused with the matching error, and an
// unknown one with ErrNotFound.
func (s *Store) ClaimOAuthState(ctx context.Context, hash string, userID int64, now time.Time) (*OAuthState, error) {
	var st *OAuthState
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = scanOAuthState(tx.QueryRowContext(ctx, `SELECT `+oauthStateColumns+` FROM oauth_states WHERE state_hash = $1`, hash))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := st.check(userID, now, false); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE oauth_states SET used_at = $2 WHERE state_hash = $1 AND used_at IS NULL`, hash, now.Unix())
		if err != nil {
			return err
		}
		// Two callbacks racing on PostgreSQL: only the one that set used_at goes on.
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrOAuthStateUsed
		}
		t := now.UTC()
		st.UsedAt = &t
		return nil
	})
	return st, wrapStateErr(err)
}

// check judges whether the state can be used by userID at now: claimed says whether the
// callback must already have run (the pick step) or not yet (the callback itself).
func (st *OAuthState) check(userID int64, now time.Time, claimed bool) error {
	switch {
	case st.UserID != userID:
		return ErrOAuthStateOtherUser
	case st.DoneAt != nil, !claimed && st.UsedAt != nil:
		return ErrOAuthStateUsed
	case claimed && st.UsedAt == nil:
		return ErrNotFound
	case !now.Before(st.ExpiresAt):
		return ErrOAuthStateExpired
	}
	return nil
}

// SaveOAuthGrant keeps the sealed token and the authorized shops of a claimed state until
// the user picks which shops to connect.
func (s *Store) SaveOAuthGrant(ctx context.Context, hash, grantSealed, shopsJSON string) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE oauth_states SET grant_sealed = $2, shops = $3 WHERE state_hash = $1`, hash, grantSealed, shopsJSON); err != nil {
		return fmt.Errorf("store: unable to keep an OAuth grant: %w", err)
	}
	return nil
}

// PendingOAuthState returns a claimed, not yet completed, unexpired state of userID, for the
// pick step; otherwise the error says why (ErrNotFound when it was never claimed).
func (s *Store) PendingOAuthState(ctx context.Context, hash string, userID int64, now time.Time) (*OAuthState, error) {
	st, err := scanOAuthState(s.read.QueryRowContext(ctx, `SELECT `+oauthStateColumns+` FROM oauth_states WHERE state_hash = $1`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read an OAuth state: %w", err)
	}
	if err := st.check(userID, now, true); err != nil {
		return nil, err
	}
	return st, nil
}

// CompleteOAuthState ends a state after the pick: the kept grant is wiped.
func (s *Store) CompleteOAuthState(ctx context.Context, hash string, now time.Time) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE oauth_states SET done_at = $2, grant_sealed = '' WHERE state_hash = $1`, hash, now.Unix()); err != nil {
		return fmt.Errorf("store: unable to complete an OAuth state: %w", err)
	}
	return nil
}

// DeleteExpiredOAuthStates removes states (and any grant they kept) that expired before t.
func (s *Store) DeleteExpiredOAuthStates(ctx context.Context, t time.Time) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM oauth_states WHERE expires_at < $1`, t.Unix()); err != nil {
		return fmt.Errorf("store: unable to delete expired OAuth states: %w", err)
	}
	return nil
}

// wrapStateErr keeps the sentinel errors bare (their text is shown to users) and wraps others.
func wrapStateErr(err error) error {
	switch {
	case err == nil, errors.Is(err, ErrNotFound), errors.Is(err, ErrOAuthStateUsed),
		errors.Is(err, ErrOAuthStateExpired), errors.Is(err, ErrOAuthStateOtherUser):
		return err
	}
	return fmt.Errorf("store: unable to use an OAuth state: %w", err)
}
