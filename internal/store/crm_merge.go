package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// ErrCreatorMerged is returned for a merge from or into a creator that is itself merged into
// another: merge into the creator it went to instead.
var ErrCreatorMerged = errors.New("the creator is already merged into another")

// ErrMergeUndone is returned for an unmerge of a merge already undone.
var ErrMergeUndone = errors.New("this merge was already undone")

// mergeFields are the kept creator's columns a merge may change, as stored.
type mergeFields struct {
	DisplayName string `json:"display_name"`
	Email       string `json:"email"`
	Discord     string `json:"discord"`
	Followers   *int64 `json:"followers"`
	Verticals   string `json:"verticals"`
	Category    string `json:"category"`
	Tags        string `json:"tags"`
	Language    string `json:"language"`
	Region      string `json:"region"`
	TimeZone    string `json:"time_zone"`
	Agency      string `json:"agency"`
	OwnerID     *int64 `json:"owner_id"`
	Stage       string `json:"stage"`
	StageSince  int64  `json:"stage_since"`
	StageReason string `json:"stage_reason"`
}

// mergeSnapshot is creator_merges.snapshot: what unmerge needs to put things back.
type mergeSnapshot struct {
	Before    mergeFields `json:"before"`    // the kept creator before the merge
	After     mergeFields `json:"after"`     // what the merge made of it
	Tasks     []int64     `json:"tasks"`     // open tasks moved from the merged creator
	Repointed []int64     `json:"repointed"` // creators merged into the merged one, now pointing at the kept one
}

const mergeFieldColumns = `username, display_name, email, discord, followers, verticals, category, tags, language,
	region, time_zone, agency, owner_id, stage, stage_since, stage_reason, merged_into`

