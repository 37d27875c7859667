package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/model"
)

// Sequence statuses: draft → active ⇄ paused → archived. Only active sequences send.
const (
	SequenceDraft    = "draft"
	SequenceActive   = "active"
	SequencePaused   = "paused"
	SequenceArchived = "archived"
)

// The channels a step can use (the values of outreach.ChannelName).
const (
	ChannelTikTokIM = "tiktok_im"
	ChannelEmail    = "email"
	ChannelDiscord  = "discord"
)

// OutreachHours are when messages may go out and how delays count, in minutes of the day
// (0..1439) of the creator's time zone. Days is a bit set: bit 0 Sunday … bit 6 Saturday.
type OutreachHours struct {
	BusinessStart, BusinessEnd int
	BusinessDays               int
	QuietStart, QuietEnd       int // quiet from start to end, wrapping midnight when start > end
}

// DefaultOutreachHours are Monday to Friday 09:00–18:00, quiet 21:00–08:00.
var DefaultOutreachHours = OutreachHours{BusinessStart: 9 * 60, BusinessEnd: 18 * 60, BusinessDays: 62, QuietStart: 21 * 60, QuietEnd: 8 * 60}

func (h OutreachHours) validate() error {
	ok := func(m int) bool { return m >= 0 && m < 24*60 }
	if !ok(h.BusinessStart) || !ok(h.BusinessEnd) || h.BusinessStart >= h.BusinessEnd {
		return &FieldError{Field: "business_hours", Reason: "business hours must start before they end, within one day"}
	}
	if h.BusinessDays <= 0 || h.BusinessDays > 127 {
		return &FieldError{Field: "business_days", Reason: "pick at least one business day"}
	}
	if !ok(h.QuietStart) || !ok(h.QuietEnd) {
		return &FieldError{Field: "quiet_hours", Reason: "quiet hours must be times of the day"}
	}
	return nil
}

// SequenceRule enrolls creators automatically (the outreach.rules job): those of a saved view
// (ViewID), or else those in Stage ("" for any) with a fit score of at least MinScore.
type SequenceRule struct {
	Enabled  bool
	ViewID   *int64
	Stage    string
	MinScore int
}

