package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/intl"
)

// TierRule gives a tier to the creators who reach its thresholds over a rolling window. The
// first rule (by position) a creator meets gives its tier, so the best tier comes first.
type TierRule struct {
	ID         int64
	Tier       string
	Position   int   // 1 for the first rule
	WindowDays int   // 30 or 90 rolling days, or 0 for lifetime
	MinGMV     int64 // minor units of Currency
	MinOrders  int64
	// Currency of MinGMV: a rule applies only to creators whose sales are counted in it (the
	// workspace's main currency), since amounts in two currencies do not compare.
	Currency  string
	CreatedAt time.Time
}

// TierWindows are the windows a rule may count over, in days (0: lifetime).
var TierWindows = []int{30, 90, 0}

// ErrTierExists refuses a second rule for the same tier: a tier is one rule, so a creator's
// tier always names the thresholds that gave it.
var ErrTierExists = errors.New("store: the workspace already has a rule for that tier")

// Validate checks a rule's fields; the error is a *SettingError naming the field.
func (r *TierRule) Validate() error {
	r.Tier = strings.TrimSpace(r.Tier)
	r.Currency = strings.ToUpper(strings.TrimSpace(r.Currency))
	switch n := utf8.RuneCountInString(r.Tier); {
	case n == 0 || n > 40:
		return &SettingError{"tier", r.Tier, "a tier's name has 1 to 40 characters"}
	case strings.ContainsAny(r.Tier, "|\n\r\t"):
		return &SettingError{"tier", r.Tier, "a tier's name may not contain |, tabs or line breaks"}
	}
	if !slices.Contains(TierWindows, r.WindowDays) {
		return &SettingError{"window_days", strconv.Itoa(r.WindowDays), "must be 30, 90 or 0 (lifetime)"}
	}
	if r.MinGMV < 0 {
		return &SettingError{"min_gmv", strconv.FormatInt(r.MinGMV, 10), "must not be negative"}
	}
	if r.MinOrders < 0 {
		return &SettingError{"min_orders", strconv.FormatInt(r.MinOrders, 10), "must not be negative"}
	}
	if _, ok := intl.LookupCurrency(r.Currency); !ok || len(r.Currency) != 3 {
		return &SettingError{"currency", r.Currency, "is not a currency code we know (ISO 4217, e.g. USD)"}
	}
	return nil
}

const tierRuleColumns = `id, tier, position, window_days, min_gmv, min_orders, currency, created_at`

func scanTierRule(row rowScanner) (*TierRule, error) {
	var r TierRule
	var created int64
	if err := row.Scan(&r.ID, &r.Tier, &r.Position, &r.WindowDays, &r.MinGMV, &r.MinOrders, &r.Currency, &created); err != nil {
		return nil, err
	}
	r.CreatedAt = unixUTC(created)
	return &r, nil
}

// TierRules returns the workspace's tier rules in evaluation order.
func (s *Store) TierRules(ctx context.Context, workspaceID int64) ([]TierRule, error) {
	return s.tierRules(ctx, s.read, workspaceID)
}

