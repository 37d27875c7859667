package email

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Sender sends a workspace's mail through its SMTP server. It is safe for concurrent use:
// every Send opens its own connection.
type Sender struct {
	cfg Config
	log *slog.Logger
}

// New checks cfg and returns its Sender.
func New(cfg Config) (*Sender, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HELO == "" {
		// The machine's hostname says nothing useful to the server and may leak internals.
		cfg.HELO = "localhost"
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Sender{cfg: cfg, log: logger.With("smtp_host", cfg.Host, "smtp_port", cfg.port())}, nil
}

// Send delivers m to the server in one SMTP session. A *SendError says whether the failure is
// permanent and whether it is a bounce. The context bounds the whole session; Config.Timeout
// bounds each step.
func (s *Sender) Send(ctx context.Context, m Message) (SentReceipt, error) {
	now := s.cfg.Now().UTC()
	msg, to, id, err := build(s.cfg, m, now)
	if err != nil {
		return SentReceipt{}, messageError(m.To, m.MessageID, err)
	}
	rcpt := to.Address
	log := s.log.With("to", rcpt, "message_id", id)

	var dialed sessionConn
	defer dialed.release()
	client, err := gomail.NewClient(s.cfg.Host, s.options(ctx, &dialed)...)
	if err != nil {
		return SentReceipt{}, messageError(rcpt, id, fmt.Errorf("smtp client for %s: %w", s.cfg, err))
	}
	smtpClient, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		se := classify(ctx, OpConnect, "", id, err)
		se.Recipient = rcpt
		log.Warn("email: connect failed", "code", se.Code, "permanent", se.Permanent(), "err", se.Reply)
		return SentReceipt{}, se
	}
	defer func() { _ = client.CloseWithSMTPClient(smtpClient) }()
	if err := client.SendWithSMTPClient(smtpClient, msg); err != nil {
		se := classify(ctx, OpData, rcpt, id, err)
		log.Warn("email: send failed", "op", se.Op, "code", se.Code, "status", se.EnhancedCode,
			"permanent", se.Permanent(), "bounce", se.Bounce(), "err", se.Reply)
		return SentReceipt{}, se
	}
	r := SentReceipt{MessageID: id, Recipient: rcpt, Response: msg.ServerResponse(), SentAt: now}
	log.Info("email: sent", "response", r.Response)
	return r, nil
}

// options are the go-mail client options for one session; dialed receives the connection so
// that cancelling ctx can close it mid-command (go-mail only watches ctx while dialling).
func (s *Sender) options(ctx context.Context, dialed *sessionConn) []gomail.Option {
	cfg := s.cfg
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLSConfig != nil {
		tlsCfg = cfg.TLSConfig.Clone()
	}
	if tlsCfg.ServerName == "" {
		tlsCfg.ServerName = cfg.Host
	}
	opts := []gomail.Option{
		gomail.WithPort(cfg.port()),
		gomail.WithTimeout(cfg.timeout()),
		gomail.WithHELO(cfg.HELO),
		gomail.WithTLSConfig(tlsCfg),
		gomail.WithDialContextFunc(s.dialer(ctx, cfg.tlsMode() == TLSImplicit, tlsCfg, dialed)),
	}
	switch cfg.tlsMode() {
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		// Implicit TLS is done by our dialer; go-mail then sees a *tls.Conn from the start.
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if cfg.Username != "" {
		opts = append(opts, gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
		switch cfg.Auth {
		case AuthPlain:
			opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain))
		case AuthLogin:
			opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthLogin))
		case AuthCRAMMD5:
			opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthCramMD5))
		default:
			opts = append(opts, gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin, gomail.SMTPAuthCramMD5))
		}
	}
	if cfg.LogProtocol {
		opts = append(opts, gomail.WithLogger(newProtocolLogger(s.log, cfg)), gomail.WithDebugLog())
	}
	return opts
}

// dialer connects (and for implicit TLS, handshakes) within ctx and hands the connection to
// dialed so a cancelled ctx can close it.
func (s *Sender) dialer(ctx context.Context, implicitTLS bool, tlsCfg *tls.Config, dialed *sessionConn) gomail.DialContextFunc {
	return func(dialCtx context.Context, network, addr string) (net.Conn, error) {
		d := net.Dialer{Timeout: s.cfg.timeout()}
		conn, err := d.DialContext(dialCtx, network, addr)
		if err != nil {
			return nil, err
		}
		if implicitTLS {
			tc := tls.Client(conn, tlsCfg)
			if err := tc.HandshakeContext(dialCtx); err != nil {
				_ = conn.Close()
				return nil, fmt.Errorf("TLS handshake with %s: %w", addr, err)
			}
			conn = tc
		}
		dialed.hold(ctx, conn)
		return conn, nil
	}
}

// sessionConn is the session's connection: closed when the send's context ends first, and
// always at the end of Send, because go-mail leaves it open when EHLO, STARTTLS or AUTH fails.
type sessionConn struct {
	mu   sync.Mutex
	conn net.Conn
	stop func() bool
}

func (c *sessionConn) hold(ctx context.Context, conn net.Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn = conn
	c.stop = context.AfterFunc(ctx, func() { _ = conn.Close() })
}

func (c *sessionConn) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stop != nil {
		c.stop()
	}
	if c.conn != nil {
		_ = c.conn.Close()
	}
}