// Sequence is an ordered list of steps sent to each enrolled creator.
type Sequence struct {
	ID, WorkspaceID int64
	Name            string
	Status          string
	// The senders: the TikTok Shop connection for tiktok_im steps, the mailbox for email steps
	// (discord steps use the workspace's bot).
	TikTokConnectionID *int64
	MailboxID          *int64
	StopOnReply        bool
	StopStages         []model.Stage // reaching one of these, or any later stage, stops
	StopOnSample       bool
	Hours              OutreachHours
	Rule               SequenceRule
	ProductID          string // platform product id, for {{product.*}} and product cards
	Campaign           string
	CommissionBps      int
	Steps              []SequenceStep
	CreatedBy          string
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// SequenceStep is one message of a sequence: sent DelayMinutes business minutes after the
// previous step (the first: after enrollment) on Channel with TemplateID.
type SequenceStep struct {
	ID           int64
	Position     int // 0-based
	Channel      string
	TemplateID   int64
	DelayMinutes int
	CardKind     string // optional TikTok card: product, target_collaboration, free_sample
	CardID       string
}

// SenderKey is the sender a step of the sequence sends from (quotas count on it):
// tiktok:<connection id>, email:<mailbox id> or discord:<workspace id); "" when the sequence
// has no sender for that channel.
func (q *Sequence) SenderKey(channel string) string {
	switch channel {
	case ChannelTikTokIM:
		if q.TikTokConnectionID != nil {
			return fmt.Sprintf("tiktok:%d", *q.TikTokConnectionID)
		}
	case ChannelEmail:
		if q.MailboxID != nil {
			return fmt.Sprintf("email:%d", *q.MailboxID)
		}
	case ChannelDiscord:
		return fmt.Sprintf("discord:%d", q.WorkspaceID)
	}
	return ""
}

// StopsAt reports whether reaching stage st ends the sequence for a creator: a stop stage or a
// later one in pipeline order (do-not-contact and banned always stop).
func (q *Sequence) StopsAt(st model.Stage) bool {
	if st.Blocked() {
		return true
	}
	for _, s := range q.StopStages {
		if st == s || (st.Rank() > s.Rank() && s.Rank() >= 0 && !s.Blocked()) {
			return true
		}
	}
	return false
}

func validChannel(c string) bool {
	return c == ChannelTikTokIM || c == ChannelEmail || c == ChannelDiscord
}

func (q *Sequence) validate() error {
	q.Name = strings.TrimSpace(q.Name)
	if q.Name == "" || utf8.RuneCountInString(q.Name) > 120 {
		return &FieldError{Field: "name", Reason: "a sequence needs a name of 1 to 120 characters"}
	}
	for _, st := range q.StopStages {
		if _, ok := model.ParseStage(string(st)); !ok {
			return &FieldError{Field: "stop_stages", Value: string(st), Reason: "is not a stage"}
		}
	}
	if q.Rule.Stage != "" {
		if _, ok := model.ParseStage(q.Rule.Stage); !ok {
			return &FieldError{Field: "rule_stage", Value: q.Rule.Stage, Reason: "is not a stage"}
		}
	}
	if q.Rule.MinScore < 0 || q.Rule.MinScore > 100 {
		return &FieldError{Field: "rule_min_score", Reason: "a fit score is from 0 to 100"}
	}
	if q.CommissionBps < 0 || q.CommissionBps > 10000 {
		return &FieldError{Field: "commission_bps", Reason: "a commission is from 0 to 10000 basis points"}
	}
	return q.Hours.validate()
}

func validateSteps(steps []SequenceStep) error {
	if len(steps) > 20 {
		return &FieldError{Field: "steps", Reason: "a sequence has at most 20 steps"}
	}
	for i := range steps {
		st := &steps[i]
		st.Position = i
		if !validChannel(st.Channel) {
			return &FieldError{Field: "steps", Value: st.Channel, Reason: fmt.Sprintf("step %d: is not a channel (tiktok_im, email, discord)", i+1)}
		}
		if st.DelayMinutes < 0 || st.DelayMinutes > 60*24*365 {
			return &FieldError{Field: "steps", Reason: fmt.Sprintf("step %d: the delay must be 0 to 525600 minutes", i+1)}
		}
		if st.CardKind != "" && st.CardKind != "product" && st.CardKind != "target_collaboration" && st.CardKind != "free_sample" {
			return &FieldError{Field: "steps", Value: st.CardKind, Reason: fmt.Sprintf("step %d: is not a card (product, target_collaboration, free_sample)", i+1)}
		}
	}
	return nil
}

// checkSenders refuses senders and templates of another workspace.
func (s *Store) checkSenders(ctx context.Context, tx *sql.Tx, q *Sequence) error {
	var n int
	if q.TikTokConnectionID != nil {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM connections WHERE workspace_id = $1 AND id = $2 AND platform = 'tiktok_shop'`,
			q.WorkspaceID, *q.TikTokConnectionID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &FieldError{Field: "tiktok_connection_id", Value: fmt.Sprint(*q.TikTokConnectionID), Reason: "is not a TikTok Shop connection of this workspace"}
		}
	}
	if q.MailboxID != nil {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outreach_mailboxes WHERE workspace_id = $1 AND id = $2`,
			q.WorkspaceID, *q.MailboxID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &FieldError{Field: "mailbox_id", Value: fmt.Sprint(*q.MailboxID), Reason: "is not a mailbox of this workspace"}
		}
	}
	if q.Rule.ViewID != nil {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM saved_views WHERE workspace_id = $1 AND id = $2 AND page = 'directory'`,
			q.WorkspaceID, *q.Rule.ViewID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &FieldError{Field: "rule_view_id", Value: fmt.Sprint(*q.Rule.ViewID), Reason: "is not a saved directory view of this workspace"}
		}
	}
	for _, st := range q.Steps {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outreach_templates WHERE workspace_id = $1 AND id = $2`,
			q.WorkspaceID, st.TemplateID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &FieldError{Field: "steps", Value: fmt.Sprint(st.TemplateID), Reason: fmt.Sprintf("step %d: is not a template of this workspace", st.Position+1)}
		}
	}
	return nil
}

// auditView is what the audit log keeps of a sequence.
func (q *Sequence) auditView() map[string]any {
	steps := make([]map[string]any, len(q.Steps))
	for i, st := range q.Steps {
		steps[i] = map[string]any{"channel": st.Channel, "template_id": st.TemplateID, "delay_minutes": st.DelayMinutes, "card": st.CardKind + ":" + st.CardID}
	}
	return map[string]any{"name": q.Name, "status": q.Status, "tiktok_connection_id": q.TikTokConnectionID, "mailbox_id": q.MailboxID,
		"stop_on_reply": q.StopOnReply, "stop_stages": q.StopStages, "stop_on_sample": q.StopOnSample, "hours": q.Hours,
		"rule": q.Rule, "product_id": q.ProductID, "campaign": q.Campaign, "commission_bps": q.CommissionBps, "steps": steps}
}