func (s *Store) tierRules(ctx context.Context, q querier, workspaceID int64) ([]TierRule, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+tierRuleColumns+` FROM tier_rules WHERE workspace_id = $1 ORDER BY position, id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the tier rules of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	var out []TierRule
	for rows.Next() {
		r, err := scanTierRule(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list the tier rules of workspace %d: %w", workspaceID, err)
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// TierRule returns the workspace's rule with that id, or ErrNotFound (also for another
// workspace's rule).
func (s *Store) TierRule(ctx context.Context, workspaceID, id int64) (*TierRule, error) {
	r, err := scanTierRule(s.read.QueryRowContext(ctx, `SELECT `+tierRuleColumns+` FROM tier_rules WHERE workspace_id = $1 AND id = $2`, workspaceID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch tier rule %d: %w", id, err)
	}
	return r, nil
}

// tierTaken reports whether another rule of the workspace (not id) has the tier, whatever its
// case: "Gold" and "gold" would read as one tier on every page.
func tierTaken(rules []TierRule, tier string, id int64) bool {
	for _, r := range rules {
		if r.ID != id && strings.EqualFold(r.Tier, tier) {
			return true
		}
	}
	return false
}

// CreateTierRule adds a rule at the end of the list, or at r.Position (1-based) when set.
func (s *Store) CreateTierRule(ctx context.Context, a Actor, workspaceID int64, r TierRule) (*TierRule, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rules, err := s.tierRules(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		if tierTaken(rules, r.Tier, 0) {
			return ErrTierExists
		}
		r.CreatedAt = time.Now().UTC()
		if err := tx.QueryRowContext(ctx, `INSERT INTO tier_rules (workspace_id, tier, position, window_days, min_gmv,
			min_orders, currency, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			workspaceID, r.Tier, len(rules)+1, r.WindowDays, r.MinGMV, r.MinOrders, r.Currency, r.CreatedAt.Unix()).Scan(&r.ID); err != nil {
			return fmt.Errorf("store: unable to add tier rule %q: %w", r.Tier, err)
		}
		want := r.Position
		r.Position = len(rules) + 1
		if want > 0 && want <= len(rules) {
			ids := ruleIDs(rules)
			ids = slices.Insert(ids, want-1, r.ID)
			if err := s.renumberTierRules(ctx, tx, workspaceID, append(rules, r), ids); err != nil {
				return err
			}
			r.Position = want
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "tier_rule.create", ObjectType: "tier_rule",
			ObjectID: strconv.FormatInt(r.ID, 10), Summary: "Added the tier rule " + r.Tier, After: r})
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// UpdateTierRule changes a rule's tier name, window and thresholds; its position stays.
func (s *Store) UpdateTierRule(ctx context.Context, a Actor, workspaceID, id int64, r TierRule) (*TierRule, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rules, err := s.tierRules(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(rules, func(x TierRule) bool { return x.ID == id })
		if i < 0 {
			return ErrNotFound
		}
		if tierTaken(rules, r.Tier, id) {
			return ErrTierExists
		}
		before := rules[i]
		r.ID, r.Position, r.CreatedAt = id, before.Position, before.CreatedAt
		if _, err := tx.ExecContext(ctx, `UPDATE tier_rules SET tier = $1, window_days = $2, min_gmv = $3, min_orders = $4,
			currency = $5 WHERE workspace_id = $6 AND id = $7`, r.Tier, r.WindowDays, r.MinGMV, r.MinOrders, r.Currency,
			workspaceID, id); err != nil {
			return fmt.Errorf("store: unable to change tier rule %d: %w", id, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "tier_rule.update", ObjectType: "tier_rule",
			ObjectID: strconv.FormatInt(id, 10), Summary: "Changed the tier rule " + r.Tier, Before: before, After: r})
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// MoveTierRule puts a rule at position (1-based; beyond the end means last) and renumbers the
// others, so positions stay 1…n.
func (s *Store) MoveTierRule(ctx context.Context, a Actor, workspaceID, id int64, position int) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		rules, err := s.tierRules(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(rules, func(x TierRule) bool { return x.ID == id })
		if i < 0 {
			return ErrNotFound
		}
		if position < 1 {
			return &SettingError{"position", strconv.Itoa(position), "positions start at 1"}
		}
		position = min(position, len(rules))
		if rules[i].Position == position && i == position-1 {
			return nil
		}
		ids := ruleIDs(rules)
		ids = slices.Delete(ids, i, i+1)
		ids = slices.Insert(ids, position-1, id)
		if err := s.renumberTierRules(ctx, tx, workspaceID, rules, ids); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "tier_rule.move", ObjectType: "tier_rule",
			ObjectID: strconv.FormatInt(id, 10), Summary: fmt.Sprintf("Moved the tier rule %s to position %d", rules[i].Tier, position),
			Before: map[string]int{"position": rules[i].Position}, After: map[string]int{"position": position}})
	})
}

// DeleteTierRule removes a rule. Creators keep their tier until the next evaluation.
func (s *Store) DeleteTierRule(ctx context.Context, a Actor, workspaceID, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		rules, err := s.tierRules(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(rules, func(x TierRule) bool { return x.ID == id })
		if i < 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM tier_rules WHERE workspace_id = $1 AND id = $2`, workspaceID, id); err != nil {
			return fmt.Errorf("store: unable to delete tier rule %d: %w", id, err)
		}
		rest := slices.Delete(slices.Clone(rules), i, i+1)
		if err := s.renumberTierRules(ctx, tx, workspaceID, rest, ruleIDs(rest)); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "tier_rule.delete", ObjectType: "tier_rule",
			ObjectID: strconv.FormatInt(id, 10), Summary: "Deleted the tier rule " + rules[i].Tier, Before: rules[i]})
	})
}

func ruleIDs(rules []TierRule) []int64 {
	ids := make([]int64, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return ids
}

// renumberTierRules gives the rules positions 1…n in the order of ids, writing only those
// that move.
func (s *Store) renumberTierRules(ctx context.Context, tx *sql.Tx, workspaceID int64, rules []TierRule, ids []int64) error {
	pos := map[int64]int{}
	for _, r := range rules {
		pos[r.ID] = r.Position
	}
	for i, id := range ids {
		if pos[id] == i+1 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tier_rules SET position = $1 WHERE workspace_id = $2 AND id = $3`, i+1, workspaceID, id); err != nil {
			return fmt.Errorf("store: unable to reorder the tier rules: %w", err)
		}
	}
	return nil
}
