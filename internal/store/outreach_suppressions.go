package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Suppression kinds: an address on a channel, or a creator.
const (
	SuppressEmail   = "email"
	SuppressTikTok  = "tiktok"
	SuppressDiscord = "discord"
	SuppressCreator = "creator"
)

// Suppression is one entry of the do-not-send list. Scope "workspace" holds in the workspace
// that added it; "agency" in every workspace of its agency.
type Suppression struct {
	ID          int64
	WorkspaceID int64 // the workspace that added it
	Scope       string
	Kind        string
	Value       string // the address (emails lower-cased) or the creator id
	Reason      string // unsubscribed, bounced, complained, closed_dms, blocked, manual
	Note        string
	CreatedBy   string
	CreatedAt   time.Time
}

// Suppression scopes.
const (
	ScopeWorkspace = "workspace"
	ScopeAgency    = "agency"
)

// NormalizeAddress is the form suppressions and matches use: emails lower-cased and trimmed.
func NormalizeAddress(kind, v string) string {
	v = strings.TrimSpace(v)
	if kind == SuppressEmail {
		v = strings.ToLower(v)
	}
	return v
}

// suppressionScopes are the scope keys that hold in a workspace: its own and its agency's.
func (s *Store) suppressionScopes(ctx context.Context, db querier, workspaceID int64) ([]string, error) {
	var agency sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT agency_id FROM workspaces WHERE id = $1`, workspaceID).Scan(&agency); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	keys := []string{"w:" + strconv.FormatInt(workspaceID, 10)}
	if agency.Valid {
		keys = append(keys, "a:"+strconv.FormatInt(agency.Int64, 10))
	}
	return keys, nil
}

// AddSuppression adds an entry (kept as it is when the same one exists); ErrNotFound when an
// agency-wide entry is asked of a workspace without an agency.
func (s *Store) AddSuppression(ctx context.Context, a Actor, x *Suppression) error {
	switch x.Kind {
	case SuppressEmail, SuppressTikTok, SuppressDiscord, SuppressCreator:
	default:
		return &FieldError{Field: "kind", Value: x.Kind, Reason: "is not email, tiktok, discord or creator"}
	}
	x.Value = NormalizeAddress(x.Kind, x.Value)
	if x.Value == "" || len(x.Value) > 320 {
		return &FieldError{Field: "value", Reason: "give the address (or creator id) to suppress"}
	}
	if x.Reason == "" {
		x.Reason = "manual"
	}
	if x.Scope == "" {
		x.Scope = ScopeWorkspace
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		added, err := s.addSuppressions(ctx, tx, a, x.WorkspaceID, []Suppression{*x})
		if err != nil || added == 0 {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: x.WorkspaceID, Action: "outreach.suppression.add", ObjectType: "outreach_suppression",
			ObjectID: x.Kind + ":" + x.Value, Summary: fmt.Sprintf("%s %s suppressed (%s, %s)", x.Kind, x.Value, x.Reason, x.Scope),
			After: map[string]any{"scope": x.Scope, "kind": x.Kind, "value": x.Value, "reason": x.Reason, "note": x.Note}})
	})
	if err != nil {
		if _, ok := AsFieldError(err); ok || errors.Is(err, ErrNotFound) {
			return err
		}
		return fmt.Errorf("store: unable to suppress %s %s: %w", x.Kind, x.Value, err)
	}
	return nil
}

// addSuppressions inserts entries in tx (ON CONFLICT DO NOTHING) and returns how many were new.
func (s *Store) addSuppressions(ctx context.Context, tx *sql.Tx, a Actor, workspaceID int64, xs []Suppression) (int, error) {
	added := 0
	for _, x := range xs {
		scope := "w:" + strconv.FormatInt(workspaceID, 10)
		if x.Scope == ScopeAgency {
			var agency sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT agency_id FROM workspaces WHERE id = $1`, workspaceID).Scan(&agency); err != nil {
				return 0, err
			}
			if !agency.Valid {
				return 0, &FieldError{Field: "scope", Value: x.Scope, Reason: "this workspace belongs to no agency"}
			}
			scope = "a:" + strconv.FormatInt(agency.Int64, 10)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO outreach_suppressions (workspace_id, scope_key, kind, value, reason, note, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (scope_key, kind, value) DO NOTHING`,
			workspaceID, scope, x.Kind, NormalizeAddress(x.Kind, x.Value), x.Reason, x.Note, a.Label, now())
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added++
		}
	}
	return added, nil
}

// RemoveSuppression deletes the entry id, which must hold in the workspace (its own or its
// agency's); ErrNotFound otherwise.
func (s *Store) RemoveSuppression(ctx context.Context, a Actor, workspaceID, id int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		scopes, err := s.suppressionScopes(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		in, args := s.textIn("scope_key", 2, scopes)
		var kind, value, reason string
		if err := tx.QueryRowContext(ctx, `SELECT kind, value, reason FROM outreach_suppressions WHERE id = $1 AND `+in,
			append([]any{id}, args...)...).Scan(&kind, &value, &reason); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outreach_suppressions WHERE id = $1`, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "outreach.suppression.remove", ObjectType: "outreach_suppression",
			ObjectID: kind + ":" + value, Summary: fmt.Sprintf("%s %s no longer suppressed", kind, value),
			Before: map[string]any{"kind": kind, "value": value, "reason": reason}})
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("store: unable to remove suppression %d: %w", id, err)
	}
	return err
}

