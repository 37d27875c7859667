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

// Template statuses.
const (
	TemplateActive   = "active"
	TemplateArchived = "archived"
)

// OutreachTemplate is a named message with its variants (per language, per A/B label). The
// store checks names, labels and weights; the caller checks the variables with
// outreach.ParseTemplate before saving (the store does not know them).
type OutreachTemplate struct {
	ID, WorkspaceID int64
	Name            string
	Status          string // TemplateActive or TemplateArchived
	Variants        []TemplateVariant
	CreatedBy       string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// TemplateVariant is one text of a template: for a language ("" = any language) and an A/B
// label ("A", "B", …), picked among the language's labels in proportion to Weight.
type TemplateVariant struct {
	ID       int64
	Language string
	Label    string
	Weight   int
	Subject  string // email only
	Body     string
}

func (t *OutreachTemplate) validate() error {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" || utf8.RuneCountInString(t.Name) > 120 {
		return &FieldError{Field: "name", Reason: "a template needs a name of 1 to 120 characters"}
	}
	if len(t.Variants) == 0 {
		return &FieldError{Field: "variants", Reason: "a template needs at least one text"}
	}
	seen := map[string]bool{}
	for i := range t.Variants {
		v := &t.Variants[i]
		v.Language, v.Label = strings.ToLower(strings.TrimSpace(v.Language)), strings.ToUpper(strings.TrimSpace(v.Label))
		if v.Label == "" {
			v.Label = "A"
		}
		if v.Weight <= 0 {
			v.Weight = 1
		}
		if len(v.Label) > 8 || len(v.Language) > 16 {
			return &FieldError{Field: "variants", Reason: fmt.Sprintf("variant %d: the label (at most 8 characters) or language (at most 16) is too long", i+1)}
		}
		if strings.TrimSpace(v.Body) == "" {
			return &FieldError{Field: "body", Reason: fmt.Sprintf("variant %s%s has an empty body", v.Label, langSuffix(v.Language))}
		}
		k := v.Language + "|" + v.Label
		if seen[k] {
			return &FieldError{Field: "variants", Reason: fmt.Sprintf("variant %s%s is given twice", v.Label, langSuffix(v.Language))}
		}
		seen[k] = true
	}
	return nil
}

func langSuffix(l string) string {
	if l == "" {
		return ""
	}
	return " (" + l + ")"
}

// auditView is what the audit log keeps of a template.
func (t *OutreachTemplate) auditView() map[string]any {
	vs := make([]map[string]any, len(t.Variants))
	for i, v := range t.Variants {
		vs[i] = map[string]any{"language": v.Language, "label": v.Label, "weight": v.Weight, "subject": v.Subject, "body": v.Body}
	}
	return map[string]any{"name": t.Name, "status": t.Status, "variants": vs}
}

// CreateTemplate saves a new template of t.WorkspaceID with its variants; it sets t.ID.
func (s *Store) CreateTemplate(ctx context.Context, a Actor, t *OutreachTemplate) error {
	if err := t.validate(); err != nil {
		return err
	}
	at := now()
	t.Status, t.CreatedBy = TemplateActive, a.Label
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO outreach_templates (workspace_id, name, status, created_by, created_at, updated_at)
			VALUES ($1, $2, 'active', $3, $4, $4) RETURNING id`, t.WorkspaceID, t.Name, a.Label, at).Scan(&t.ID); err != nil {
			return err
		}
		if err := insertVariants(ctx, tx, t); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: t.WorkspaceID, Action: "outreach.template.create", ObjectType: "outreach_template",
			ObjectID: fmt.Sprint(t.ID), Summary: fmt.Sprintf("template %q created", t.Name), After: t.auditView()})
	})
	if err != nil {
		return fmt.Errorf("store: unable to create template %q: %w", t.Name, err)
	}
	t.CreatedAt, t.UpdatedAt = unixUTC(at), unixUTC(at)
	return nil
}

func insertVariants(ctx context.Context, tx *sql.Tx, t *OutreachTemplate) error {
	for i := range t.Variants {
		v := &t.Variants[i]
		if err := tx.QueryRowContext(ctx, `INSERT INTO outreach_template_variants (template_id, language, label, weight, subject, body)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, t.ID, v.Language, v.Label, v.Weight, v.Subject, v.Body).Scan(&v.ID); err != nil {
			return err
		}
	}
	return nil
}

