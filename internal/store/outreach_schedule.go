package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// DueBatch is a batch of due enrollments the scheduler claimed, with everything needed to
// decide about them: the planner (outreach.Engine) reads it and returns one decision each.
type DueBatch struct {
	Now       time.Time
	Items     []*DueItem
	Sequences map[int64]*Sequence // with their steps
	Templates map[int64]*OutreachTemplate
	Settings  map[int64]*OutreachSettings // by workspace
	Zones     map[int64]string            // workspace id → IANA time zone
	Names     map[int64]string            // workspace id → name (the sender's company)
	Mailboxes map[int64]*Mailbox
	Products  map[int64]*OutreachProduct // by sequence id, for sequences that name a product
}

// DueItem is one due enrollment, its creator and whether the current step's address (or the
// creator) is suppressed.
type DueItem struct {
	Enrollment *Enrollment
	Creator    *OutreachCreator
	Suppressed string // the reason, or ""
}

// ScheduleDecision is what to do with one due enrollment: exactly one of Stop, Defer (with
// WaitReason) or Message.
type ScheduleDecision struct {
	EnrollmentID int64
	Stop         string
	Defer        time.Time
	WaitReason   string
	Message      *PlannedMessage
}

// PlannedMessage is a step rendered and ready to queue. The store checks and reserves the
// quotas it names in the same transaction, and only then queues it.
type PlannedMessage struct {
	StepPosition                 int
	Channel, SenderKey           string
	ToTikTok, ToEmail, ToDiscord string
	ToName                       string
	Subject, Body                string
	CardKind, CardID             string
	Variant                      string
	// At most MaxSinceReply messages from the sender since the creator's last reply: the next
	// one stops the enrollment with "5 messages without a reply".
	MaxSinceReply int
	// A first contact (the sender's first message ever to the creator) takes one of WeekCap
	// from the WeekPeriod counter (when WeekCap > 0); when none is left the enrollment waits
	// until WeekRetryAt.
	WeekPeriod  string
	WeekCap     int
	WeekRetryAt time.Time
	// Every message takes one of DayCap (when > 0) from the DayPeriod counter, or waits until
	// DayRetryAt.
	DayPeriod  string
	DayCap     int
	DayRetryAt time.Time
	// NextAt is when the following step is due; zero when this is the last step.
	NextAt time.Time
}

// ScheduleStats counts what a scheduler pass did.
type ScheduleStats struct {
	Claimed, Queued, Stopped, Deferred, Completed int
}

// Stop reasons the store gives itself.
const (
	StopFiveWithoutReply = "5 messages without a reply"
	WaitWeeklyQuota      = "weekly first-contact quota reached"
	WaitDailyCap         = "daily cap reached"
)

// ScheduleDue claims up to limit due enrollments of active sequences (PostgreSQL: locked with
// SKIP LOCKED, so servers share the work), hands them to plan, and applies its decisions in
// the same transaction: messages are queued in the outbox (idempotency key
// o:<enrollment>:<step>) with their quota reservations and conversation counts, enrollments
// advance, stop or wait. Nothing is queued when a reservation fails: the enrollment waits.
func (s *Store) ScheduleDue(ctx context.Context, now time.Time, limit int, plan func(*DueBatch) ([]ScheduleDecision, error)) (ScheduleStats, error) {
	var st ScheduleStats
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		b, err := s.claimDue(ctx, tx, now, limit)
		if err != nil || len(b.Items) == 0 {
			return err
		}
		st.Claimed = len(b.Items)
		decisions, err := plan(b)
		if err != nil {
			return err
		}
		return s.applyDecisions(ctx, tx, b, decisions, &st)
	})
	if err != nil {
		return st, fmt.Errorf("store: unable to schedule due outreach steps: %w", err)
	}
	return st, nil
}

