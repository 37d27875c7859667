package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Mailbox is a workspace's sending mailbox for email steps (SMTP), and where replies are
// polled (IMAP). Passwords are sealed (internal/secrets) with the associated data
// MailboxPasswordAD, never stored in clear.
type Mailbox struct {
	ID, WorkspaceID    int64
	Name               string
	FromName           string
	FromAddress        string
	SMTPHost           string
	SMTPPort           int
	SMTPUsername       string
	SMTPPasswordSealed string
	SMTPSecurity       string // "starttls", "tls" or "none"
	IMAPHost           string
	IMAPPort           int
	IMAPUsername       string
	IMAPPasswordSealed string
	IMAPSecurity       string
	// DailyCap caps a day's messages (0: no cap); from WarmupStart, day d may send
	// min(DailyCap, WarmupInitial + d × WarmupStep).
	DailyCap      int
	WarmupStart   time.Time
	WarmupInitial int
	WarmupStep    int
	Paused        bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// MailboxPasswordAD is the associated data a mailbox password is sealed with: which is
// "smtp" or "imap".
func MailboxPasswordAD(id int64, which string) string {
	return fmt.Sprintf("mailbox:%d:%s_password", id, which)
}

// MailboxSealer seals a mailbox's passwords once its id is known; an empty result keeps the
// password stored before (an edit that leaves the password field blank).
type MailboxSealer func(mailboxID int64) (smtpSealed, imapSealed string, err error)

func (m *Mailbox) validate() error {
	m.Name, m.FromAddress = strings.TrimSpace(m.Name), strings.TrimSpace(m.FromAddress)
	if m.Name == "" || len(m.Name) > 120 {
		return &FieldError{Field: "name", Reason: "a mailbox needs a name of 1 to 120 characters"}
	}
	if _, err := mail.ParseAddress(m.FromAddress); err != nil || !strings.Contains(m.FromAddress, "@") {
		return &FieldError{Field: "from_address", Value: m.FromAddress, Reason: "is not an email address"}
	}
	if m.SMTPPort == 0 {
		m.SMTPPort = 587
	}
	if m.IMAPPort == 0 {
		m.IMAPPort = 993
	}
	if m.SMTPPort < 0 || m.SMTPPort > 65535 || m.IMAPPort < 0 || m.IMAPPort > 65535 {
		return &FieldError{Field: "smtp_port", Reason: "a port is from 1 to 65535"}
	}
	if m.SMTPSecurity == "" {
		m.SMTPSecurity = "starttls"
	}
	if m.IMAPSecurity == "" {
		m.IMAPSecurity = "tls"
	}
	for field, v := range map[string]string{"smtp_security": m.SMTPSecurity, "imap_security": m.IMAPSecurity} {
		if v != "starttls" && v != "tls" && v != "none" {
			return &FieldError{Field: field, Value: v, Reason: "is not starttls, tls or none"}
		}
	}
	if m.DailyCap < 0 || m.WarmupInitial < 0 || m.WarmupStep < 0 {
		return &FieldError{Field: "daily_cap", Reason: "caps and warm-up figures cannot be negative"}
	}
	if m.WarmupStart.IsZero() {
		m.WarmupStart = time.Now().UTC()
	}
	return nil
}

func (m *Mailbox) auditView() map[string]any {
	return map[string]any{"name": m.Name, "from": m.FromAddress, "smtp": fmt.Sprintf("%s:%d (%s) %s", m.SMTPHost, m.SMTPPort, m.SMTPSecurity, m.SMTPUsername),
		"imap": fmt.Sprintf("%s:%d (%s) %s", m.IMAPHost, m.IMAPPort, m.IMAPSecurity, m.IMAPUsername), "daily_cap": m.DailyCap,
		"warmup": fmt.Sprintf("%s +%d/day from %d", m.WarmupStart.Format("2006-01-02"), m.WarmupStep, m.WarmupInitial), "paused": m.Paused}
}

// SaveMailbox creates (m.ID 0) or updates the workspace's mailbox, sealing its passwords with
// seal (when not nil) inside the transaction; ErrNotFound for another workspace's mailbox.
func (s *Store) SaveMailbox(ctx context.Context, a Actor, m *Mailbox, seal MailboxSealer) error {
	if err := m.validate(); err != nil {
		return err
	}
	t := now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var before *Mailbox
		if m.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO outreach_mailboxes (workspace_id, name, from_address, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $4) RETURNING id`, m.WorkspaceID, m.Name, m.FromAddress, t).Scan(&m.ID); err != nil {
				return err
			}
		} else {
			var err error
			if before, err = scanMailbox(tx.QueryRowContext(ctx, `SELECT `+mailboxColumns+` FROM outreach_mailboxes WHERE workspace_id = $1 AND id = $2`,
				m.WorkspaceID, m.ID)); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return ErrNotFound
				}
				return err
			}
			m.SMTPPasswordSealed, m.IMAPPasswordSealed = before.SMTPPasswordSealed, before.IMAPPasswordSealed
		}
		if seal != nil {
			smtp, imap, err := seal(m.ID)
			if err != nil {
				return err
			}
			if smtp != "" {
				m.SMTPPasswordSealed = smtp
			}
			if imap != "" {
				m.IMAPPasswordSealed = imap
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outreach_mailboxes SET name = $2, from_name = $3, from_address = $4, smtp_host = $5,
			smtp_port = $6, smtp_username = $7, smtp_password_sealed = $8, smtp_security = $9, imap_host = $10, imap_port = $11,
			imap_username = $12, imap_password_sealed = $13, imap_security = $14, daily_cap = $15, warmup_start = $16,
			warmup_initial = $17, warmup_step = $18, paused = $19, updated_at = $20 WHERE id = $1`,
			m.ID, m.Name, m.FromName, m.FromAddress, m.SMTPHost, m.SMTPPort, m.SMTPUsername, m.SMTPPasswordSealed, m.SMTPSecurity,
			m.IMAPHost, m.IMAPPort, m.IMAPUsername, m.IMAPPasswordSealed, m.IMAPSecurity, m.DailyCap, m.WarmupStart.Unix(),
			m.WarmupInitial, m.WarmupStep, boolInt(m.Paused), t); err != nil {
			return err
		}
		e := AuditEntry{WorkspaceID: m.WorkspaceID, Action: "outreach.mailbox.create", ObjectType: "outreach_mailbox", ObjectID: fmt.Sprint(m.ID),
			Summary: fmt.Sprintf("mailbox %q (%s) added", m.Name, m.FromAddress), After: m.auditView()}
		if before != nil {
			e.Action, e.Summary, e.Before = "outreach.mailbox.update", fmt.Sprintf("mailbox %q (%s) edited", m.Name, m.FromAddress), before.auditView()
		}
		return audit(ctx, tx, a, e)
	})
	if errors.Is(err, ErrNotFound) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to save mailbox %q: %w", m.Name, err)
	}
	return nil
}

