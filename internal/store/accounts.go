package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// ErrSetupDone is returned by SetupOwner once any user exists.
var ErrSetupDone = errors.New("store: setup is already done")

// UserByEmail returns a user and their password hash; ErrNotFound when no user has that email.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, string, error) {
	var u User
	var hash string
	var created int64
	err := s.read.QueryRowContext(ctx, `SELECT id, email, name, created_at, password_hash FROM users WHERE email = $1`,
		strings.ToLower(strings.TrimSpace(email))).Scan(&u.ID, &u.Email, &u.Name, &created, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", fmt.Errorf("store: unable to fetch user %s: %w", email, err)
	}
	u.CreatedAt = time.Unix(created, 0).UTC()
	return &u, hash, nil
}

// UserCount is how many users exist; 0 means the one-time setup is still open.
func (s *Store) UserCount(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count users: %w", err)
	}
	return n, nil
}

// SetupOwner creates the first user and makes them owner of every workspace that exists (the
// demo one, or those made by imports from the shell), plus a new workspace when there is none
// and newWorkspace is given. Two browsers racing through setup get one owner: the second gets
// ErrSetupDone.
func (s *Store) SetupOwner(ctx context.Context, email, name, passwordHash string, newWorkspace *model.Workspace) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrSetupDone
		}
		t := now()
		email = strings.ToLower(strings.TrimSpace(email))
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			email, name, passwordHash, t).Scan(&id); err != nil {
			return err
		}
		if newWorkspace != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO workspaces (slug, name, timezone, created_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (slug) DO NOTHING`, newWorkspace.Slug, newWorkspace.Name, newWorkspace.Timezone, t); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (user_id, workspace_id, role, created_at)
			SELECT $1, id, 'owner', $2 FROM workspaces`, id, t); err != nil {
			return err
		}
		return audit(ctx, tx, Actor{UserID: id, Label: email}, AuditEntry{Action: "setup.owner", ObjectType: "user",
			ObjectID: fmt.Sprint(id), Summary: "first owner " + email + " created at setup", After: map[string]string{"email": email, "name": name}})
	})
	if errors.Is(err, ErrSetupDone) {
		return 0, err
	}
	if err != nil {
		if isUniqueViolation(err) {
			return 0, ErrSetupDone
		}
		return 0, fmt.Errorf("store: unable to set up the owner: %w", err)
	}
	return id, nil
}

// isUniqueViolation reports whether err is a unique-constraint failure on either engine.
func isUniqueViolation(err error) bool {
	return strings.Contains(strings.ToLower(err.Error()), "unique") || strings.Contains(err.Error(), "23505")
}

// Membership is a workspace a user belongs to and their role in it.
type Membership struct {
	Workspace *model.Workspace
	Role      string
}

// Memberships lists the workspaces of a user, by workspace name.
func (s *Store) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT w.id, w.slug, w.name, w.timezone, w.created_at, m.role
		FROM memberships m JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = $1 ORDER BY w.name, w.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the workspaces of user %d: %w", userID, err)
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		var w model.Workspace
		var created int64
		var m Membership
		if err := rows.Scan(&w.ID, &w.Slug, &w.Name, &w.Timezone, &created, &m.Role); err != nil {
			return nil, fmt.Errorf("store: unable to list the workspaces of user %d: %w", userID, err)
		}
		w.CreatedAt = time.Unix(created, 0).UTC()
		m.Workspace = &w
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetPassword replaces a user's password hash and ends all their sessions, in one audited
// transaction. workspaceID is where the change is logged (0 for the user's own change).
func (s *Store) SetPassword(ctx context.Context, a Actor, workspaceID, userID int64, passwordHash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var email string
		if err := tx.QueryRowContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING email`, userID, passwordHash).Scan(&email); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return fmt.Errorf("store: unable to set the password of user %d: %w", userID, err)
		}
		if err := deleteUserSessions(ctx, tx, userID); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "user.password_reset", ObjectType: "user",
			ObjectID: fmt.Sprint(userID), Summary: "password of " + email + " reset; their sessions ended"})
	})
}

// MemberRole returns a user's role in a workspace, or ErrNotFound when they are not a member.
func (s *Store) MemberRole(ctx context.Context, userID, workspaceID int64) (string, error) {
	var role string
	err := s.read.QueryRowContext(ctx, `SELECT role FROM memberships WHERE user_id = $1 AND workspace_id = $2`, userID, workspaceID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to read a membership: %w", err)
	}
	return role, nil
}
