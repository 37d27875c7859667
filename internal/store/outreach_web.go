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

// The read queries of the outreach pages and API (issue 6): per-sequence counts, results per
// step and variant, quota counters and the quota planner's candidates. The engine's own
// queries live in the other outreach_*.go files.

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

// StepResult is what one step of a sequence achieved with one variant. Creators count once
// per step (a step is one message per creator).
type StepResult struct {
	Position  int
	Variant   string
	Sent      int // handed to the channel (delivered, failed or unknown outcome)
	Delivered int // accepted by the channel
	Replied   int // creators who replied after this message
	Onboarded int // reached onboarded (or a later stage) — at any time
	Sampled   int // requested a sample after this message, or reached sampled or later
	Activated int // first attributed sale on or after the message's day
	// GMV of live order lines of the creators within the window after this message, by
	// currency (minor units).
	GMV map[string]int64
}

// onboardedOrLater are the stages that count as onboarded in results.
var onboardedOrLater = map[model.Stage]bool{model.StageOnboarded: true, model.StageSampled: true, model.StageActivated: true,
	model.StageActive: true, model.StageAtRisk: true, model.StageChurned: true}

// SequenceResults counts, per step and variant of the workspace's sequence, the messages sent
// and what the creators did after them; GMV is attributed within window after each message.
// ErrNotFound when the sequence is not the workspace's.
func (s *Store) SequenceResults(ctx context.Context, workspaceID, sequenceID int64, window time.Duration) ([]*StepResult, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM outreach_sequences WHERE workspace_id = $1 AND id = $2`,
		workspaceID, sequenceID).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: unable to fetch sequence %d: %w", sequenceID, err)
	}
	if n == 0 {
		return nil, ErrNotFound
	}
	rows, err := s.read.QueryContext(ctx, `SELECT o.step_position, o.variant, o.status, o.sent_at, o.created_at, o.creator_id,
		c.stage, c.last_reply_at, c.sample_requested_at, c.first_sale_day
		FROM outreach_outbox o JOIN creators c ON c.id = o.creator_id
		WHERE o.sequence_id = $1 AND o.workspace_id = $2 AND o.status IN ('sent', 'failed', 'unknown')
		ORDER BY o.step_position, o.variant`, sequenceID, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the results of sequence %d: %w", sequenceID, err)
	}
	defer rows.Close()
	type sentMsg struct {
		r  *StepResult
		at int64
	}
	byKey := map[string]*StepResult{}
	var out []*StepResult
	sent := map[int64][]sentMsg{} // creator → delivered messages
	minAt, maxAt := int64(0), int64(0)
	for rows.Next() {
		var pos int
		var variant, status, stage string
		var sentAt, reply, sample sql.NullInt64
		var created, creator int64
		var firstSale int32
		if err := rows.Scan(&pos, &variant, &status, &sentAt, &created, &creator, &stage, &reply, &sample, &firstSale); err != nil {
			return nil, fmt.Errorf("store: unable to read the results of sequence %d: %w", sequenceID, err)
		}
		key := fmt.Sprint(pos, "|", variant)
		r := byKey[key]
		if r == nil {
			r = &StepResult{Position: pos, Variant: variant, GMV: map[string]int64{}}
			byKey[key] = r
			out = append(out, r)
		}
		r.Sent++
		st := model.Stage(stage)
		if onboardedOrLater[st] {
			r.Onboarded++
		}
		if status != OutboxSent || !sentAt.Valid {
			continue
		}
		at := sentAt.Int64
		r.Delivered++
		if reply.Valid && reply.Int64 >= at {
			r.Replied++
		}
		if (sample.Valid && sample.Int64 >= at) || (st != model.StageOnboarded && onboardedOrLater[st]) {
			r.Sampled++
		}
		if firstSale != 0 && firstSale >= dayOf(at) {
			r.Activated++
		}
		sent[creator] = append(sent[creator], sentMsg{r, at})
		if minAt == 0 || at < minAt {
			minAt = at
		}
		maxAt = max(maxAt, at)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read the results of sequence %d: %w", sequenceID, err)
	}
	rows.Close()
	if len(sent) == 0 {
		return out, nil
	}
	// One scan of the workspace's lines in the window's range (the index on workspace and
	// time), matched to the messaged creators here: order lines have no creator index.
	lines, err := s.read.QueryContext(ctx, `SELECT l.creator_id, l.created_at, l.payment, sh.currency
		FROM order_lines l JOIN shops sh ON sh.id = l.shop_id
		WHERE l.workspace_id = $1 AND l.created_at >= $2 AND l.created_at < $3
		AND l.fully_refunded = 0 AND l.status NOT IN ('cancelled', 'refunded')`,
		workspaceID, minAt, maxAt+int64(window/time.Second))
	if err != nil {
		return nil, fmt.Errorf("store: unable to attribute GMV to sequence %d: %w", sequenceID, err)
	}
	defer lines.Close()
	win := int64(window / time.Second)
	for lines.Next() {
		var creator, at, payment int64
		var currency string
		if err := lines.Scan(&creator, &at, &payment, &currency); err != nil {
			return nil, fmt.Errorf("store: unable to attribute GMV to sequence %d: %w", sequenceID, err)
		}
		for _, m := range sent[creator] {
			if at >= m.at && at < m.at+win {
				m.r.GMV[currency] += payment
			}
		}
	}
	return out, lines.Err()
}

// dayOf is the UTC day YYYYMMDD of a Unix time, as first_sale_day stores days.
func dayOf(unix int64) int32 {
	t := time.Unix(unix, 0).UTC()
	return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
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