// Suppressions pages through the entries that hold in the workspace, newest first: afterID
// is the cursor (0 for the first page).
func (s *Store) Suppressions(ctx context.Context, workspaceID, afterID int64, limit int) ([]Suppression, error) {
	scopes, err := s.suppressionScopes(ctx, s.read, workspaceID)
	if err != nil {
		return nil, err
	}
	if afterID <= 0 {
		afterID = 1 << 62
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	// The IN list first: on SQLite its anonymous placeholders must precede the numbered ones.
	in, args := s.textIn("scope_key", 1, scopes)
	n := len(args)
	rows, err := s.read.QueryContext(ctx, `SELECT id, workspace_id, scope_key, kind, value, reason, note, created_by, created_at
		FROM outreach_suppressions WHERE `+in+` AND id < $`+strconv.Itoa(n+1)+` ORDER BY id DESC LIMIT $`+strconv.Itoa(n+2),
		append(args, afterID, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list suppressions: %w", err)
	}
	defer rows.Close()
	var out []Suppression
	for rows.Next() {
		var x Suppression
		var at int64
		if err := rows.Scan(&x.ID, &x.WorkspaceID, &x.Scope, &x.Kind, &x.Value, &x.Reason, &x.Note, &x.CreatedBy, &at); err != nil {
			return nil, fmt.Errorf("store: unable to list suppressions: %w", err)
		}
		x.Scope = map[bool]string{true: ScopeAgency, false: ScopeWorkspace}[strings.HasPrefix(x.Scope, "a:")]
		x.CreatedAt = unixUTC(at)
		out = append(out, x)
	}
	return out, rows.Err()
}

// SuppressionKey is one thing to check: an address of a kind, or a creator id.
type SuppressionKey struct{ Kind, Value string }

// suppressedIn returns, for the keys that are suppressed in any of scopes, their reason.
func (s *Store) suppressedIn(ctx context.Context, db querier, scopes []string, keys []SuppressionKey) (map[SuppressionKey]string, error) {
	out := map[SuppressionKey]string{}
	values := make([]string, 0, len(keys))
	for _, k := range keys {
		if k.Value != "" {
			values = append(values, NormalizeAddress(k.Kind, k.Value))
		}
	}
	if len(values) == 0 || len(scopes) == 0 {
		return out, nil
	}
	scopeIn, scopeArgs := s.textIn("scope_key", 1, scopes)
	for start := 0; start < len(values); start += 500 {
		part := values[start:min(start+500, len(values))]
		valIn, valArgs := s.textIn("value", 1+len(scopeArgs), part)
		rows, err := db.QueryContext(ctx, `SELECT kind, value, reason FROM outreach_suppressions WHERE `+scopeIn+` AND `+valIn,
			append(scopeArgs, valArgs...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k SuppressionKey
			var reason string
			if err := rows.Scan(&k.Kind, &k.Value, &reason); err != nil {
				rows.Close()
				return nil, err
			}
			out[k] = reason
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CheckSuppressed returns the reason the first of keys suppressed in the workspace is (its
// own entries and its agency's), or "" when none is.
func (s *Store) CheckSuppressed(ctx context.Context, workspaceID int64, keys ...SuppressionKey) (string, error) {
	scopes, err := s.suppressionScopes(ctx, s.read, workspaceID)
	if err != nil {
		return "", err
	}
	got, err := s.suppressedIn(ctx, s.read, scopes, keys)
	if err != nil {
		return "", fmt.Errorf("store: unable to check suppressions: %w", err)
	}
	for _, k := range keys {
		if r, ok := got[SuppressionKey{k.Kind, NormalizeAddress(k.Kind, k.Value)}]; ok {
			return r, nil
		}
	}
	return "", nil
}

// CreateAgency creates an agency, for grouping workspaces (SetWorkspaceAgency).
func (s *Store) CreateAgency(ctx context.Context, a Actor, name string) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO agencies (name, created_at) VALUES ($1, $2) RETURNING id`, name, now()).Scan(&id); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{Action: "agency.create", ObjectType: "agency", ObjectID: fmt.Sprint(id), Summary: fmt.Sprintf("agency %q created", name)})
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to create agency %q: %w", name, err)
	}
	return id, nil
}

// SetWorkspaceAgency puts a workspace in an agency (nil: in none), so agency-wide
// suppressions hold in it.
func (s *Store) SetWorkspaceAgency(ctx context.Context, a Actor, workspaceID int64, agencyID *int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE workspaces SET agency_id = $2 WHERE id = $1`, workspaceID, nullInt(agencyID)); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "workspace.agency", ObjectType: "workspace",
			ObjectID: fmt.Sprint(workspaceID), Summary: "agency set", After: map[string]any{"agency_id": agencyID}})
	})
	if err != nil {
		return fmt.Errorf("store: unable to set the agency of workspace %d: %w", workspaceID, err)
	}
	return nil
}