func stageList(st []model.Stage) string {
	ss := make([]string, len(st))
	for i, s := range st {
		ss[i] = string(s)
	}
	return EncodeList(ss)
}

// CreateSequence saves a new draft sequence of q.WorkspaceID with its steps; it sets q.ID.
func (s *Store) CreateSequence(ctx context.Context, a Actor, q *Sequence) error {
	if q.Hours == (OutreachHours{}) {
		q.Hours = DefaultOutreachHours
	}
	if err := q.validate(); err != nil {
		return err
	}
	if err := validateSteps(q.Steps); err != nil {
		return err
	}
	at := now()
	q.Status, q.CreatedBy = SequenceDraft, a.Label
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.checkSenders(ctx, tx, q); err != nil {
			return err
		}
		h := q.Hours
		if err := tx.QueryRowContext(ctx, `INSERT INTO outreach_sequences (workspace_id, name, status, tiktok_connection_id, mailbox_id,
			stop_on_reply, stop_stages, stop_on_sample, business_start, business_end, business_days, quiet_start, quiet_end,
			rule_enabled, rule_view_id, rule_stage, rule_min_score, product_id, campaign, commission_bps, created_by, created_at, updated_at)
			VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) RETURNING id`,
			q.WorkspaceID, q.Name, nullInt(q.TikTokConnectionID), nullInt(q.MailboxID), boolInt(q.StopOnReply), stageList(q.StopStages),
			boolInt(q.StopOnSample), h.BusinessStart, h.BusinessEnd, h.BusinessDays, h.QuietStart, h.QuietEnd,
			boolInt(q.Rule.Enabled), nullInt(q.Rule.ViewID), q.Rule.Stage, q.Rule.MinScore, q.ProductID, q.Campaign, q.CommissionBps,
			a.Label, at).Scan(&q.ID); err != nil {
			return err
		}
		if err := insertSteps(ctx, tx, q.ID, q.Steps); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: q.WorkspaceID, Action: "outreach.sequence.create", ObjectType: "outreach_sequence",
			ObjectID: fmt.Sprint(q.ID), Summary: fmt.Sprintf("sequence %q created", q.Name), After: q.auditView()})
	})
	if fe, ok := AsFieldError(err); ok {
		return fe
	}
	if err != nil {
		return fmt.Errorf("store: unable to create sequence %q: %w", q.Name, err)
	}
	q.CreatedAt, q.UpdatedAt = unixUTC(at), unixUTC(at)
	return nil
}

