package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// ErrReasonRequired is returned when a creator is set to do-not-contact or banned without
// saying why: the reason is what a colleague reads before contacting them anyway.
var ErrReasonRequired = errors.New("a reason is required for do-not-contact and banned")

// maxBulk caps how many creators one change touches, so a bulk action stays one short
// transaction; pages and the API send at most this many ids.
const maxBulk = 5000

// ErrTooMany is returned for a bulk change of more than maxBulk creators.
var ErrTooMany = fmt.Errorf("at most %d creators at once", maxBulk)

// current is what a change needs to know of a creator before changing it.
type current struct {
	id    int64
	value string // the column being changed
}

// lockCreators reads col of the workspace's live (unmerged) creators ids, inside tx. Any id that
// is not one of them makes the whole change ErrNotFound, so a bulk action never half-applies.
func (s *Store) lockCreators(ctx context.Context, tx *sql.Tx, workspaceID int64, ids []int64, col string) ([]current, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > maxBulk {
		return nil, ErrTooMany
	}
	in, args := s.int64In("id", 2, ids)
	rows, err := tx.QueryContext(ctx, `SELECT id, `+col+` FROM creators
		WHERE workspace_id = $1 AND merged_into IS NULL AND `+in+` ORDER BY id`,
		append([]any{workspaceID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read creators: %w", err)
	}
	defer rows.Close()
	var out []current
	for rows.Next() {
		var c current
		var v sql.NullString
		if err := rows.Scan(&c.id, &v); err != nil {
			return nil, fmt.Errorf("store: unable to read creators: %w", err)
		}
		c.value = v.String
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read creators: %w", err)
	}
	if len(out) != len(uniqueIDs(ids)) {
		return nil, ErrNotFound
	}
	return out, nil
}

// SetStage moves creators to a stage by hand, keeping each move on their timelines with who
// and why, and audits the change. Creators already in the stage are left alone (and not
// counted). Do-not-contact and banned need a reason.
func (s *Store) SetStage(ctx context.Context, a Actor, workspaceID int64, ids []int64, stage model.Stage, reason string) (changed int, err error) {
	if _, ok := model.ParseStage(string(stage)); !ok {
		return 0, fmt.Errorf("store: unknown stage %q", stage)
	}
	reason = strings.TrimSpace(reason)
	if stage.Blocked() && reason == "" {
		return 0, ErrReasonRequired
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.lockCreators(ctx, tx, workspaceID, ids, "stage")
		if err != nil {
			return err
		}
		t := time.Now().UTC()
		var evs []CreatorEvent
		var moved []int64
		for _, c := range cur {
			if c.value == string(stage) {
				continue
			}
			moved = append(moved, c.id)
			evs = append(evs, CreatorEvent{CreatorID: c.id, Kind: EventStage, At: t, Actor: a.Label,
				UserID: actorUserID(a), From: c.value, To: string(stage), Body: reason})
		}
		if len(moved) == 0 {
			return nil
		}
		in, args := s.int64In("id", 5, moved)
		if _, err := tx.ExecContext(ctx, `UPDATE creators SET stage = $1, stage_since = $2, stage_reason = $3,
			updated_at = $2 WHERE workspace_id = $4 AND `+in,
			append([]any{string(stage), t.Unix(), reason, workspaceID}, args...)...); err != nil {
			return fmt.Errorf("store: unable to change stages: %w", err)
		}
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, evs); err != nil {
			return err
		}
		changed = len(moved)
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.stage",
			ObjectType: "creator", ObjectID: joinIDs(moved),
			Summary: fmt.Sprintf("Moved %d creator(s) to %s", len(moved), stage.Label()),
			After:   map[string]any{"stage": stage, "reason": reason}})
	})
	return changed, err
}