// claimDue locks and loads the due enrollments, each active sequence's oldest first.
func (s *Store) claimDue(ctx context.Context, tx *sql.Tx, now time.Time, limit int) (*DueBatch, error) {
	b := &DueBatch{Now: now, Sequences: map[int64]*Sequence{}, Templates: map[int64]*OutreachTemplate{}, Settings: map[int64]*OutreachSettings{},
		Zones: map[int64]string{}, Names: map[int64]string{}, Mailboxes: map[int64]*Mailbox{}}
	seqs, err := s.sequencesWhere(ctx, tx, `q.status = 'active'`)
	if err != nil {
		return nil, err
	}
	for _, q := range seqs {
		if len(b.Items) >= limit {
			break
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+enrollmentColumns+` FROM outreach_enrollments e
			WHERE e.sequence_id = $1 AND e.status = 'active' AND e.next_at <= $2 ORDER BY e.next_at, e.id LIMIT $3`+s.forUpdate(true, ""),
			q.ID, now.Unix(), limit-len(b.Items))
		if err != nil {
			return nil, err
		}
		n := len(b.Items)
		for rows.Next() {
			e, err := scanEnrollment(rows, false)
			if err != nil {
				rows.Close()
				return nil, err
			}
			b.Items = append(b.Items, &DueItem{Enrollment: e})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(b.Items) > n {
			b.Sequences[q.ID] = q
		}
	}
	if len(b.Items) == 0 {
		return b, nil
	}
	ids := make([]int64, len(b.Items))
	for i, it := range b.Items {
		ids[i] = it.Enrollment.CreatorID
	}
	creators, err := s.outreachCreators(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	keysByWS := map[int64][]SuppressionKey{}
	for _, it := range b.Items {
		it.Creator = creators[it.Enrollment.CreatorID]
		q := b.Sequences[it.Enrollment.SequenceID]
		if it.Creator != nil && it.Enrollment.StepIndex < len(q.Steps) {
			keysByWS[q.WorkspaceID] = append(keysByWS[q.WorkspaceID], it.Creator.SuppressionKeys(q.Steps[it.Enrollment.StepIndex].Channel)...)
		}
	}
	for _, q := range b.Sequences {
		for _, step := range q.Steps {
			if b.Templates[step.TemplateID] == nil {
				ts, err := s.templatesWhere(ctx, tx, `t.id = $1`, step.TemplateID)
				if err != nil {
					return nil, err
				}
				if len(ts) > 0 {
					b.Templates[step.TemplateID] = ts[0]
				}
			}
		}
		if q.MailboxID != nil && b.Mailboxes[*q.MailboxID] == nil {
			m, err := scanMailbox(tx.QueryRowContext(ctx, `SELECT `+mailboxColumns+` FROM outreach_mailboxes WHERE id = $1`, *q.MailboxID))
			if err != nil {
				return nil, err
			}
			b.Mailboxes[m.ID] = m
		}
		if b.Settings[q.WorkspaceID] == nil {
			o, err := s.outreachSettingsIn(ctx, tx, q.WorkspaceID)
			if err != nil {
				return nil, err
			}
			b.Settings[q.WorkspaceID] = o
			var zone, name string
			if err := tx.QueryRowContext(ctx, `SELECT timezone, name FROM workspaces WHERE id = $1`, q.WorkspaceID).Scan(&zone, &name); err != nil {
				return nil, err
			}
			b.Zones[q.WorkspaceID], b.Names[q.WorkspaceID] = zone, name
		}
	}
	if err := s.sequenceProducts(ctx, tx, b); err != nil {
		return nil, err
	}
	for wsID, keys := range keysByWS {
		scopes, err := s.suppressionScopes(ctx, tx, wsID)
		if err != nil {
			return nil, err
		}
		got, err := s.suppressedIn(ctx, tx, scopes, keys)
		if err != nil {
			return nil, err
		}
		if len(got) == 0 {
			continue
		}
		for _, it := range b.Items {
			q := b.Sequences[it.Enrollment.SequenceID]
			if q.WorkspaceID == wsID && it.Creator != nil && it.Enrollment.StepIndex < len(q.Steps) {
				it.Suppressed = suppressedReason(got, it.Creator.SuppressionKeys(q.Steps[it.Enrollment.StepIndex].Channel))
			}
		}
	}
	return b, nil
}

// ConnectionGMV30d is the 30-day GMV (live lines' payments, in the shop's currency) of the shop
// a connection feeds, and that currency, for its TikTok quota tier; 0 when it feeds none. It
// reads the shop's lines: callers cache it (the engine keeps it an hour).
func (s *Store) ConnectionGMV30d(ctx context.Context, connectionID int64, now time.Time) (gmv int64, currency string, err error) {
	err = s.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(sh.currency), '') FROM connections c JOIN shops sh ON sh.id = c.shop_id WHERE c.id = $1`,
		connectionID).Scan(&currency)
	if err != nil {
		return 0, "", fmt.Errorf("store: unable to read the shop of connection %d: %w", connectionID, err)
	}
	err = s.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(l.payment), 0) FROM connections c JOIN order_lines l ON l.shop_id = c.shop_id
		WHERE c.id = $1 AND l.created_at >= $2 AND l.fully_refunded = 0 AND l.status NOT IN ('cancelled', 'refunded')`,
		connectionID, now.Add(-30*24*time.Hour).Unix()).Scan(&gmv)
	if err != nil {
		return 0, "", fmt.Errorf("store: unable to read the 30-day GMV of connection %d: %w", connectionID, err)
	}
	return gmv, currency, nil
}

