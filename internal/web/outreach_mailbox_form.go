package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
)

// mailboxPage is the data of the outreach_mailbox template. Passwords are never rendered
// back: the form only says whether one is stored.
type mailboxPage struct {
	outreachBase
	Mailbox     *store.Mailbox // nil while new
	Form        mailboxForm
	Action      string
	TestURL     string
	HasSMTPPass bool
	HasIMAPPass bool
	CanSeal     bool // the server has an encryption key to store passwords with
	Securities  []choice
	MemberEmail string
	SettingsURL string
}

// mailboxForm is the mailbox form's values (never a password).
type mailboxForm struct {
	Name, FromName, FromAddress          string
	SMTPHost, SMTPUsername, SMTPSecurity string
	SMTPPort                             int
	IMAPHost, IMAPUsername, IMAPSecurity string
	IMAPPort                             int
	DailyCap, WarmupInitial, WarmupStep  int
	WarmupStart                          string
	Paused                               bool
}

var mailboxSecurities = []choice{{"starttls", "STARTTLS (port 587)"}, {"tls", "TLS from the start (465 / 993)"}, {"none", "none (trusted relay only)"}}

var mailboxNotices = map[string]string{"saved": "Mailbox saved.", "test": "Test email sent: check your inbox (and its spam folder)."}

func mailboxFormOf(m *store.Mailbox, loc *time.Location) mailboxForm {
	return mailboxForm{Name: m.Name, FromName: m.FromName, FromAddress: m.FromAddress, SMTPHost: m.SMTPHost, SMTPPort: m.SMTPPort,
		SMTPUsername: m.SMTPUsername, SMTPSecurity: m.SMTPSecurity, IMAPHost: m.IMAPHost, IMAPPort: m.IMAPPort,
		IMAPUsername: m.IMAPUsername, IMAPSecurity: m.IMAPSecurity, DailyCap: m.DailyCap, WarmupInitial: m.WarmupInitial,
		WarmupStep: m.WarmupStep, WarmupStart: m.WarmupStart.In(loc).Format(time.DateOnly), Paused: m.Paused}
}

// keys is the server's keyring (nil without an encryption key): it seals mailbox passwords
// and signs unsubscribe links.
func (h *handler) keys() *secrets.Keyring {
	if h.opts.Connect == nil {
		return nil
	}
	return h.opts.Connect.Keys
}

// newMailboxPage fills what the mailbox form shows besides its values.
func (h *handler) newMailboxPage(r *http.Request, m *store.Mailbox, notices map[string]string) *mailboxPage {
	st := current(r)
	ws := st.workspace
	title := "New mailbox"
	if m != nil {
		title = "Mailbox " + m.Name
	}
	p := &mailboxPage{outreachBase: outreachPage(r, title, "settings", notices), Mailbox: m, CanSeal: h.keys() != nil,
		Securities: mailboxSecurities, SettingsURL: wsURL(ws, "outreach/settings"), Action: wsURL(ws, "outreach/mailboxes")}
	if st.principal.User != nil {
		p.MemberEmail = st.principal.User.Email
	}
	if m != nil {
		p.Action = wsURL(ws, "outreach/mailboxes/"+strconv.FormatInt(m.ID, 10))
		p.TestURL = p.Action + "/test"
		p.HasSMTPPass, p.HasIMAPPass = m.SMTPPasswordSealed != "", m.IMAPPasswordSealed != ""
	}
	return p
}

// readMailboxForm reads the form into m (passwords apart: see mailboxSealer).
func readMailboxForm(r *http.Request, m *store.Mailbox, loc *time.Location) (mailboxForm, error) {
	f := r.PostForm
	form := mailboxForm{Name: f.Get("name"), FromName: strings.TrimSpace(f.Get("from_name")), FromAddress: strings.TrimSpace(f.Get("from_address")),
		SMTPHost: strings.TrimSpace(f.Get("smtp_host")), SMTPUsername: strings.TrimSpace(f.Get("smtp_username")), SMTPSecurity: f.Get("smtp_security"),
		IMAPHost: strings.TrimSpace(f.Get("imap_host")), IMAPUsername: strings.TrimSpace(f.Get("imap_username")), IMAPSecurity: f.Get("imap_security"),
		WarmupStart: strings.TrimSpace(f.Get("warmup_start")), Paused: f.Get("paused") == "1"}
	for _, x := range []struct {
		name string
		dst  *int
		def  int
	}{{"smtp_port", &form.SMTPPort, 587}, {"imap_port", &form.IMAPPort, 993}, {"daily_cap", &form.DailyCap, 0},
		{"warmup_initial", &form.WarmupInitial, 0}, {"warmup_step", &form.WarmupStep, 0}} {
		n, err := formInt(r, x.name, x.def)
		if err != nil {
			return form, err
		}
		*x.dst = n
	}
	m.Name, m.FromName, m.FromAddress = form.Name, form.FromName, form.FromAddress
	m.SMTPHost, m.SMTPPort, m.SMTPUsername, m.SMTPSecurity = form.SMTPHost, form.SMTPPort, form.SMTPUsername, form.SMTPSecurity
	m.IMAPHost, m.IMAPPort, m.IMAPUsername, m.IMAPSecurity = form.IMAPHost, form.IMAPPort, form.IMAPUsername, form.IMAPSecurity
	m.DailyCap, m.WarmupInitial, m.WarmupStep, m.Paused = form.DailyCap, form.WarmupInitial, form.WarmupStep, form.Paused
	if form.WarmupStart != "" {
		t, err := time.ParseInLocation(time.DateOnly, form.WarmupStart, loc)
		if err != nil {
			return form, fmt.Errorf("warm-up start %s is not a date like 2026-11-15", quote(form.WarmupStart))
		}
		m.WarmupStart = t.UTC()
	}
	if m.SMTPHost == "" {
		return form, fmt.Errorf("SMTP host is empty: give the server the mailbox sends through, e.g. smtp.gmail.com")
	}
	return form, nil
}

// mailboxSealer seals the passwords typed in the form; blank fields keep the stored ones.
// Without an encryption key a password cannot be stored: the error says how to set one.
func (h *handler) mailboxSealer(r *http.Request) (store.MailboxSealer, error) {
	smtp, imap := r.PostForm.Get("smtp_password"), r.PostForm.Get("imap_password")
	if smtp == "" && imap == "" {
		return nil, nil
	}
	keys := h.keys()
	if keys == nil {
		return nil, fmt.Errorf("passwords are stored encrypted, and this server has no encryption key: set %s (%s) and restart", secrets.KeyEnv, "head -c 32 /dev/urandom | base64")
	}
	return func(id int64) (string, string, error) {
		var s, i string
		var err error
		if smtp != "" {
			if s, err = keys.Seal([]byte(smtp), store.MailboxPasswordAD(id, "smtp")); err != nil {
				return "", "", err
			}
		}
		if imap != "" {
			if i, err = keys.Seal([]byte(imap), store.MailboxPasswordAD(id, "imap")); err != nil {
				return "", "", err
			}
		}
		return s, i, nil
	}, nil
}