// SetOwner gives creators an owner (a member of the workspace), or none with ownerID nil.
func (s *Store) SetOwner(ctx context.Context, a Actor, workspaceID int64, ids []int64, ownerID *int64) (changed int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		to := ""
		if ownerID != nil {
			if err := tx.QueryRowContext(ctx, `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
				WHERE m.workspace_id = $1 AND m.user_id = $2`, workspaceID, *ownerID).Scan(&to); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("store: user %d is not a member of this workspace: %w", *ownerID, ErrNotFound)
				}
				return fmt.Errorf("store: unable to check the owner: %w", err)
			}
		}
		cur, err := s.lockCreators(ctx, tx, workspaceID, ids,
			"(SELECT email FROM users WHERE users.id = creators.owner_id)")
		if err != nil {
			return err
		}
		t := time.Now().UTC()
		var evs []CreatorEvent
		var moved []int64
		for _, c := range cur {
			if c.value == to {
				continue
			}
			moved = append(moved, c.id)
			evs = append(evs, CreatorEvent{CreatorID: c.id, Kind: EventOwner, At: t, Actor: a.Label,
				UserID: actorUserID(a), From: c.value, To: to})
		}
		if len(moved) == 0 {
			return nil
		}
		in, args := s.int64In("id", 4, moved)
		if _, err := tx.ExecContext(ctx, `UPDATE creators SET owner_id = $1, updated_at = $2
			WHERE workspace_id = $3 AND `+in, append([]any{nullInt(ownerID), t.Unix(), workspaceID}, args...)...); err != nil {
			return fmt.Errorf("store: unable to change owners: %w", err)
		}
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, evs); err != nil {
			return err
		}
		changed = len(moved)
		summary := fmt.Sprintf("Assigned %d creator(s) to %s", len(moved), to)
		if to == "" {
			summary = fmt.Sprintf("Unassigned %d creator(s)", len(moved))
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.owner",
			ObjectType: "creator", ObjectID: joinIDs(moved), Summary: summary, After: map[string]any{"owner": to}})
	})
	return changed, err
}

// UpdateTags adds and removes tags (normalized by NormalizeTag) on creators.
func (s *Store) UpdateTags(ctx context.Context, a Actor, workspaceID int64, ids []int64, add, remove []string) (changed int, err error) {
	norm := func(in []string) []string {
		var out []string
		for _, t := range in {
			if t = NormalizeTag(t); t != "" {
				out = append(out, t)
			}
		}
		return out
	}
	// Only added tags are checked: an old tag longer than the limit can still be removed.
	if err := CheckTags("tags", add); err != nil {
		return 0, err
	}
	add, remove = norm(add), norm(remove)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.lockCreators(ctx, tx, workspaceID, ids, "tags")
		if err != nil {
			return err
		}
		t := time.Now().UTC()
		var evs []CreatorEvent
		var n int
		for _, c := range cur {
			tags := DecodeList(c.value)
			tags = append(tags, add...)
			kept := tags[:0]
			for _, tag := range tags {
				if !containsString(remove, tag) {
					kept = append(kept, tag)
				}
			}
			next := EncodeList(kept)
			if next == c.value {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE creators SET tags = $1, updated_at = $2
				WHERE workspace_id = $3 AND id = $4`, next, t.Unix(), workspaceID, c.id); err != nil {
				return fmt.Errorf("store: unable to change the tags of creator %d: %w", c.id, err)
			}
			evs = append(evs, CreatorEvent{CreatorID: c.id, Kind: EventTags, At: t, Actor: a.Label,
				UserID: actorUserID(a), From: strings.Join(DecodeList(c.value), ", "), To: strings.Join(DecodeList(next), ", ")})
			n++
		}
		if n == 0 {
			return nil
		}
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, evs); err != nil {
			return err
		}
		changed = n
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.tags",
			ObjectType: "creator", ObjectID: strconv.Itoa(n) + " creators",
			Summary: fmt.Sprintf("Changed the tags of %d creator(s)", n),
			After:   map[string]any{"added": add, "removed": remove}})
	})
	return changed, err
}

// int64In (which must come after $1…$first-1 in its statement) returns "col IN (…)" on SQLite
// and "col = ANY($first)" on PostgreSQL, with its arguments.
func (s *Store) int64In(col string, first int, ids []int64) (string, []any) {
	if s.dialect == Postgres {
		return col + " = ANY($" + strconv.Itoa(first) + ")", []any{ids}
	}
	var b strings.Builder
	b.WriteString(col + " IN (")
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('?') // see valuesList
		args[i] = id
	}
	b.WriteByte(')')
	return b.String(), args
}

func uniqueIDs(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// joinIDs names the creators of a change in the audit log (the first 20, then a count).
func joinIDs(ids []int64) string {
	var parts []string
	for i, id := range ids {
		if i == 20 {
			parts = append(parts, fmt.Sprintf("… %d more", len(ids)-20))
			break
		}
		parts = append(parts, strconv.FormatInt(id, 10))
	}
	return strings.Join(parts, ",")
}

func containsString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