type convKey struct {
	sender  string
	creator int64
}

type convState struct {
	workspaceID int64
	firstAt     sql.NullInt64
	count       int
	replySeen   int64
	dirty       bool
}

type counter struct {
	used, cap int
	dirty     bool
}

// applyDecisions writes a batch's decisions: see ScheduleDue.
func (s *Store) applyDecisions(ctx context.Context, tx *sql.Tx, b *DueBatch, decisions []ScheduleDecision, st *ScheduleStats) error {
	items := make(map[int64]*DueItem, len(b.Items))
	for _, it := range b.Items {
		items[it.Enrollment.ID] = it
	}
	var msgs []*ScheduleDecision
	convKeys := map[convKey]int64{}
	counterKeys := map[[2]string]bool{}
	for i := range decisions {
		d := &decisions[i]
		if items[d.EnrollmentID] == nil {
			return fmt.Errorf("decision for enrollment %d, which is not in the batch", d.EnrollmentID)
		}
		if m := d.Message; m != nil && d.Stop == "" && d.Defer.IsZero() {
			msgs = append(msgs, d)
			convKeys[convKey{m.SenderKey, items[d.EnrollmentID].Enrollment.CreatorID}] = items[d.EnrollmentID].Enrollment.WorkspaceID
			if m.WeekCap > 0 {
				counterKeys[[2]string{m.SenderKey, m.WeekPeriod}] = true
			}
			if m.DayCap > 0 {
				counterKeys[[2]string{m.SenderKey, m.DayPeriod}] = true
			}
		}
	}
	convs, err := s.lockConversations(ctx, tx, convKeys)
	if err != nil {
		return err
	}
	counters, err := s.lockCounters(ctx, tx, counterKeys)
	if err != nil {
		return err
	}
	t := b.Now.Unix()
	var stops, defers, advances, outbox [][]any
	for i := range decisions {
		d := &decisions[i]
		it := items[d.EnrollmentID]
		switch {
		case d.Stop != "":
			stops = append(stops, []any{d.EnrollmentID, d.Stop})
			continue
		case !d.Defer.IsZero() || d.Message == nil:
			defers = append(defers, []any{d.EnrollmentID, d.Defer.Unix(), d.WaitReason})
			continue
		}
		m := d.Message
		c := convs[convKey{m.SenderKey, it.Enrollment.CreatorID}]
		if it.Creator.LastReplyAt != nil && it.Creator.LastReplyAt.Unix() > c.replySeen {
			c.count, c.replySeen, c.dirty = 0, it.Creator.LastReplyAt.Unix(), true
		}
		if m.MaxSinceReply > 0 && c.count >= m.MaxSinceReply {
			stops = append(stops, []any{d.EnrollmentID, StopFiveWithoutReply})
			continue
		}
		first := !c.firstAt.Valid
		var periods []string
		var week, day *counter
		if first && m.WeekCap > 0 {
			week = counters[[2]string{m.SenderKey, m.WeekPeriod}]
			week.cap = m.WeekCap
			if week.used >= week.cap {
				defers = append(defers, []any{d.EnrollmentID, m.WeekRetryAt.Unix(), WaitWeeklyQuota})
				continue
			}
		}
		if m.DayCap > 0 {
			day = counters[[2]string{m.SenderKey, m.DayPeriod}]
			day.cap = m.DayCap
			if day.used >= day.cap {
				defers = append(defers, []any{d.EnrollmentID, m.DayRetryAt.Unix(), WaitDailyCap})
				continue
			}
		}
		if week != nil {
			week.used, week.dirty = week.used+1, true
			periods = append(periods, m.WeekPeriod)
		}
		if day != nil {
			day.used, day.dirty = day.used+1, true
			periods = append(periods, m.DayPeriod)
		}
		if first {
			c.firstAt = sql.NullInt64{Int64: t, Valid: true}
		}
		c.count++
		c.dirty = true
		e := it.Enrollment
		key := "o:" + strconv.FormatInt(e.ID, 10) + ":" + strconv.Itoa(m.StepPosition)
		outbox = append(outbox, []any{e.WorkspaceID, e.ID, e.SequenceID, m.StepPosition, e.CreatorID, key, t, m.SenderKey, m.Channel,
			m.ToTikTok, m.ToEmail, m.ToDiscord, m.ToName, m.Subject, m.Body, m.CardKind, m.CardID, m.Variant, boolInt(first),
			EncodeList(periods), t})
		status, next := EnrollmentActive, m.NextAt.Unix()
		if m.NextAt.IsZero() {
			status, next = EnrollmentCompleted, t
			st.Completed++
		}
		advances = append(advances, []any{e.ID, int64(m.StepPosition + 1), next, status, m.Variant})
	}
	if err := s.writeConversations(ctx, tx, convs); err != nil {
		return err
	}
	if err := s.writeCounters(ctx, tx, counters); err != nil {
		return err
	}
	if err := s.insertOutbox(ctx, tx, outbox); err != nil {
		return err
	}
	st.Queued, st.Deferred = len(outbox), len(defers)
	if _, err := s.bulkUpdate(ctx, tx, "outreach_enrollments", "id", []string{"id", "step_index", "next_at", "status", "variant"},
		[]string{"BIGINT", "BIGINT", "BIGINT", "TEXT", "TEXT"}, advances,
		`step_index = v.step_index, next_at = v.next_at, status = v.status, variant = v.variant, wait_reason = '', updated_at = $X1`, "", t); err != nil {
		return err
	}
	if _, err := s.bulkUpdate(ctx, tx, "outreach_enrollments", "id", []string{"id", "next_at", "wait_reason"},
		[]string{"BIGINT", "BIGINT", "TEXT"}, defers, `next_at = v.next_at, wait_reason = v.wait_reason, updated_at = $X1`, "", t); err != nil {
		return err
	}
	stopped, err := s.bulkUpdate(ctx, tx, "outreach_enrollments", "id", []string{"id", "stop_reason"}, []string{"BIGINT", "TEXT"}, stops,
		`status = 'stopped', stop_reason = v.stop_reason, wait_reason = '', updated_at = $X1`, "", t)
	st.Stopped = len(stopped)
	return err
}