// readMergeFields reads a creator of the workspace for a merge, inside tx.
func readMergeFields(ctx context.Context, tx *sql.Tx, workspaceID, id int64) (f mergeFields, username string, mergedInto *int64, err error) {
	var followers, owner, merged sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT `+mergeFieldColumns+` FROM creators WHERE workspace_id = $1 AND id = $2`,
		workspaceID, id).Scan(&username, &f.DisplayName, &f.Email, &f.Discord, &followers, &f.Verticals, &f.Category,
		&f.Tags, &f.Language, &f.Region, &f.TimeZone, &f.Agency, &owner, &f.Stage, &f.StageSince, &f.StageReason, &merged)
	if errors.Is(err, sql.ErrNoRows) {
		return f, "", nil, ErrNotFound
	}
	if err != nil {
		return f, "", nil, fmt.Errorf("store: unable to read creator %d: %w", id, err)
	}
	f.Followers, f.OwnerID = optInt(followers), optInt(owner)
	return f, username, optInt(merged), nil
}

func writeMergeFields(ctx context.Context, tx *sql.Tx, workspaceID, id int64, f mergeFields) error {
	_, err := tx.ExecContext(ctx, `UPDATE creators SET display_name = $1, email = $2, discord = $3, followers = $4,
		verticals = $5, category = $6, tags = $7, language = $8, region = $9, time_zone = $10, agency = $11,
		owner_id = $12, stage = $13, stage_since = $14, stage_reason = $15, updated_at = $16
		WHERE workspace_id = $17 AND id = $18`, f.DisplayName, f.Email, f.Discord, nullInt(f.Followers), f.Verticals,
		f.Category, f.Tags, f.Language, f.Region, f.TimeZone, f.Agency, nullInt(f.OwnerID), f.Stage, f.StageSince,
		f.StageReason, now(), workspaceID, id)
	if err != nil {
		return fmt.Errorf("store: unable to update creator %d: %w", id, err)
	}
	return nil
}

// mergeRank orders stages for a merge: how far the relationship went. At risk and churned
// creators sold once, so they rank above sampled but below activated and active.
func mergeRank(s model.Stage) int {
	switch s {
	case model.StageAtRisk, model.StageChurned:
		return model.StageSampled.Rank() + 1
	case model.StageActivated, model.StageActive:
		return s.Rank() + 2
	}
	return s.Rank()
}

// combine is what the kept creator k becomes with m merged into it: blanks filled from m,
// the larger follower count, verticals and tags joined, and the further stage, except that
// a do-not-contact or banned stage on either side wins, with its reason.
func combine(k, m mergeFields, at int64) mergeFields {
	out := k
	fill := func(dst *string, src string) {
		if strings.TrimSpace(*dst) == "" {
			*dst = src
		}
	}
	fill(&out.DisplayName, m.DisplayName)
	fill(&out.Email, m.Email)
	fill(&out.Discord, m.Discord)
	fill(&out.Language, m.Language)
	fill(&out.Region, m.Region)
	fill(&out.TimeZone, m.TimeZone)
	fill(&out.Agency, m.Agency)
	fill(&out.Category, m.Category)
	if m.Followers != nil && (out.Followers == nil || *m.Followers > *out.Followers) {
		v := *m.Followers
		out.Followers = &v
	}
	if out.OwnerID == nil && m.OwnerID != nil {
		v := *m.OwnerID
		out.OwnerID = &v
	}
	out.Verticals = EncodeList(append(DecodeList(k.Verticals), DecodeList(m.Verticals)...))
	out.Tags = EncodeList(append(DecodeList(k.Tags), DecodeList(m.Tags)...))
	ks, ms := model.Stage(k.Stage), model.Stage(m.Stage)
	take := false
	switch {
	case ks.Blocked():
	case ms.Blocked():
		take = true
	default:
		take = mergeRank(ms) > mergeRank(ks)
	}
	if take {
		out.Stage, out.StageReason, out.StageSince = m.Stage, m.StageReason, at
	}
	return out
}

// MergeCreators merges the creator mergedID into keptID in one transaction and returns the
// merge's id. The merged creator keeps its row and platform accounts (their order lines still
// find it) with merged_into set, and leaves every list; its sales count for the kept creator.
// The kept creator's CRM columns are saved in the merge (for UnmergeCreators), then its blanks
// are filled from the merged one (see combine); the merged creator's open tasks move to the
// kept one; creators earlier merged into the merged one now point at the kept one. Both
// timelines get a merge event, and the audit log an entry.
//
// Refused: a creator into itself (ErrSameCreator), a creator not of the workspace
// (ErrNotFound), from or into a creator already merged (ErrCreatorMerged).
func (s *Store) MergeCreators(ctx context.Context, a Actor, workspaceID, keptID, mergedID int64, reason string) (int64, error) {
	if keptID == mergedID {
		return 0, ErrSameCreator
	}
	reason = strings.TrimSpace(reason)
	var mergeID int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		kept, keptHandle, keptInto, err := readMergeFields(ctx, tx, workspaceID, keptID)
		if err != nil {
			return err
		}
		merged, mergedHandle, mergedInto, err := readMergeFields(ctx, tx, workspaceID, mergedID)
		if err != nil {
			return err
		}
		if keptInto != nil {
			return fmt.Errorf("store: @%s: %w", keptHandle, ErrCreatorMerged)
		}
		if mergedInto != nil {
			return fmt.Errorf("store: @%s: %w", mergedHandle, ErrCreatorMerged)
		}
		t := time.Now().UTC()
		snap := mergeSnapshot{Before: kept, After: combine(kept, merged, t.Unix())}
		if snap.Tasks, err = s.idsWhere(ctx, tx, `SELECT id FROM creator_tasks WHERE workspace_id = $1
			AND creator_id = $2 AND done_at IS NULL ORDER BY id`, workspaceID, mergedID); err != nil {
			return err
		}
		if snap.Repointed, err = s.idsWhere(ctx, tx, `SELECT id FROM creators WHERE workspace_id = $1
			AND merged_into = $2 ORDER BY id`, workspaceID, mergedID); err != nil {
			return err
		}
		js, err := json.Marshal(snap)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO creator_merges (workspace_id, kept_id, merged_id, reason,
			snapshot, merged_by, merged_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, workspaceID, keptID,
			mergedID, reason, string(js), a.Label, t.Unix()).Scan(&mergeID); err != nil {
			return fmt.Errorf("store: unable to record the merge of @%s into @%s: %w", mergedHandle, keptHandle, err)
		}
		if err := writeMergeFields(ctx, tx, workspaceID, keptID, snap.After); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE creators SET merged_into = $1, updated_at = $2
			WHERE workspace_id = $3 AND (id = $4 OR merged_into = $4)`, keptID, t.Unix(), workspaceID, mergedID); err != nil {
			return fmt.Errorf("store: unable to merge @%s into @%s: %w", mergedHandle, keptHandle, err)
		}
		if err := s.moveTasks(ctx, tx, workspaceID, snap.Tasks, mergedID, keptID); err != nil {
			return err
		}
		body := "@" + mergedHandle + " merged into this creator"
		if reason != "" {
			body += ": " + reason
		}
		evs := []CreatorEvent{
			{CreatorID: keptID, Kind: EventMerge, At: t, Actor: a.Label, UserID: actorUserID(a), To: mergedHandle, Body: body, RefID: &mergeID},
			{CreatorID: mergedID, Kind: EventMerge, At: t, Actor: a.Label, UserID: actorUserID(a), To: keptHandle,
				Body: "Merged into @" + keptHandle, RefID: &mergeID},
		}
		if snap.After.Stage != kept.Stage {
			evs = append(evs, CreatorEvent{CreatorID: keptID, Kind: EventStage, At: t, Actor: a.Label, UserID: actorUserID(a),
				From: kept.Stage, To: snap.After.Stage, Body: "from the merge of @" + mergedHandle})
		}
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, evs); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.merge", ObjectType: "creator",
			ObjectID: fmt.Sprint(keptID), Summary: fmt.Sprintf("Merged @%s into @%s", mergedHandle, keptHandle),
			Before: snap.Before, After: map[string]any{"merge": mergeID, "merged": mergedID, "creator": snap.After,
				"tasks": snap.Tasks, "repointed": snap.Repointed, "reason": reason}})
	})
	return mergeID, err
}

