package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors of member management; the web app and the API turn them into clear 4xx answers.
var (
	// ErrLastOwner refuses to demote or remove the last owner: a workspace nobody owns cannot
	// add members, reset passwords or change its settings ever again.
	ErrLastOwner = errors.New("store: a workspace must keep at least one owner")
	// ErrAlreadyMember refuses to add someone who is already a member (change the role instead).
	ErrAlreadyMember = errors.New("store: already a member of the workspace")
)

// WorkspaceMember is a user as a member of one workspace.
type WorkspaceMember struct {
	User
	Role    string
	AddedAt time.Time
}

const workspaceMemberColumns = `u.id, u.email, u.name, u.created_at, m.role, m.created_at`

func scanWorkspaceMember(row interface{ Scan(...any) error }) (*WorkspaceMember, error) {
	var m WorkspaceMember
	var created, added int64
	if err := row.Scan(&m.ID, &m.Email, &m.Name, &created, &m.Role, &added); err != nil {
		return nil, err
	}
	m.CreatedAt = time.Unix(created, 0).UTC()
	m.AddedAt = time.Unix(added, 0).UTC()
	return &m, nil
}

// WorkspaceMembers lists the members of a workspace by email.
func (s *Store) WorkspaceMembers(ctx context.Context, workspaceID int64) ([]*WorkspaceMember, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+workspaceMemberColumns+`
		FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 ORDER BY u.email, u.id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the members of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	var out []*WorkspaceMember
	for rows.Next() {
		m, err := scanWorkspaceMember(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list the members of workspace %d: %w", workspaceID, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// WorkspaceMemberByID returns a member of the workspace; ErrNotFound when the user does not
// exist or belongs only to other workspaces.
func (s *Store) WorkspaceMemberByID(ctx context.Context, workspaceID, userID int64) (*WorkspaceMember, error) {
	m, err := scanWorkspaceMember(s.read.QueryRowContext(ctx, `SELECT `+workspaceMemberColumns+`
		FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 AND m.user_id = $2`, workspaceID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch member %d: %w", userID, err)
	}
	return m, nil
}

// NewMember is someone to add to a workspace. PasswordHash is used only when no user has the
// email yet: the account is then created with it.
type NewMember struct {
	Email, Name, Role string
	PasswordHash      string
}

// AddWorkspaceMember adds a user (creating the account when the email is new and a hash is
// given) to a workspace with a role, audited. created tells whether the account was made here,
// so the caller shows the temporary password only then. ErrNotFound when the email is unknown
// and no hash was given; ErrAlreadyMember when they are in already.
func (s *Store) AddWorkspaceMember(ctx context.Context, a Actor, workspaceID int64, n NewMember) (userID int64, created bool, err error) {
	email := strings.ToLower(strings.TrimSpace(n.Email))
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		t := now()
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, email).Scan(&userID)
		switch {
		case errors.Is(err, sql.ErrNoRows) && n.PasswordHash == "":
			return ErrNotFound
		case errors.Is(err, sql.ErrNoRows):
			if err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
				email, n.Name, n.PasswordHash, t).Scan(&userID); err != nil {
				return fmt.Errorf("store: unable to create user %s: %w", email, err)
			}
			created = true
		case err != nil:
			return fmt.Errorf("store: unable to fetch user %s: %w", email, err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO memberships (user_id, workspace_id, role, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id, workspace_id) DO NOTHING`, userID, workspaceID, n.Role, t)
		if err != nil {
			return fmt.Errorf("store: unable to add member %s: %w", email, err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return ErrAlreadyMember
		}
		summary := fmt.Sprintf("%s added as %s", email, n.Role)
		if created {
			summary += " (new account with a temporary password)"
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "member.add", ObjectType: "user",
			ObjectID: fmt.Sprint(userID), Summary: summary, After: map[string]string{"email": email, "role": n.Role}})
	})
	if err != nil {
		return 0, false, err
	}
	return userID, created, nil
}