const mailboxColumns = `id, workspace_id, name, from_name, from_address, smtp_host, smtp_port, smtp_username, smtp_password_sealed,
	smtp_security, imap_host, imap_port, imap_username, imap_password_sealed, imap_security, daily_cap, warmup_start, warmup_initial,
	warmup_step, paused, created_at, updated_at`

func scanMailbox(row rowScanner) (*Mailbox, error) {
	var m Mailbox
	var warm, paused, created, updated int64
	if err := row.Scan(&m.ID, &m.WorkspaceID, &m.Name, &m.FromName, &m.FromAddress, &m.SMTPHost, &m.SMTPPort, &m.SMTPUsername,
		&m.SMTPPasswordSealed, &m.SMTPSecurity, &m.IMAPHost, &m.IMAPPort, &m.IMAPUsername, &m.IMAPPasswordSealed, &m.IMAPSecurity,
		&m.DailyCap, &warm, &m.WarmupInitial, &m.WarmupStep, &paused, &created, &updated); err != nil {
		return nil, err
	}
	m.WarmupStart, m.Paused = time.Unix(warm, 0).UTC(), paused != 0
	m.CreatedAt, m.UpdatedAt = unixUTC(created), unixUTC(updated)
	return &m, nil
}

// Mailbox returns the workspace's mailbox id, or ErrNotFound.
func (s *Store) Mailbox(ctx context.Context, workspaceID, id int64) (*Mailbox, error) {
	m, err := scanMailbox(s.read.QueryRowContext(ctx, `SELECT `+mailboxColumns+` FROM outreach_mailboxes WHERE workspace_id = $1 AND id = $2`, workspaceID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch mailbox %d: %w", id, err)
	}
	return m, nil
}

// Mailboxes lists the workspace's mailboxes by name.
func (s *Store) Mailboxes(ctx context.Context, workspaceID int64) ([]*Mailbox, error) {
	return s.mailboxesWhere(ctx, `workspace_id = $1 ORDER BY lower(name), id`, workspaceID)
}

// AllMailboxes lists every mailbox with IMAP settings, for the reply poller.
func (s *Store) AllMailboxes(ctx context.Context) ([]*Mailbox, error) {
	return s.mailboxesWhere(ctx, `imap_host <> '' ORDER BY id`)
}

func (s *Store) mailboxesWhere(ctx context.Context, where string, args ...any) ([]*Mailbox, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+mailboxColumns+` FROM outreach_mailboxes WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list mailboxes: %w", err)
	}
	defer rows.Close()
	var out []*Mailbox
	for rows.Next() {
		m, err := scanMailbox(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list mailboxes: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
