package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// The pages a view can be saved for.
const (
	ViewPageDirectory = "directory"
	ViewPagePipeline  = "pipeline"
)

// maxViewsPerPage caps a member's saved views of one page: the list is a menu, not a store.
const maxViewsPerPage = 100

// SavedView is a member's named set of filters of a list page. Query is the page's URL query
// string (without the cursor), so opening the view is following a link.
type SavedView struct {
	ID        int64
	Page      string
	Name      string
	Query     string
	CreatedAt time.Time
}

// ViewError says what is wrong with a view to save, naming the field.
type ViewError struct{ Field, Message string }

func (e *ViewError) Error() string { return e.Field + ": " + e.Message }

func validViewPage(p string) bool { return p == ViewPageDirectory || p == ViewPagePipeline }

// SavedViews lists a member's saved views of a page, by name. Nobody sees another member's.
func (s *Store) SavedViews(ctx context.Context, workspaceID, userID int64, page string) ([]SavedView, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, page, name, query, created_at FROM saved_views
		WHERE workspace_id = $1 AND user_id = $2 AND page = $3 ORDER BY lower(name), id`, workspaceID, userID, page)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list saved views: %w", err)
	}
	defer rows.Close()
	var out []SavedView
	for rows.Next() {
		v, err := scanSavedView(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list saved views: %w", err)
	}
	return out, nil
}

// SavedView returns one of the member's saved views, or ErrNotFound (also for another
// member's view or another workspace's).
func (s *Store) SavedView(ctx context.Context, workspaceID, userID, id int64) (*SavedView, error) {
	v, err := scanSavedView(s.read.QueryRowContext(ctx, `SELECT id, page, name, query, created_at FROM saved_views
		WHERE workspace_id = $1 AND user_id = $2 AND id = $3`, workspaceID, userID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return v, err
}

func scanSavedView(row rowScanner) (*SavedView, error) {
	var v SavedView
	var at int64
	if err := row.Scan(&v.ID, &v.Page, &v.Name, &v.Query, &at); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		return nil, fmt.Errorf("store: unable to read a saved view: %w", err)
	}
	v.CreatedAt = unixUTC(at)
	return &v, nil
}

// SaveView saves a member's view of a page under a name, replacing the query of their view of
// that name if they have one. Bad input is a *ViewError.
func (s *Store) SaveView(ctx context.Context, a Actor, workspaceID, userID int64, page, name, query string) (*SavedView, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case !validViewPage(page):
		return nil, &ViewError{"page", fmt.Sprintf("%q is not directory or pipeline", page)}
	case name == "":
		return nil, &ViewError{"name", "give the view a name"}
	case utf8.RuneCountInString(name) > 80:
		return nil, &ViewError{"name", "at most 80 characters"}
	case len(query) > 4000:
		return nil, &ViewError{"query", "at most 4000 characters"}
	}
	var out *SavedView
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM saved_views WHERE workspace_id = $1 AND user_id = $2
			AND page = $3 AND name <> $4`, workspaceID, userID, page, name).Scan(&n); err != nil {
			return fmt.Errorf("store: unable to count saved views: %w", err)
		}
		if n >= maxViewsPerPage {
			return &ViewError{"name", fmt.Sprintf("you have %d saved views of this page already: delete one first", n)}
		}
		var err error
		out, err = scanSavedView(tx.QueryRowContext(ctx, `INSERT INTO saved_views (workspace_id, user_id, page, name, query, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (workspace_id, user_id, page, name) DO UPDATE SET query = excluded.query
			RETURNING id, page, name, query, created_at`, workspaceID, userID, page, name, query, now()))
		if err != nil {
			return fmt.Errorf("store: unable to save the view %q: %w", name, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "view.save", ObjectType: "saved_view",
			ObjectID: fmt.Sprint(out.ID), Summary: fmt.Sprintf("Saved the %s view %q", page, name),
			After: map[string]any{"page": page, "name": name, "query": query}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteView deletes one of the member's saved views; ErrNotFound when it is not theirs.
func (s *Store) DeleteView(ctx context.Context, a Actor, workspaceID, userID, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		v, err := scanSavedView(tx.QueryRowContext(ctx, `SELECT id, page, name, query, created_at FROM saved_views
			WHERE workspace_id = $1 AND user_id = $2 AND id = $3`, workspaceID, userID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM saved_views WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: unable to delete the view %q: %w", v.Name, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "view.delete", ObjectType: "saved_view",
			ObjectID: fmt.Sprint(id), Summary: fmt.Sprintf("Deleted the %s view %q", v.Page, v.Name),
			Before: map[string]any{"page": v.Page, "name": v.Name, "query": v.Query}})
	})
}
