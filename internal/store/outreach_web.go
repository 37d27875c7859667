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

// The read queries of the outreach pages and API (issue 6): per-sequence counts, quota
// counters and the quota planner's candidates; results per step and variant are in
// outreach_results.go. The engine's own queries live in the other outreach_*.go files.

// OutreachCreatorOf returns what the engine knows of the workspace's creator id (for a
// template preview with a real creator), or ErrNotFound.
func (s *Store) OutreachCreatorOf(ctx context.Context, workspaceID, id int64) (*OutreachCreator, error) {
	cs, err := s.outreachCreators(ctx, s.read, []int64{id})
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch creator %d: %w", id, err)
	}
	c := cs[id]
	if c == nil || c.WorkspaceID != workspaceID || c.Merged {
		return nil, ErrNotFound
	}
	return c, nil
}

// SequenceStats are the counts the outreach home shows for one sequence.
type SequenceStats struct {
	Enrolled, Active, Paused, Stopped, Completed int
	Contacted                                    int // enrollments that got at least one message
	Replied                                      int // of those, creators who replied after the first message
	SentSince                                    int // messages sent since the time asked for (this week)
}

// ReplyRate is replies per contacted creator, 0..1.
func (x SequenceStats) ReplyRate() float64 {
	if x.Contacted == 0 {
		return 0
	}
	return float64(x.Replied) / float64(x.Contacted)
}

// OutreachSequenceStats counts the enrollments of every sequence of the workspace and the
// messages each sent since since.
func (s *Store) OutreachSequenceStats(ctx context.Context, workspaceID int64, since time.Time) (map[int64]*SequenceStats, error) {
	out := map[int64]*SequenceStats{}
	get := func(id int64) *SequenceStats {
		if out[id] == nil {
			out[id] = &SequenceStats{}
		}
		return out[id]
	}
	rows, err := s.read.QueryContext(ctx, `SELECT e.sequence_id, e.status, COUNT(*),
		SUM(CASE WHEN e.first_sent_at IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN e.first_sent_at IS NOT NULL AND c.last_reply_at >= e.first_sent_at THEN 1 ELSE 0 END)
		FROM outreach_enrollments e JOIN creators c ON c.id = e.creator_id
		WHERE e.workspace_id = $1 GROUP BY e.sequence_id, e.status`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count enrollments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var status string
		var n, contacted, replied int
		if err := rows.Scan(&id, &status, &n, &contacted, &replied); err != nil {
			return nil, fmt.Errorf("store: unable to count enrollments: %w", err)
		}
		x := get(id)
		x.Enrolled += n
		x.Contacted += contacted
		x.Replied += replied
		switch status {
		case EnrollmentActive:
			x.Active += n
		case EnrollmentPaused:
			x.Paused += n
		case EnrollmentStopped:
			x.Stopped += n
		case EnrollmentCompleted:
			x.Completed += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to count enrollments: %w", err)
	}
	rows.Close()
	sent, err := s.read.QueryContext(ctx, `SELECT sequence_id, COUNT(*) FROM outreach_outbox
		WHERE sequence_id IN (SELECT id FROM outreach_sequences WHERE workspace_id = $1) AND status = 'sent' AND sent_at >= $2
		GROUP BY sequence_id`, workspaceID, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: unable to count sent messages: %w", err)
	}
	defer sent.Close()
	for sent.Next() {
		var id int64
		var n int
		if err := sent.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: unable to count sent messages: %w", err)
		}
		get(id).SentSince = n
	}
	return out, sent.Err()
}

// QuotaUsed reads quota counters: for each sender key and period asked, how many messages
// are reserved (0 when the counter does not exist yet).
func (s *Store) QuotaUsed(ctx context.Context, pairs [][2]string) (map[[2]string]int, error) {
	out := make(map[[2]string]int, len(pairs))
	for _, p := range pairs {
		var used int
		err := s.read.QueryRowContext(ctx, `SELECT used FROM outreach_quota_usage WHERE sender_key = $1 AND period = $2`, p[0], p[1]).Scan(&used)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: unable to read the quota of %s: %w", p[0], err)
		}
		out[p] = used
	}
	return out, nil
}

// PlannerCandidate is a prospect the quota planner may enroll.
type PlannerCandidate struct {
	ID       int64
	Username string
	Score    int
}