// UpdateTemplate replaces the name and the variants of the workspace's template t.ID (its
// status is kept); ErrNotFound for another workspace's. Messages already queued keep the text
// they were rendered with.
func (s *Store) UpdateTemplate(ctx context.Context, a Actor, t *OutreachTemplate) error {
	if err := t.validate(); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.templateIn(ctx, tx, t.WorkspaceID, t.ID)
		if err != nil {
			return err
		}
		t.Status, t.CreatedBy, t.CreatedAt = before.Status, before.CreatedBy, before.CreatedAt
		if _, err := tx.ExecContext(ctx, `UPDATE outreach_templates SET name = $2, updated_at = $3 WHERE id = $1`, t.ID, t.Name, now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outreach_template_variants WHERE template_id = $1`, t.ID); err != nil {
			return err
		}
		if err := insertVariants(ctx, tx, t); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: t.WorkspaceID, Action: "outreach.template.update", ObjectType: "outreach_template",
			ObjectID: fmt.Sprint(t.ID), Summary: fmt.Sprintf("template %q edited", t.Name), Before: before.auditView(), After: t.auditView()})
	})
	if errors.Is(err, ErrNotFound) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to update template %d: %w", t.ID, err)
	}
	return nil
}

// ArchiveTemplate archives (archived false: restores) the workspace's template id. An archived
// template is hidden from pickers but keeps sending for the sequences that use it.
func (s *Store) ArchiveTemplate(ctx context.Context, a Actor, workspaceID, id int64, archived bool) error {
	status := TemplateActive
	if archived {
		status = TemplateArchived
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.templateIn(ctx, tx, workspaceID, id)
		if err != nil {
			return err
		}
		if before.Status == status {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outreach_templates SET status = $2, updated_at = $3 WHERE id = $1`, id, status, now()); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "outreach.template." + map[bool]string{true: "archive", false: "restore"}[archived],
			ObjectType: "outreach_template", ObjectID: fmt.Sprint(id), Summary: fmt.Sprintf("template %q %s", before.Name, status),
			Before: map[string]any{"status": before.Status}, After: map[string]any{"status": status}})
	})
	if errors.Is(err, ErrNotFound) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to archive template %d: %w", id, err)
	}
	return nil
}

// Template returns the workspace's template id with its variants, or ErrNotFound.
func (s *Store) Template(ctx context.Context, workspaceID, id int64) (*OutreachTemplate, error) {
	ts, err := s.templatesWhere(ctx, s.read, `t.workspace_id = $1 AND t.id = $2`, workspaceID, id)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch template %d: %w", id, err)
	}
	if len(ts) == 0 {
		return nil, ErrNotFound
	}
	return ts[0], nil
}

// Templates lists the workspace's templates by name, archived ones only when asked.
func (s *Store) Templates(ctx context.Context, workspaceID int64, withArchived bool) ([]*OutreachTemplate, error) {
	ts, err := s.templatesWhere(ctx, s.read, `t.workspace_id = $1 AND (t.status = 'active' OR $2 = 1)`, workspaceID, boolInt(withArchived))
	if err != nil {
		return nil, fmt.Errorf("store: unable to list templates: %w", err)
	}
	return ts, nil
}

func (s *Store) templateIn(ctx context.Context, tx *sql.Tx, workspaceID, id int64) (*OutreachTemplate, error) {
	ts, err := s.templatesWhere(ctx, tx, `t.workspace_id = $1 AND t.id = $2`, workspaceID, id)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, ErrNotFound
	}
	return ts[0], nil
}

// templatesWhere reads templates and their variants (one query, ordered so each template's
// variants follow it).
func (s *Store) templatesWhere(ctx context.Context, q querier, where string, args ...any) ([]*OutreachTemplate, error) {
	rows, err := q.QueryContext(ctx, `SELECT t.id, t.workspace_id, t.name, t.status, t.created_by, t.created_at, t.updated_at,
		COALESCE(v.id, 0), COALESCE(v.language, ''), COALESCE(v.label, ''), COALESCE(v.weight, 0), COALESCE(v.subject, ''), COALESCE(v.body, '')
		FROM outreach_templates t LEFT JOIN outreach_template_variants v ON v.template_id = t.id
		WHERE `+where+` ORDER BY lower(t.name), t.id, v.language, v.label`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*OutreachTemplate
	for rows.Next() {
		var t OutreachTemplate
		var v TemplateVariant
		var created, updated int64
		if err := rows.Scan(&t.ID, &t.WorkspaceID, &t.Name, &t.Status, &t.CreatedBy, &created, &updated,
			&v.ID, &v.Language, &v.Label, &v.Weight, &v.Subject, &v.Body); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != t.ID {
			t.CreatedAt, t.UpdatedAt = unixUTC(created), unixUTC(updated)
			out = append(out, &t)
		}
		if v.ID != 0 {
			last := out[len(out)-1]
			last.Variants = append(last.Variants, v)
		}
	}
	return out, rows.Err()
}
