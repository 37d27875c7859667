package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// User is a person who signs in.
type User struct {
	ID        int64
	Email     string
	Name      string
	CreatedAt time.Time
}

// CreateUser adds a user with a bcrypt password hash.
func (s *Store) CreateUser(ctx context.Context, email, name, passwordHash string) (int64, error) {
	var id int64
	err := s.write.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		strings.ToLower(email), name, passwordHash, now()).Scan(&id)
	if err != nil {
		if isUniqueViolation(err) {
			return 0, fmt.Errorf("store: a user with email %s already exists", email)
		}
		return 0, fmt.Errorf("store: unable to create user %s: %w", email, err)
	}
	return id, nil
}

// AddMember gives a user a role in a workspace (or changes it).
func (s *Store) AddMember(ctx context.Context, userID, workspaceID int64, role string) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO memberships (user_id, workspace_id, role, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, workspace_id) DO UPDATE SET role = excluded.role`, userID, workspaceID, role, now())
	if err != nil {
		return fmt.Errorf("store: unable to add member: %w", err)
	}
	return nil
}

// Member is a user with their roles.
type Member struct {
	User
	Roles map[string]string // workspace slug → role
}

// Users lists every user with their workspaces and roles.
func (s *Store) Users(ctx context.Context) ([]Member, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT u.id, u.email, u.name, u.created_at, COALESCE(w.slug, ''), COALESCE(m.role, '')
		FROM users u LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN workspaces w ON w.id = m.workspace_id
		ORDER BY u.email, w.slug`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list users: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		var created int64
		var ws, role string
		if err := rows.Scan(&m.ID, &m.Email, &m.Name, &created, &ws, &role); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].ID == m.ID {
			out[n-1].Roles[ws] = role
			continue
		}
		m.CreatedAt = time.Unix(created, 0).UTC()
		m.Roles = map[string]string{}
		if ws != "" {
			m.Roles[ws] = role
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