// UnmergeCreators undoes a merge: the merged creator is back in the lists with its own sales,
// the tasks the merge moved go back to it, and creators the merge re-pointed point at it again.
//
// The kept creator's columns are restored field by field from the snapshot, but only where
// the field still holds what the merge set: a field someone changed by hand since the merge
// (a new email, a later stage move) keeps the change, because it was made knowing the merge.
func (s *Store) UnmergeCreators(ctx context.Context, a Actor, workspaceID, mergeID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var keptID, mergedID int64
		var js string
		var undone sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT kept_id, merged_id, snapshot, undone_at FROM creator_merges
			WHERE workspace_id = $1 AND id = $2`, workspaceID, mergeID).Scan(&keptID, &mergedID, &js, &undone)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: unable to read merge %d: %w", mergeID, err)
		}
		if undone.Valid {
			return ErrMergeUndone
		}
		var snap mergeSnapshot
		if err := json.Unmarshal([]byte(js), &snap); err != nil {
			return fmt.Errorf("store: merge %d has an unreadable snapshot: %w", mergeID, err)
		}
		cur, keptHandle, _, err := readMergeFields(ctx, tx, workspaceID, keptID)
		if err != nil {
			return err
		}
		_, mergedHandle, _, err := readMergeFields(ctx, tx, workspaceID, mergedID)
		if err != nil {
			return err
		}
		t := time.Now().UTC()
		next := restore(cur, snap.Before, snap.After)
		if err := writeMergeFields(ctx, tx, workspaceID, keptID, next); err != nil {
			return err
		}
		// The merged creator points at the kept one, or at the creator the kept one was merged
		// into later (chains are re-pointed): either way it is this merge that is undone.
		if _, err := tx.ExecContext(ctx, `UPDATE creators SET merged_into = NULL, updated_at = $1
			WHERE workspace_id = $2 AND id = $3`, t.Unix(), workspaceID, mergedID); err != nil {
			return fmt.Errorf("store: unable to split @%s out: %w", mergedHandle, err)
		}
		if len(snap.Repointed) > 0 {
			in, args := s.int64In("id", 4, snap.Repointed)
			if _, err := tx.ExecContext(ctx, `UPDATE creators SET merged_into = $1 WHERE workspace_id = $2
				AND merged_into = $3 AND `+in, append([]any{mergedID, workspaceID, keptID}, args...)...); err != nil {
				return fmt.Errorf("store: unable to re-point creators at @%s: %w", mergedHandle, err)
			}
		}
		if err := s.moveTasks(ctx, tx, workspaceID, snap.Tasks, keptID, mergedID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE creator_merges SET undone_at = $1, undone_by = $2
			WHERE workspace_id = $3 AND id = $4`, t.Unix(), a.Label, workspaceID, mergeID); err != nil {
			return fmt.Errorf("store: unable to record the unmerge: %w", err)
		}
		evs := []CreatorEvent{
			{CreatorID: keptID, Kind: EventUnmerge, At: t, Actor: a.Label, UserID: actorUserID(a), From: mergedHandle,
				Body: "@" + mergedHandle + " split out again", RefID: &mergeID},
			{CreatorID: mergedID, Kind: EventUnmerge, At: t, Actor: a.Label, UserID: actorUserID(a), From: keptHandle,
				Body: "Split out of @" + keptHandle, RefID: &mergeID},
		}
		if next.Stage != cur.Stage {
			evs = append(evs, CreatorEvent{CreatorID: keptID, Kind: EventStage, At: t, Actor: a.Label, UserID: actorUserID(a),
				From: cur.Stage, To: next.Stage, Body: "undoing the merge of @" + mergedHandle})
		}
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, evs); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.unmerge", ObjectType: "creator",
			ObjectID: fmt.Sprint(keptID), Summary: fmt.Sprintf("Split @%s out of @%s", mergedHandle, keptHandle),
			Before: cur, After: map[string]any{"merge": mergeID, "creator": next, "tasks": snap.Tasks}})
	})
}