// PlannerCandidates returns up to limit prospects of the workspace not yet in the sequence
// who can be reached on channel, best fit score first (ties: the older creator first).
// Suppressed creators and addresses are left out.
func (s *Store) PlannerCandidates(ctx context.Context, workspaceID, sequenceID int64, channel string, limit int) ([]PlannerCandidate, error) {
	reach := map[string]string{
		ChannelTikTokIM: `EXISTS (SELECT 1 FROM creator_accounts a WHERE a.creator_id = c.id AND a.platform = 'tiktok' AND a.external_id <> '')`,
		ChannelEmail:    `c.email <> ''`,
		ChannelDiscord:  `c.discord <> ''`,
	}[channel]
	if reach == "" {
		return nil, &FieldError{Field: "channel", Value: channel, Reason: "is not a channel"}
	}
	scopes, err := s.suppressionScopes(ctx, s.read, workspaceID)
	if err != nil {
		return nil, err
	}
	in, scopeArgs := s.inClause("x.scope_key", 3, scopes)
	// Suppressed creators and addresses are no candidates: enrolling would refuse them.
	rows, err := s.read.QueryContext(ctx, `SELECT c.id, c.username, c.score FROM creators c
		WHERE c.workspace_id = $1 AND c.merged_into IS NULL AND c.stage = 'prospect' AND `+reach+`
		AND NOT EXISTS (SELECT 1 FROM outreach_enrollments e WHERE e.sequence_id = $2 AND e.creator_id = c.id)
		AND NOT EXISTS (SELECT 1 FROM outreach_suppressions x WHERE `+in+` AND (
			(x.kind = 'creator' AND x.value = CAST(c.id AS TEXT)) OR (x.kind = 'email' AND x.value = lower(c.email))
			OR (x.kind = 'discord' AND x.value = c.discord)
			OR (x.kind = 'tiktok' AND x.value IN (SELECT a.external_id FROM creator_accounts a WHERE a.creator_id = c.id AND a.platform = 'tiktok'))))
		ORDER BY c.score DESC, c.id LIMIT `+strconv.Itoa(max(limit, 0)), append([]any{workspaceID, sequenceID}, scopeArgs...)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the planner's candidates: %w", err)
	}
	defer rows.Close()
	var out []PlannerCandidate
	for rows.Next() {
		var c PlannerCandidate
		if err := rows.Scan(&c.ID, &c.Username, &c.Score); err != nil {
			return nil, fmt.Errorf("store: unable to list the planner's candidates: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// WorkspaceName returns the name of workspace id (its slug when it has none), for pages
// outside a workspace such as the unsubscribe page; ErrNotFound when it does not exist.
func (s *Store) WorkspaceName(ctx context.Context, id int64) (string, error) {
	var name, slug string
	err := s.read.QueryRowContext(ctx, `SELECT name, slug FROM workspaces WHERE id = $1`, id).Scan(&name, &slug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to fetch workspace %d: %w", id, err)
	}
	if name == "" {
		name = slug
	}
	return name, nil
}

// ReasonCount is a stop reason and how many enrollments stopped with it.
type ReasonCount struct {
	Reason string
	Count  int
}

// EnrollmentStopReasons counts the stopped enrollments of the workspace's sequence by reason,
// most frequent first.
func (s *Store) EnrollmentStopReasons(ctx context.Context, workspaceID, sequenceID int64) ([]ReasonCount, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT stop_reason, COUNT(*) FROM outreach_enrollments
		WHERE workspace_id = $1 AND sequence_id = $2 AND status = 'stopped' GROUP BY stop_reason ORDER BY COUNT(*) DESC, stop_reason`,
		workspaceID, sequenceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count stop reasons: %w", err)
	}
	defer rows.Close()
	var out []ReasonCount
	for rows.Next() {
		var r ReasonCount
		if err := rows.Scan(&r.Reason, &r.Count); err != nil {
			return nil, fmt.Errorf("store: unable to count stop reasons: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PendingFirstSteps counts the running enrollments of the sequences that have not had their
// first message yet: they will take quota when they are scheduled, so the planner does not
// plan that quota twice.
func (s *Store) PendingFirstSteps(ctx context.Context, workspaceID int64, sequenceIDs []int64) (int, error) {
	if len(sequenceIDs) == 0 {
		return 0, nil
	}
	in, args := s.int64In("sequence_id", 2, sequenceIDs)
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM outreach_enrollments WHERE workspace_id = $1 AND `+in+`
		AND status = 'active' AND step_index = 0`, append([]any{workspaceID}, args...)...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count pending first steps: %w", err)
	}
	return n, nil
}

// SuppressionOf returns the entry for kind and value that holds in the workspace (its own or
// its agency's), or ErrNotFound: the API answers an addition with the entry as stored.
func (s *Store) SuppressionOf(ctx context.Context, workspaceID int64, kind, value string) (*Suppression, error) {
	scopes, err := s.suppressionScopes(ctx, s.read, workspaceID)
	if err != nil {
		return nil, err
	}
	in, args := s.inClause("scope_key", 3, scopes)
	var x Suppression
	var at int64
	err = s.read.QueryRowContext(ctx, `SELECT id, workspace_id, scope_key, kind, value, reason, note, created_by, created_at
		FROM outreach_suppressions WHERE kind = $1 AND value = $2 AND `+in+` ORDER BY id LIMIT 1`,
		append([]any{kind, NormalizeAddress(kind, value)}, args...)...).Scan(&x.ID, &x.WorkspaceID, &x.Scope, &x.Kind, &x.Value,
		&x.Reason, &x.Note, &x.CreatedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch suppression %s %s: %w", kind, value, err)
	}
	if strings.HasPrefix(x.Scope, "a:") {
		x.Scope = ScopeAgency
	} else {
		x.Scope = ScopeWorkspace
	}
	x.CreatedAt = unixUTC(at)
	return &x, nil
}

// SequenceProduct is what the engine knows of the sequence's product (name, price, promotion
// link) for {{product.*}}, read as the scheduler reads it; nil when the sequence names none.
func (s *Store) SequenceProduct(ctx context.Context, q *Sequence) (*OutreachProduct, error) {
	if q.ProductID == "" {
		return nil, nil
	}
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the product of sequence %d: %w", q.ID, err)
	}
	defer tx.Rollback()
	b := &DueBatch{Sequences: map[int64]*Sequence{q.ID: q}}
	if err := s.sequenceProducts(ctx, tx, b); err != nil {
		return nil, err
	}
	return b.Products[q.ID], nil
}