// lockConversations creates the missing conversation rows and reads (PostgreSQL: locks) them
// all, in key order.
func (s *Store) lockConversations(ctx context.Context, tx *sql.Tx, keys map[convKey]int64) (map[convKey]*convState, error) {
	out := make(map[convKey]*convState, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	bySender := map[string][]int64{}
	var rows [][]any
	for k, ws := range keys {
		bySender[k.sender] = append(bySender[k.sender], k.creator)
		rows = append(rows, []any{k.sender, k.creator, ws})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i][0] != rows[j][0] {
			return rows[i][0].(string) < rows[j][0].(string)
		}
		return rows[i][1].(int64) < rows[j][1].(int64)
	})
	if _, err := s.bulkInsert(ctx, tx, "outreach_conversations", []string{"sender_key", "creator_id", "workspace_id"},
		[]string{"TEXT", "BIGINT", "BIGINT"}, rows, `ON CONFLICT (sender_key, creator_id) DO NOTHING`, ""); err != nil {
		return nil, err
	}
	senders := make([]string, 0, len(bySender))
	for k := range bySender {
		senders = append(senders, k)
	}
	sort.Strings(senders)
	for _, sender := range senders {
		ids := bySender[sender]
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, part := range chunkIDs(ids, 500) {
			in, args := s.idsIn("creator_id", 1, part)
			q := `SELECT creator_id, workspace_id, first_at, messages_since_reply, last_reply_seen FROM outreach_conversations
				WHERE ` + in + ` AND sender_key = $` + strconv.Itoa(len(args)+1) + ` ORDER BY creator_id` + s.forUpdate(false, "")
			r, err := tx.QueryContext(ctx, q, append(args, sender)...)
			if err != nil {
				return nil, err
			}
			for r.Next() {
				var id int64
				c := &convState{}
				if err := r.Scan(&id, &c.workspaceID, &c.firstAt, &c.count, &c.replySeen); err != nil {
					r.Close()
					return nil, err
				}
				out[convKey{sender, id}] = c
			}
			r.Close()
			if err := r.Err(); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (s *Store) writeConversations(ctx context.Context, tx *sql.Tx, convs map[convKey]*convState) error {
	var rows [][]any
	for k, c := range convs {
		if c.dirty {
			rows = append(rows, []any{k.sender, k.creator, c.workspaceID, nullInt64(c.firstAt), c.count, c.replySeen})
		}
	}
	_, err := s.bulkInsert(ctx, tx, "outreach_conversations", []string{"sender_key", "creator_id", "workspace_id", "first_at",
		"messages_since_reply", "last_reply_seen"}, []string{"TEXT", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT"}, rows,
		`ON CONFLICT (sender_key, creator_id) DO UPDATE SET first_at = excluded.first_at,
		messages_since_reply = excluded.messages_since_reply, last_reply_seen = excluded.last_reply_seen`, "")
	return err
}

func nullInt64(v sql.NullInt64) any {
	if !v.Valid {
		return nil
	}
	return v.Int64
}

// lockCounters creates the missing quota counters and reads (PostgreSQL: locks) them in key
// order.
func (s *Store) lockCounters(ctx context.Context, tx *sql.Tx, keys map[[2]string]bool) (map[[2]string]*counter, error) {
	out := make(map[[2]string]*counter, len(keys))
	sorted := make([][2]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i][0]+"|"+sorted[i][1] < sorted[j][0]+"|"+sorted[j][1] })
	for _, k := range sorted {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outreach_quota_usage (sender_key, period, used, cap) VALUES ($1, $2, 0, 0)
			ON CONFLICT (sender_key, period) DO NOTHING`, k[0], k[1]); err != nil {
			return nil, err
		}
		c := &counter{}
		if err := tx.QueryRowContext(ctx, `SELECT used, cap FROM outreach_quota_usage WHERE sender_key = $1 AND period = $2`+s.forUpdate(false, ""),
			k[0], k[1]).Scan(&c.used, &c.cap); err != nil {
			return nil, err
		}
		out[k] = c
	}
	return out, nil
}

func (s *Store) writeCounters(ctx context.Context, tx *sql.Tx, counters map[[2]string]*counter) error {
	for k, c := range counters {
		if !c.dirty {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outreach_quota_usage SET used = $3, cap = $4 WHERE sender_key = $1 AND period = $2`,
			k[0], k[1], c.used, c.cap); err != nil {
			return err
		}
	}
	return nil
}

var outboxInsertColumns = []string{"workspace_id", "enrollment_id", "sequence_id", "step_position", "creator_id", "idem_key",
	"next_attempt_at", "sender_key", "channel", "to_tiktok", "to_email", "to_discord", "to_name", "subject", "body", "card_kind",
	"card_id", "variant", "first_contact", "quota_periods", "created_at"}

var outboxInsertTypes = []string{"BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "TEXT", "BIGINT", "TEXT", "TEXT", "TEXT", "TEXT",
	"TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "BIGINT", "TEXT", "BIGINT"}

func (s *Store) insertOutbox(ctx context.Context, tx *sql.Tx, rows [][]any) error {
	_, err := s.bulkInsert(ctx, tx, "outreach_outbox", outboxInsertColumns, outboxInsertTypes, rows, `ON CONFLICT (idem_key) DO NOTHING`, "")
	return err
}