// restore is what unmerge makes of the kept creator: each field back to before, unless it no
// longer holds what the merge set (then someone changed it since, and the change stays).
func restore(cur, before, after mergeFields) mergeFields {
	out := cur
	str := func(dst *string, c, b, a string) {
		if c == a {
			*dst = b
		}
	}
	str(&out.DisplayName, cur.DisplayName, before.DisplayName, after.DisplayName)
	str(&out.Email, cur.Email, before.Email, after.Email)
	str(&out.Discord, cur.Discord, before.Discord, after.Discord)
	str(&out.Verticals, cur.Verticals, before.Verticals, after.Verticals)
	str(&out.Category, cur.Category, before.Category, after.Category)
	str(&out.Tags, cur.Tags, before.Tags, after.Tags)
	str(&out.Language, cur.Language, before.Language, after.Language)
	str(&out.Region, cur.Region, before.Region, after.Region)
	str(&out.TimeZone, cur.TimeZone, before.TimeZone, after.TimeZone)
	str(&out.Agency, cur.Agency, before.Agency, after.Agency)
	if sameInt(cur.Followers, after.Followers) {
		out.Followers = before.Followers
	}
	if sameInt(cur.OwnerID, after.OwnerID) {
		out.OwnerID = before.OwnerID
	}
	if cur.Stage == after.Stage && cur.StageSince == after.StageSince {
		out.Stage, out.StageSince, out.StageReason = before.Stage, before.StageSince, before.StageReason
	}
	return out
}

func sameInt(a, b *int64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// idsWhere runs a query of one id column inside tx.
func (s *Store) idsWhere(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read ids: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: unable to read ids: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// moveTasks moves tasks (those still on from) to another creator.
func (s *Store) moveTasks(ctx context.Context, tx *sql.Tx, workspaceID int64, ids []int64, from, to int64) error {
	if len(ids) == 0 {
		return nil
	}
	in, args := s.int64In("id", 4, ids)
	if _, err := tx.ExecContext(ctx, `UPDATE creator_tasks SET creator_id = $1 WHERE workspace_id = $2
		AND creator_id = $3 AND `+in, append([]any{to, workspaceID, from}, args...)...); err != nil {
		return fmt.Errorf("store: unable to move %d tasks: %w", len(ids), err)
	}
	return nil
}