func insertSteps(ctx context.Context, tx *sql.Tx, sequenceID int64, steps []SequenceStep) error {
	for i := range steps {
		st := &steps[i]
		if err := tx.QueryRowContext(ctx, `INSERT INTO outreach_steps (sequence_id, position, channel, template_id, delay_minutes, card_kind, card_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, sequenceID, st.Position, st.Channel, st.TemplateID, st.DelayMinutes,
			st.CardKind, st.CardID).Scan(&st.ID); err != nil {
			return err
		}
	}
	return nil
}

// UpdateSequence saves q's settings (everything but its status and steps: see
// SetSequenceStatus and ReplaceSteps); ErrNotFound for another workspace's sequence.
func (s *Store) UpdateSequence(ctx context.Context, a Actor, q *Sequence) error {
	if err := q.validate(); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.sequenceIn(ctx, tx, q.WorkspaceID, q.ID)
		if err != nil {
			return err
		}
		q.Status, q.Steps, q.CreatedBy, q.CreatedAt = before.Status, before.Steps, before.CreatedBy, before.CreatedAt
		if err := s.checkSenders(ctx, tx, q); err != nil {
			return err
		}
		h := q.Hours
		if _, err := tx.ExecContext(ctx, `UPDATE outreach_sequences SET name = $2, tiktok_connection_id = $3, mailbox_id = $4,
			stop_on_reply = $5, stop_stages = $6, stop_on_sample = $7, business_start = $8, business_end = $9, business_days = $10,
			quiet_start = $11, quiet_end = $12, rule_enabled = $13, rule_view_id = $14, rule_stage = $15, rule_min_score = $16,
			product_id = $17, campaign = $18, commission_bps = $19, updated_at = $20 WHERE id = $1`,
			q.ID, q.Name, nullInt(q.TikTokConnectionID), nullInt(q.MailboxID), boolInt(q.StopOnReply), stageList(q.StopStages),
			boolInt(q.StopOnSample), h.BusinessStart, h.BusinessEnd, h.BusinessDays, h.QuietStart, h.QuietEnd,
			boolInt(q.Rule.Enabled), nullInt(q.Rule.ViewID), q.Rule.Stage, q.Rule.MinScore, q.ProductID, q.Campaign, q.CommissionBps, now()); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: q.WorkspaceID, Action: "outreach.sequence.update", ObjectType: "outreach_sequence",
			ObjectID: fmt.Sprint(q.ID), Summary: fmt.Sprintf("sequence %q edited", q.Name), Before: before.auditView(), After: q.auditView()})
	})
	return sequenceErr(err, "update", q.ID)
}

func sequenceErr(err error, what string, id int64) error {
	if err == nil || errors.Is(err, ErrNotFound) {
		return err
	}
	if fe, ok := AsFieldError(err); ok {
		return fe
	}
	return fmt.Errorf("store: unable to %s sequence %d: %w", what, id, err)
}

// ReplaceSteps replaces the steps of the workspace's sequence id. Enrollments keep their
// step index: a creator at step 2 gets the new step 2 next.
func (s *Store) ReplaceSteps(ctx context.Context, a Actor, workspaceID, id int64, steps []SequenceStep) error {
	if err := validateSteps(steps); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		q, err := s.sequenceIn(ctx, tx, workspaceID, id)
		if err != nil {
			return err
		}
		if q.Status == SequenceArchived {
			return &FieldError{Field: "steps", Reason: "an archived sequence cannot be edited"}
		}
		before := q.auditView()
		q.Steps = steps
		if err := s.checkSenders(ctx, tx, q); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outreach_steps WHERE sequence_id = $1`, id); err != nil {
			return err
		}
		if err := insertSteps(ctx, tx, id, steps); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outreach_sequences SET updated_at = $2 WHERE id = $1`, id, now()); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "outreach.sequence.steps", ObjectType: "outreach_sequence",
			ObjectID: fmt.Sprint(id), Summary: fmt.Sprintf("sequence %q: %d steps", q.Name, len(steps)), Before: before["steps"], After: q.auditView()["steps"]})
	})
	return sequenceErr(err, "replace the steps of", id)
}

// SetSequenceStatus moves the workspace's sequence id to status: draft or paused → active
// (which needs at least one step and a sender for each step's channel), active → paused,
// anything → archived. Pausing holds the sequence's queued messages (status "held") and
// activating releases them; archiving cancels them and stops the enrollments.
func (s *Store) SetSequenceStatus(ctx context.Context, a Actor, workspaceID, id int64, status string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		q, err := s.sequenceIn(ctx, tx, workspaceID, id)
		if err != nil {
			return err
		}
		if q.Status == status {
			return nil
		}
		switch status {
		case SequenceActive:
			if q.Status == SequenceArchived {
				return &FieldError{Field: "status", Reason: "an archived sequence cannot be activated again"}
			}
			if len(q.Steps) == 0 {
				return &FieldError{Field: "steps", Reason: "add at least one step before activating"}
			}
			for _, st := range q.Steps {
				if q.SenderKey(st.Channel) == "" {
					field := map[string]string{ChannelTikTokIM: "tiktok_connection_id", ChannelEmail: "mailbox_id"}[st.Channel]
					return &FieldError{Field: field, Reason: fmt.Sprintf("step %d sends on %s: pick a sender for it", st.Position+1, st.Channel)}
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outreach_outbox SET status = 'queued' WHERE sequence_id = $1 AND status = 'held'
				AND enrollment_id IN (SELECT id FROM outreach_enrollments WHERE sequence_id = $1 AND status IN ('active', 'completed'))`, id); err != nil {
				return err
			}
		case SequencePaused:
			if q.Status != SequenceActive {
				return &FieldError{Field: "status", Reason: "only an active sequence can be paused"}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outreach_outbox SET status = 'held' WHERE sequence_id = $1 AND status = 'queued'`, id); err != nil {
				return err
			}
		case SequenceArchived:
			if err := s.stopSequenceEnrollments(ctx, tx, id, "sequence archived"); err != nil {
				return err
			}
		default:
			return &FieldError{Field: "status", Value: status, Reason: "is not active, paused or archived"}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outreach_sequences SET status = $2, updated_at = $3 WHERE id = $1`, id, status, now()); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "outreach.sequence.status", ObjectType: "outreach_sequence",
			ObjectID: fmt.Sprint(id), Summary: fmt.Sprintf("sequence %q %s", q.Name, status),
			Before: map[string]any{"status": q.Status}, After: map[string]any{"status": status}})
	})
	return sequenceErr(err, "change the status of", id)
}