// SetMemberRole changes a member's role, audited; nothing is written when the role is the same.
// ErrNotFound when the user is not a member; ErrLastOwner when it would leave no owner.
func (s *Store) SetMemberRole(ctx context.Context, a Actor, workspaceID, userID int64, role string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		email, old, err := lockedMember(ctx, tx, workspaceID, userID)
		if err != nil || old == role {
			return err
		}
		if old == "owner" {
			if err := keepAnOwner(ctx, tx, workspaceID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE memberships SET role = $3 WHERE workspace_id = $1 AND user_id = $2`,
			workspaceID, userID, role); err != nil {
			return fmt.Errorf("store: unable to change the role of %s: %w", email, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "member.role", ObjectType: "user",
			ObjectID: fmt.Sprint(userID), Summary: fmt.Sprintf("%s is now %s (was %s)", email, role, old),
			Before: map[string]string{"role": old}, After: map[string]string{"role": role}})
	})
}

// RemoveMember takes a user out of a workspace, audited. The account stays: it may belong to
// other workspaces. ErrNotFound when not a member; ErrLastOwner for the last owner.
func (s *Store) RemoveMember(ctx context.Context, a Actor, workspaceID, userID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		email, old, err := lockedMember(ctx, tx, workspaceID, userID)
		if err != nil {
			return err
		}
		if old == "owner" {
			if err := keepAnOwner(ctx, tx, workspaceID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2`, workspaceID, userID); err != nil {
			return fmt.Errorf("store: unable to remove %s: %w", email, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "member.remove", ObjectType: "user",
			ObjectID: fmt.Sprint(userID), Summary: fmt.Sprintf("%s removed (was %s)", email, old),
			Before: map[string]string{"email": email, "role": old}})
	})
}

// lockedMember locks the workspace's row, so two owners demoting each other at the same time
// on PostgreSQL cannot both pass the last-owner check (SQLite has one writer anyway), and
// returns the member's email and role.
func lockedMember(ctx context.Context, tx *sql.Tx, workspaceID, userID int64) (email, role string, err error) {
	if _, err := tx.ExecContext(ctx, `UPDATE workspaces SET name = name WHERE id = $1`, workspaceID); err != nil {
		return "", "", fmt.Errorf("store: unable to lock workspace %d: %w", workspaceID, err)
	}
	err = tx.QueryRowContext(ctx, `SELECT u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.workspace_id = $1 AND m.user_id = $2`, workspaceID, userID).Scan(&email, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", ErrNotFound
	}
	if err != nil {
		return "", "", fmt.Errorf("store: unable to fetch member %d: %w", userID, err)
	}
	return email, role, nil
}

// keepAnOwner fails with ErrLastOwner unless the workspace has another owner besides the one
// about to go.
func keepAnOwner(ctx context.Context, tx *sql.Tx, workspaceID int64) error {
	var owners int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE workspace_id = $1 AND role = 'owner'`,
		workspaceID).Scan(&owners); err != nil {
		return fmt.Errorf("store: unable to count the owners of workspace %d: %w", workspaceID, err)
	}
	if owners <= 1 {
		return ErrLastOwner
	}
	return nil
}

// WorkspacesNotOwnedBy counts the workspaces userID belongs to in which byUserID is not an
// owner. A password reset needs 0: otherwise the owner of one brand could take over an account
// that runs another.
func (s *Store) WorkspacesNotOwnedBy(ctx context.Context, userID, byUserID int64) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships t
		LEFT JOIN memberships o ON o.workspace_id = t.workspace_id AND o.user_id = $2 AND o.role = 'owner'
		WHERE t.user_id = $1 AND o.user_id IS NULL`, userID, byUserID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unable to compare the workspaces of users %d and %d: %w", userID, byUserID, err)
	}
	return n, nil
}

// TokenCreators maps the users who created a workspace's API tokens to their emails, for the
// token list (the creator may have left the workspace since).
func (s *Store) TokenCreators(ctx context.Context, workspaceID int64) (map[int64]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT DISTINCT u.id, u.email FROM api_tokens t JOIN users u ON u.id = t.created_by
		WHERE t.workspace_id = $1`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the creators of API tokens: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var email string
		if err := rows.Scan(&id, &email); err != nil {
			return nil, fmt.Errorf("store: unable to list the creators of API tokens: %w", err)
		}
		out[id] = email
	}
	return out, rows.Err()
}
