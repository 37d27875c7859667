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

// ErrUnknownTier refuses an override to a tier no rule defines: every tier a page shows is
// one the workspace's rules describe.
var ErrUnknownTier = errors.New("store: no tier rule defines that tier")

// creatorTier is what an override change needs to know of a creator.
type creatorTier struct {
	tier, override string
	until          sql.NullInt64
}

func (s *Store) lockCreatorTier(ctx context.Context, tx *sql.Tx, workspaceID, id int64) (creatorTier, error) {
	var c creatorTier
	err := tx.QueryRowContext(ctx, `SELECT tier, tier_override, tier_override_until FROM creators
		WHERE workspace_id = $1 AND id = $2 AND merged_into IS NULL`, workspaceID, id).Scan(&c.tier, &c.override, &c.until)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: unable to read the tier of creator %d: %w", id, err)
	}
	return c, nil
}

// SetTierOverride gives a creator a tier by hand, whatever the rules say, until the given time
// (nil: until cleared). The tier must be one of the workspace's rules' tiers (matched without
// regard to case, stored as the rule spells it). The change is on the creator's timeline and in
// the audit log.
func (s *Store) SetTierOverride(ctx context.Context, a Actor, workspaceID, id int64, tier string, until *time.Time, reason string) error {
	tier, reason = strings.TrimSpace(tier), strings.TrimSpace(reason)
	t := time.Now().UTC()
	if until != nil && !until.After(t) {
		return &SettingError{"until", until.Format(time.DateOnly), "must be in the future"}
	}
	if len(reason) > 500 {
		return &SettingError{"reason", reason[:40] + "…", "at most 500 characters"}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := s.lockCreatorTier(ctx, tx, workspaceID, id)
		if err != nil {
			return err
		}
		rules, err := s.tierRules(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		known := ""
		for _, r := range rules {
			if strings.EqualFold(r.Tier, tier) {
				known = r.Tier
			}
		}
		if known == "" {
			return fmt.Errorf("%w: %q", ErrUnknownTier, tier)
		}
		var untilArg any
		body := "override until cleared"
		if until != nil {
			untilArg = until.Unix()
			body = "override until " + until.UTC().Format(time.DateOnly)
		}
		if reason != "" {
			body += ": " + reason
		}
		if _, err := tx.ExecContext(ctx, `UPDATE creators SET tier_override = $1, tier_override_until = $2, tier = $1,
			tier_since = CASE WHEN tier = $1 THEN tier_since ELSE $3 END, updated_at = $3 WHERE workspace_id = $4 AND id = $5`,
			known, untilArg, t.Unix(), workspaceID, id); err != nil {
			return fmt.Errorf("store: unable to override the tier of creator %d: %w", id, err)
		}
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, []CreatorEvent{{CreatorID: id, Kind: EventTier, At: t,
			Actor: a.Label, UserID: actorUserID(a), From: c.tier, To: known, Body: body}}); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.tier_override", ObjectType: "creator",
			ObjectID: strconv.FormatInt(id, 10), Summary: fmt.Sprintf("Set the tier of creator %d to %s by hand (%s)", id, known, body),
			Before: map[string]any{"tier": c.tier, "override": c.override, "until": optTime(c.until)},
			After:  map[string]any{"tier": known, "override": known, "until": until, "reason": reason}})
	})
}

// ClearTierOverride ends a creator's override: the creator takes tier, what the rules give now
// (the caller evaluates them: see crm.ClearTierOverride), with why on the timeline. A creator
// without an override is left alone.
func (s *Store) ClearTierOverride(ctx context.Context, a Actor, workspaceID, id int64, tier, why string) error {
	t := time.Now().UTC()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := s.lockCreatorTier(ctx, tx, workspaceID, id)
		if err != nil {
			return err
		}
		if c.override == "" {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE creators SET tier_override = '', tier_override_until = NULL, tier = $1,
			tier_since = CASE WHEN tier = $1 THEN tier_since ELSE $2 END, updated_at = $2 WHERE workspace_id = $3 AND id = $4`,
			tier, t.Unix(), workspaceID, id); err != nil {
			return fmt.Errorf("store: unable to clear the tier override of creator %d: %w", id, err)
		}
		body := "override cleared"
		if why != "" {
			body += "; " + why
		}
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, []CreatorEvent{{CreatorID: id, Kind: EventTier, At: t,
			Actor: a.Label, UserID: actorUserID(a), From: c.tier, To: tier, Body: body}}); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.tier_override_clear", ObjectType: "creator",
			ObjectID: strconv.FormatInt(id, 10), Summary: fmt.Sprintf("Cleared the tier override of creator %d", id),
			Before: map[string]any{"tier": c.tier, "override": c.override, "until": optTime(c.until)},
			After:  map[string]any{"tier": tier}})
	})
}