// Sequence returns the workspace's sequence id with its steps, or ErrNotFound.
func (s *Store) Sequence(ctx context.Context, workspaceID, id int64) (*Sequence, error) {
	qs, err := s.sequencesWhere(ctx, s.read, `q.workspace_id = $1 AND q.id = $2`, workspaceID, id)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch sequence %d: %w", id, err)
	}
	if len(qs) == 0 {
		return nil, ErrNotFound
	}
	return qs[0], nil
}

// Sequences lists the workspace's sequences, newest first, archived ones only when asked.
func (s *Store) Sequences(ctx context.Context, workspaceID int64, withArchived bool) ([]*Sequence, error) {
	qs, err := s.sequencesWhere(ctx, s.read, `q.workspace_id = $1 AND (q.status <> 'archived' OR $2 = 1)`, workspaceID, boolInt(withArchived))
	if err != nil {
		return nil, fmt.Errorf("store: unable to list sequences: %w", err)
	}
	return qs, nil
}

// ActiveSequences lists the active sequences of every workspace, for the scheduler and the
// rule job.
func (s *Store) ActiveSequences(ctx context.Context) ([]*Sequence, error) {
	qs, err := s.sequencesWhere(ctx, s.read, `q.status = 'active'`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list active sequences: %w", err)
	}
	return qs, nil
}

func (s *Store) sequenceIn(ctx context.Context, tx *sql.Tx, workspaceID, id int64) (*Sequence, error) {
	qs, err := s.sequencesWhere(ctx, tx, `q.workspace_id = $1 AND q.id = $2`, workspaceID, id)
	if err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, ErrNotFound
	}
	return qs[0], nil
}

const sequenceColumns = `q.id, q.workspace_id, q.name, q.status, q.tiktok_connection_id, q.mailbox_id, q.stop_on_reply, q.stop_stages,
	q.stop_on_sample, q.business_start, q.business_end, q.business_days, q.quiet_start, q.quiet_end, q.rule_enabled, q.rule_view_id,
	q.rule_stage, q.rule_min_score, q.product_id, q.campaign, q.commission_bps, q.created_by, q.created_at, q.updated_at,
	COALESCE(st.id, 0), COALESCE(st.position, 0), COALESCE(st.channel, ''), COALESCE(st.template_id, 0), COALESCE(st.delay_minutes, 0),
	COALESCE(st.card_kind, ''), COALESCE(st.card_id, '')`

// sequencesWhere reads sequences and their steps in one query.
func (s *Store) sequencesWhere(ctx context.Context, db querier, where string, args ...any) ([]*Sequence, error) {
	rows, err := db.QueryContext(ctx, `SELECT `+sequenceColumns+` FROM outreach_sequences q
		LEFT JOIN outreach_steps st ON st.sequence_id = q.id WHERE `+where+` ORDER BY q.id DESC, st.position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Sequence
	for rows.Next() {
		var q Sequence
		var st SequenceStep
		var conn, mailbox, view sql.NullInt64
		var reply, sample, ruleOn, created, updated int64
		var stops string
		h := &q.Hours
		if err := rows.Scan(&q.ID, &q.WorkspaceID, &q.Name, &q.Status, &conn, &mailbox, &reply, &stops, &sample,
			&h.BusinessStart, &h.BusinessEnd, &h.BusinessDays, &h.QuietStart, &h.QuietEnd, &ruleOn, &view,
			&q.Rule.Stage, &q.Rule.MinScore, &q.ProductID, &q.Campaign, &q.CommissionBps, &q.CreatedBy, &created, &updated,
			&st.ID, &st.Position, &st.Channel, &st.TemplateID, &st.DelayMinutes, &st.CardKind, &st.CardID); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != q.ID {
			q.TikTokConnectionID, q.MailboxID, q.Rule.ViewID = nullPtr(conn), nullPtr(mailbox), nullPtr(view)
			q.StopOnReply, q.StopOnSample, q.Rule.Enabled = reply != 0, sample != 0, ruleOn != 0
			for _, x := range DecodeList(stops) {
				q.StopStages = append(q.StopStages, model.Stage(x))
			}
			q.CreatedAt, q.UpdatedAt = unixUTC(created), unixUTC(updated)
			out = append(out, &q)
		}
		if st.ID != 0 {
			last := out[len(out)-1]
			last.Steps = append(last.Steps, st)
		}
	}
	return out, rows.Err()
}

func nullPtr(v sql.NullInt64) *int64 {
	if !v.Valid {
		return nil
	}
	x := v.Int64
	return &x
}
