package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
)

// OutboxMessage is one message of the outbox.
type OutboxMessage struct {
	ID, WorkspaceID, EnrollmentID, SequenceID, CreatorID int64
	StepPosition                                         int
	IdemKey                                              string
	Status                                               string
	Attempts                                             int
	NextAttemptAt                                        time.Time
	LeaseOwner                                           string
	LeaseUntil                                           time.Time
	SenderKey, Channel                                   string
	ToTikTok, ToEmail, ToDiscord, ToName                 string
	Subject, Body                                        string
	CardKind, CardID                                     string
	Variant                                              string
	FirstContact                                         bool
	QuotaPeriods                                         []string
	ProviderID, LastError                                string
	CreatedAt                                            time.Time
	SentAt                                               *time.Time
}

const outboxColumns = `o.id, o.workspace_id, o.enrollment_id, o.sequence_id, o.creator_id, o.step_position, o.idem_key, o.status,
	o.attempts, o.next_attempt_at, o.lease_owner, o.lease_until, o.sender_key, o.channel, o.to_tiktok, o.to_email, o.to_discord, o.to_name,
	o.subject, o.body, o.card_kind, o.card_id, o.variant, o.first_contact, o.quota_periods, o.provider_id, o.last_error, o.created_at, o.sent_at`

func scanOutbox(row rowScanner, extra ...any) (*OutboxMessage, error) {
	var m OutboxMessage
	var next, lease, created, first int64
	var periods string
	var sent sql.NullInt64
	dest := append([]any{&m.ID, &m.WorkspaceID, &m.EnrollmentID, &m.SequenceID, &m.CreatorID, &m.StepPosition, &m.IdemKey, &m.Status,
		&m.Attempts, &next, &m.LeaseOwner, &lease, &m.SenderKey, &m.Channel, &m.ToTikTok, &m.ToEmail, &m.ToDiscord, &m.ToName,
		&m.Subject, &m.Body, &m.CardKind, &m.CardID, &m.Variant, &first, &periods, &m.ProviderID, &m.LastError, &created, &sent}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	m.NextAttemptAt, m.LeaseUntil, m.CreatedAt = time.Unix(next, 0).UTC(), time.Unix(lease, 0).UTC(), time.Unix(created, 0).UTC()
	m.FirstContact, m.QuotaPeriods, m.SentAt = first != 0, DecodeList(periods), unixPtr(sent)
	return &m, nil
}

func (m *OutboxMessage) reservation() reservation {
	return reservation{senderKey: m.SenderKey, creatorID: m.CreatorID, firstContact: m.FirstContact, periods: m.QuotaPeriods}
}

// ClaimCandidate is a queued message about to be claimed, with what the dispatcher re-checks
// right before sending: the creator now, its enrollment and sequence, suppression.
type ClaimCandidate struct {
	Message          *OutboxMessage
	Creator          *OutreachCreator // nil when the creator is gone
	Sequence         *Sequence        // without steps
	EnrollmentStatus string
	// EnrollmentStart is the first send of the enrollment, or its enrollment time: a reply
	// at or after it stops a stop-on-reply sequence.
	EnrollmentStart time.Time
	WorkspaceZone   string
	Suppressed      string
}

// ClaimVerdict is the dispatcher's answer about a candidate: Cancel (a stop reason: the
// message is cancelled and the enrollment stopped), Delay (back to queued until then), or
// neither: send it.
type ClaimVerdict struct {
	Cancel string
	Delay  time.Time
}

// ClaimOutbox claims up to limit queued messages due at now for worker: each is re-checked by
// vet (one verdict per candidate, in order), and those to send are marked sending with
// attempts+1 and a lease until now+lease, and committed before any is sent — the recorded
// attempt that recovery relies on. PostgreSQL skips rows another server is claiming.
func (s *Store) ClaimOutbox(ctx context.Context, worker string, now time.Time, lease time.Duration, limit int,
	vet func([]*ClaimCandidate) []ClaimVerdict) ([]*OutboxMessage, error) {
	var out []*OutboxMessage
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+outboxColumns+`, e.status, COALESCE(e.first_sent_at, e.enrolled_at)
			FROM outreach_outbox o JOIN outreach_enrollments e ON e.id = o.enrollment_id
			WHERE o.status = 'queued' AND o.next_attempt_at <= $1 ORDER BY o.next_attempt_at, o.id LIMIT $2`+s.forUpdate(true, "o"),
			now.Unix(), limit)
		if err != nil {
			return err
		}
		var cands []*ClaimCandidate
		for rows.Next() {
			c := &ClaimCandidate{}
			var start int64
			if c.Message, err = scanOutbox(rows, &c.EnrollmentStatus, &start); err != nil {
				rows.Close()
				return err
			}
			c.EnrollmentStart = time.Unix(start, 0).UTC()
			cands = append(cands, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(cands) == 0 {
			return err
		}
		if err := s.loadCandidates(ctx, tx, cands); err != nil {
			return err
		}
		verdicts := vet(cands)
		if len(verdicts) != len(cands) {
			return fmt.Errorf("%d verdicts for %d messages", len(verdicts), len(cands))
		}
		cancels := map[string][]int64{}
		var delays [][]any
		var send []int64
		for i, c := range cands {
			v := verdicts[i]
			switch {
			case v.Cancel != "":
				cancels[v.Cancel] = append(cancels[v.Cancel], c.Message.ID)
			case !v.Delay.IsZero():
				delays = append(delays, []any{c.Message.ID, v.Delay.Unix()})
			default:
				send = append(send, c.Message.ID)
				c.Message.Status, c.Message.Attempts = OutboxSending, c.Message.Attempts+1
				c.Message.LeaseOwner, c.Message.LeaseUntil = worker, now.Add(lease).UTC()
				out = append(out, c.Message)
			}
		}
		for reason, ids := range cancels {
			if err := s.cancelAndStop(ctx, tx, reason, ids); err != nil {
				return err
			}
		}
		if _, err := s.bulkUpdate(ctx, tx, "outreach_outbox", "id", []string{"id", "next_attempt_at"}, []string{"BIGINT", "BIGINT"}, delays,
			`next_attempt_at = v.next_attempt_at`, ""); err != nil {
			return err
		}
		for _, part := range chunkIDs(send, 500) {
			in, args := s.idsIn("id", 1, part)
			n := len(args)
			if _, err := tx.ExecContext(ctx, `UPDATE outreach_outbox SET status = 'sending', attempts = attempts + 1, lease_owner = $`+itoa(n+1)+
				`, lease_until = $`+itoa(n+2)+` WHERE `+in, append(args, worker, now.Add(lease).Unix())...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to claim outreach messages: %w", err)
	}
	return out, nil
}

// cancelAndStop cancels messages and stops their enrollments with reason.
func (s *Store) cancelAndStop(ctx context.Context, tx *sql.Tx, reason string, outboxIDs []int64) error {
	// Enrollments first, then what the messages reserved: the scheduler locks in that order.
	for _, part := range chunkIDs(outboxIDs, 500) {
		in, args := s.idsIn("id", 3, part)
		if _, err := s.stopEnrollmentsIn(ctx, tx, `'active', 'paused', 'completed'`, reason,
			`id IN (SELECT enrollment_id FROM outreach_outbox WHERE `+in+`)`, args...); err != nil {
			return err
		}
		in, args = s.idsIn("id", 2, part)
		if _, err := s.cancelOutbox(ctx, tx, reason, in, args...); err != nil {
			return err
		}
	}
	return nil
}

// loadCandidates fills the candidates' creators, sequences, zones and suppressions.
func (s *Store) loadCandidates(ctx context.Context, tx *sql.Tx, cands []*ClaimCandidate) error {
	ids := make([]int64, len(cands))
	seqs := map[int64]*Sequence{}
	zones := map[int64]string{}
	keysByWS := map[int64][]SuppressionKey{}
	for i, c := range cands {
		ids[i] = c.Message.CreatorID
	}
	creators, err := s.outreachCreators(ctx, tx, ids)
	if err != nil {
		return err
	}
	for _, c := range cands {
		m := c.Message
		c.Creator = creators[m.CreatorID]
		if seqs[m.SequenceID] == nil {
			qs, err := s.sequencesWhere(ctx, tx, `q.id = $1`, m.SequenceID)
			if err != nil {
				return err
			}
			if len(qs) == 0 {
				return fmt.Errorf("sequence %d of message %d is gone", m.SequenceID, m.ID)
			}
			seqs[m.SequenceID] = qs[0]
		}
		c.Sequence = seqs[m.SequenceID]
		if _, ok := zones[m.WorkspaceID]; !ok {
			var z string
			if err := tx.QueryRowContext(ctx, `SELECT timezone FROM workspaces WHERE id = $1`, m.WorkspaceID).Scan(&z); err != nil {
				return err
			}
			zones[m.WorkspaceID] = z
		}
		c.WorkspaceZone = zones[m.WorkspaceID]
		keysByWS[m.WorkspaceID] = append(keysByWS[m.WorkspaceID], messageSuppressionKeys(m)...)
	}
	for wsID, keys := range keysByWS {
		scopes, err := s.suppressionScopes(ctx, tx, wsID)
		if err != nil {
			return err
		}
		got, err := s.suppressedIn(ctx, tx, scopes, keys)
		if err != nil {
			return err
		}
		for _, c := range cands {
			if c.Message.WorkspaceID == wsID && len(got) > 0 {
				c.Suppressed = suppressedReason(got, messageSuppressionKeys(c.Message))
			}
		}
	}
	return nil
}

// messageSuppressionKeys are the creator and the address the message goes to.
func messageSuppressionKeys(m *OutboxMessage) []SuppressionKey {
	keys := []SuppressionKey{{SuppressCreator, fmt.Sprint(m.CreatorID)}}
	if a := m.address(); a != "" {
		keys = append(keys, SuppressionKey{suppressKindOf(m.Channel), NormalizeAddress(suppressKindOf(m.Channel), a)})
	}
	return keys
}

func (m *OutboxMessage) address() string {
	switch m.Channel {
	case ChannelTikTokIM:
		return m.ToTikTok
	case ChannelEmail:
		return m.ToEmail
	}
	return m.ToDiscord
}

// SendResult is the outcome of one claimed message.
type SendResult struct {
	Message *OutboxMessage
	// Outcome: OutboxSent, OutboxQueued (retry at RetryAt), OutboxFailed (the enrollment stops
	// with StopReason) or OutboxUnknown (may have gone out: never resent).
	Outcome    string
	ProviderID string
	At         time.Time // when sent
	Error      string
	RetryAt    time.Time
	StopReason string
	// Suppress adds the message's address to the workspace's suppression list with this
	// reason (a bounce); the enrollment stops with "suppressed: <reason>".
	Suppress string
}

// RecordStats counts what RecordResults recorded; Stale counts results of messages whose
// lease the worker had lost (another server recovered them), which change nothing.
type RecordStats struct {
	Sent, Retried, Failed, Unknown, Stale int
}

// RecordResults records a batch of outcomes for worker in one transaction. Only messages
// still in sending under worker's lease are changed. A sent message puts a "message" event on
// the creator's timeline, moves creators.last_contacted_at and the enrollment's send times; a
// failed one gives back its reservations and stops its enrollment; a suppression is added for
// a bounce. One audit entry per workspace summarizes the batch.
func (s *Store) RecordResults(ctx context.Context, worker string, results []SendResult) (RecordStats, error) {
	var st RecordStats
	if len(results) == 0 {
		return st, nil
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		st = RecordStats{}
		var sent, retry, failed, unknown [][]any
		byID := map[int64]*SendResult{}
		for i := range results {
			r := &results[i]
			byID[r.Message.ID] = r
			switch r.Outcome {
			case OutboxSent:
				at := r.At
				if at.IsZero() {
					at = time.Now()
				}
				r.At = at.UTC()
				sent = append(sent, []any{r.Message.ID, r.ProviderID, at.Unix()})
			case OutboxQueued:
				retry = append(retry, []any{r.Message.ID, r.RetryAt.Unix(), clip(r.Error)})
			case OutboxFailed:
				failed = append(failed, []any{r.Message.ID, clip(r.Error)})
			case OutboxUnknown:
				unknown = append(unknown, []any{r.Message.ID, clip(r.Error)})
			default:
				return fmt.Errorf("outcome %q of message %d", r.Outcome, r.Message.ID)
			}
		}
		mine := `outreach_outbox.status = 'sending' AND outreach_outbox.lease_owner = $X1`
		sentIDs, err := s.bulkUpdate(ctx, tx, "outreach_outbox", "id", []string{"id", "provider_id", "sent_at"}, []string{"BIGINT", "TEXT", "BIGINT"},
			sent, `status = 'sent', provider_id = v.provider_id, sent_at = v.sent_at, lease_owner = '', last_error = ''`, mine, worker)
		if err != nil {
			return err
		}
		retried, err := s.bulkUpdate(ctx, tx, "outreach_outbox", "id", []string{"id", "next_attempt_at", "last_error"}, []string{"BIGINT", "BIGINT", "TEXT"},
			retry, `status = 'queued', next_attempt_at = v.next_attempt_at, last_error = v.last_error, lease_owner = ''`, mine, worker)
		if err != nil {
			return err
		}
		failedIDs, err := s.bulkUpdate(ctx, tx, "outreach_outbox", "id", []string{"id", "last_error"}, []string{"BIGINT", "TEXT"},
			failed, `status = 'failed', last_error = v.last_error, lease_owner = ''`, mine, worker)
		if err != nil {
			return err
		}
		unknownIDs, err := s.bulkUpdate(ctx, tx, "outreach_outbox", "id", []string{"id", "last_error"}, []string{"BIGINT", "TEXT"},
			unknown, `status = 'unknown', last_error = v.last_error, lease_owner = ''`, mine, worker)
		if err != nil {
			return err
		}
		st.Sent, st.Retried, st.Failed, st.Unknown = len(sentIDs), len(retried), len(failedIDs), len(unknownIDs)
		st.Stale = len(results) - st.Sent - st.Retried - st.Failed - st.Unknown
		if err := s.recordSent(ctx, tx, sentIDs, byID); err != nil {
			return err
		}
		return s.recordFailed(ctx, tx, failedIDs, byID)
	})
	if err != nil {
		return st, fmt.Errorf("store: unable to record %d outreach results: %w", len(results), err)
	}
	return st, nil
}

func clip(s string) string {
	if len(s) > 1000 {
		return s[:1000]
	}
	return s
}

// recordSent writes what a delivered message changes outside the outbox.
func (s *Store) recordSent(ctx context.Context, tx *sql.Tx, ids []int64, byID map[int64]*SendResult) error {
	if len(ids) == 0 {
		return nil
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	events := map[int64][]CreatorEvent{}
	creatorAt := map[int64]int64{}
	var enrollments [][]any
	for _, id := range ids {
		r := byID[id]
		m := r.Message
		ref := m.ID
		events[m.WorkspaceID] = append(events[m.WorkspaceID], CreatorEvent{CreatorID: m.CreatorID, Kind: EventMessage, At: r.At,
			Actor: Automation, To: m.Channel, Body: messageSummary(m), RefID: &ref})
		if r.At.Unix() > creatorAt[m.CreatorID] {
			creatorAt[m.CreatorID] = r.At.Unix()
		}
		enrollments = append(enrollments, []any{m.EnrollmentID, r.At.Unix()})
	}
	var creators [][]any
	var creatorIDs, enrollmentIDs []int64
	for id, at := range creatorAt {
		creators = append(creators, []any{id, at})
		creatorIDs = append(creatorIDs, id)
	}
	for _, e := range enrollments {
		enrollmentIDs = append(enrollmentIDs, e[0].(int64))
	}
	sort.Slice(creatorIDs, func(i, j int) bool { return creatorIDs[i] < creatorIDs[j] })
	sort.Slice(enrollmentIDs, func(i, j int) bool { return enrollmentIDs[i] < enrollmentIDs[j] })
	if err := s.lockRows(ctx, tx, "creators", creatorIDs); err != nil {
		return err
	}
	if err := s.lockRows(ctx, tx, "outreach_enrollments", enrollmentIDs); err != nil {
		return err
	}
	if _, err := s.bulkUpdate(ctx, tx, "creators", "id", []string{"id", "at"}, []string{"BIGINT", "BIGINT"}, creators,
		`last_contacted_at = v.at`, `(creators.last_contacted_at IS NULL OR creators.last_contacted_at < v.at)`); err != nil {
		return err
	}
	if _, err := s.bulkUpdate(ctx, tx, "outreach_enrollments", "id", []string{"id", "at"}, []string{"BIGINT", "BIGINT"}, dedupeFirst(enrollments),
		`first_sent_at = COALESCE(outreach_enrollments.first_sent_at, v.at), last_sent_at = v.at`, ""); err != nil {
		return err
	}
	wss := make([]int64, 0, len(events))
	for ws := range events {
		wss = append(wss, ws)
	}
	sort.Slice(wss, func(i, j int) bool { return wss[i] < wss[j] })
	for _, ws := range wss {
		if err := s.appendCreatorEvents(ctx, tx, ws, events[ws]); err != nil {
			return err
		}
		// One summary entry per batch: the data version (and so the directory's caches) moves
		// with last_contacted_at without an entry per message.
		if err := audit(ctx, tx, Actor{Label: Automation}, AuditEntry{WorkspaceID: ws, Action: "outreach.send", ObjectType: "outreach_outbox",
			Summary: fmt.Sprintf("outreach: %d messages sent", len(events[ws])), After: map[string]any{"sent": len(events[ws])}}); err != nil {
			return err
		}
	}
	return nil
}

// dedupeFirst keeps the first row of each key (UPDATE … FROM joins one row per target).
func dedupeFirst(rows [][]any) [][]any {
	seen := map[any]bool{}
	out := rows[:0:0]
	for _, r := range rows {
		if !seen[r[0]] {
			seen[r[0]] = true
			out = append(out, r)
		}
	}
	return out
}

// messageSummary is the timeline's line for a message: the channel and the subject, or the
// first line of the body.
func messageSummary(m *OutboxMessage) string {
	line := m.Subject
	if line == "" {
		line, _, _ = strings.Cut(strings.TrimSpace(m.Body), "\n")
	}
	if len(line) > 140 {
		line = line[:140] + "…"
	}
	return m.Channel + ": " + line
}

// recordFailed gives back failed messages' reservations, adds suppressions and stops their
// enrollments.
func (s *Store) recordFailed(ctx context.Context, tx *sql.Tx, ids []int64, byID map[int64]*SendResult) error {
	if len(ids) == 0 {
		return nil
	}
	var rs []reservation
	stops := map[string][]int64{}
	for _, id := range ids {
		r := byID[id]
		m := r.Message
		rs = append(rs, m.reservation())
		reason := r.StopReason
		if r.Suppress != "" {
			if _, err := s.addSuppressions(ctx, tx, Actor{Label: Automation}, m.WorkspaceID, []Suppression{{Scope: ScopeWorkspace,
				Kind: suppressKindOf(m.Channel), Value: m.address(), Reason: r.Suppress, Note: clip(r.Error)}}); err != nil {
				return err
			}
			reason = "suppressed: " + r.Suppress
		}
		if reason == "" {
			reason = "failed: " + r.Error
		}
		stops[clip(reason)] = append(stops[clip(reason)], m.EnrollmentID)
	}
	// Enrollments first, then the reservations: the scheduler locks in that order.
	for reason, enrollments := range stops {
		for _, part := range chunkIDs(enrollments, 500) {
			in, args := s.idsIn("id", 3, part)
			if _, err := s.stopEnrollmentsIn(ctx, tx, `'active', 'paused', 'completed'`, reason, in, args...); err != nil {
				return err
			}
		}
	}
	return s.giveBack(ctx, tx, rs)
}

// ClaimExpired takes over up to limit messages left in sending whose lease ended before now
// (their server died or hung), leasing them to worker until now+lease, for recovery: the
// engine asks the channel whether each went out and records the answer with RecordResults.
func (s *Store) ClaimExpired(ctx context.Context, worker string, now time.Time, lease time.Duration, limit int) ([]*OutboxMessage, error) {
	var out []*OutboxMessage
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outreach_outbox o WHERE o.status = 'sending' AND o.lease_until < $1
			ORDER BY o.id LIMIT $2`+s.forUpdate(true, ""), now.Unix(), limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			m, err := scanOutbox(rows)
			if err != nil {
				rows.Close()
				return err
			}
			m.LeaseOwner, m.LeaseUntil = worker, now.Add(lease).UTC()
			out = append(out, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(out) == 0 {
			return err
		}
		ids := make([]int64, len(out))
		for i, m := range out {
			ids[i] = m.ID
		}
		in, args := s.idsIn("id", 1, ids)
		n := len(args)
		_, err = tx.ExecContext(ctx, `UPDATE outreach_outbox SET lease_owner = $`+itoa(n+1)+`, lease_until = $`+itoa(n+2)+` WHERE `+in,
			append(args, worker, now.Add(lease).Unix())...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to claim expired outreach messages: %w", err)
	}
	return out, nil
}

// OutboxMessages lists a workspace's messages of an enrollment (0: all), a creator (0: all)
// and a status ("" for all), newest first, after the cursor beforeID (0: from the newest).
func (s *Store) OutboxMessages(ctx context.Context, workspaceID, enrollmentID, creatorID int64, status string, beforeID int64, limit int) ([]*OutboxMessage, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if beforeID <= 0 {
		beforeID = 1 << 62
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outreach_outbox o WHERE o.workspace_id = $1
		AND ($2 = 0 OR o.enrollment_id = $2) AND ($3 = 0 OR o.creator_id = $3) AND ($4 = '' OR o.status = $4) AND o.id < $5
		ORDER BY o.id DESC LIMIT $6`, workspaceID, enrollmentID, creatorID, status, beforeID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list outreach messages: %w", err)
	}
	defer rows.Close()
	var out []*OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list outreach messages: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
