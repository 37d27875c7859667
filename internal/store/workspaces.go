package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

const workspaceColumns = `id, slug, name, timezone, created_at`

func scanWorkspace(row interface{ Scan(...any) error }) (*model.Workspace, error) {
	var w model.Workspace
	var created int64
	if err := row.Scan(&w.ID, &w.Slug, &w.Name, &w.Timezone, &created); err != nil {
		return nil, err
	}
	w.CreatedAt = time.Unix(created, 0).UTC()
	return &w, nil
}

// WorkspaceBySlug returns the workspace with that slug, or ErrNotFound.
func (s *Store) WorkspaceBySlug(ctx context.Context, slug string) (*model.Workspace, error) {
	w, err := scanWorkspace(s.read.QueryRowContext(ctx, `SELECT `+workspaceColumns+` FROM workspaces WHERE slug = $1`, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch workspace %q: %w", slug, err)
	}
	return w, nil
}

// Workspaces lists every workspace by name.
func (s *Store) Workspaces(ctx context.Context) ([]*model.Workspace, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+workspaceColumns+` FROM workspaces ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list workspaces: %w", err)
	}
	defer rows.Close()
	var out []*model.Workspace
	for rows.Next() {
		w, err := scanWorkspace(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list workspaces: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// EnsureWorkspace returns the workspace with w.Slug, creating it from w when it does not exist;
// created tells which. Two processes racing to create it get the same row.
func (s *Store) EnsureWorkspace(ctx context.Context, w model.Workspace) (ws *model.Workspace, created bool, err error) {
	if ws, err := s.WorkspaceBySlug(ctx, w.Slug); err == nil || !errors.Is(err, ErrNotFound) {
		return ws, false, err
	}
	if w.Name == "" {
		w.Name = w.Slug
	}
	if w.Timezone == "" {
		w.Timezone = "UTC"
	}
	res, err := s.write.ExecContext(ctx, `INSERT INTO workspaces (slug, name, timezone, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (slug) DO NOTHING`, w.Slug, w.Name, w.Timezone, now())
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to create workspace %q: %w", w.Slug, err)
	}
	n, _ := res.RowsAffected()
	ws, err = s.WorkspaceBySlug(ctx, w.Slug)
	return ws, n == 1, err
}
