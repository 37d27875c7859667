package email

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"
)

// TLSMode says how the connection to the SMTP server is protected.
type TLSMode string

// The TLS modes a sender mailbox can use.
const (
	// TLSStartTLS connects in plain text and upgrades with STARTTLS before authenticating;
	// a server that does not offer STARTTLS is refused (port 587).
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit speaks TLS from the first byte (port 465, "SMTPS").
	TLSImplicit TLSMode = "tls"
	// TLSNone never encrypts: only for a relay on the same machine or a trusted network.
	TLSNone TLSMode = "none"
)

// ParseTLSMode reads a TLS mode as written in configuration ("none", "starttls", "tls"; "ssl" is
// an alias of "tls"); an empty string is STARTTLS, the safe default.
func ParseTLSMode(s string) (TLSMode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "starttls":
		return TLSStartTLS, nil
	case "tls", "ssl", "smtps", "implicit":
		return TLSImplicit, nil
	case "none", "plain":
		return TLSNone, nil
	}
	return "", fmt.Errorf("email: TLS mode %q is not one of none, starttls, tls", s)
}

// AuthMechanism is the SASL mechanism used to log in to the SMTP server.
type AuthMechanism string

// The mechanisms a sender can be configured with.
const (
	// AuthAuto picks PLAIN, then LOGIN, then CRAM-MD5, among those the server offers.
	AuthAuto AuthMechanism = ""
	// AuthPlain is SASL PLAIN (RFC 4616).
	AuthPlain AuthMechanism = "plain"
	// AuthLogin is the LOGIN mechanism some servers (Microsoft 365) offer instead of PLAIN.
	AuthLogin AuthMechanism = "login"
	// AuthCRAMMD5 is CRAM-MD5 (RFC 2195).
	AuthCRAMMD5 AuthMechanism = "cram-md5"
)

// Default ports per TLS mode, used when Config.Port is zero.
const (
	DefaultPortStartTLS = 587
	DefaultPortTLS      = 465
	DefaultPortNone     = 25
)

// DefaultTimeout bounds the connection and every SMTP command when Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Config is one workspace's sender mailbox.
type Config struct {
	Host     string
	Port     int // zero: the default port of the TLS mode
	Username string
	Password string // never logged
	TLS      TLSMode
	Auth     AuthMechanism
	// TLSConfig is cloned for the connection; tests put their RootCAs here. ServerName
	// defaults to Host.
	TLSConfig *tls.Config

	From     string // the address messages are sent from
	FromName string // display name, e.g. the brand
	ReplyTo  string // optional: where replies go, e.g. a shared outreach inbox

	HELO    string        // name given in EHLO; default "localhost"
	Timeout time.Duration // connection and per-command timeout; default DefaultTimeout

	Logger *slog.Logger // optional
	// LogProtocol logs the SMTP dialogue at debug level (credentials are redacted).
	LogProtocol bool
	// Now stamps the Date header and receipts; default time.Now.
	Now func() time.Time
}

// String describes the sender without its password, so a Config is safe in logs and errors.
func (c Config) String() string {
	return fmt.Sprintf("smtp://%s@%s:%d (tls=%s, from=%s)", c.Username, c.Host, c.port(), c.tlsMode(), c.From)
}

// LogValue keeps the password out of structured logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("host", c.Host), slog.Int("port", c.port()), slog.String("tls", string(c.tlsMode())),
		slog.String("username", c.Username), slog.String("from", c.From),
	)
}

func (c Config) tlsMode() TLSMode {
	if c.TLS == "" {
		return TLSStartTLS
	}
	return c.TLS
}

func (c Config) port() int {
	if c.Port != 0 {
		return c.Port
	}
	switch c.tlsMode() {
	case TLSImplicit:
		return DefaultPortTLS
	case TLSNone:
		return DefaultPortNone
	}
	return DefaultPortStartTLS
}

func (c Config) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

// validate reports the first field of c that cannot work, naming it.
func (c Config) validate() error {
	if strings.TrimSpace(c.Host) == "" {
		return fmt.Errorf("email: sender config: host is empty")
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("email: sender config: port %d is out of range", c.Port)
	}
	switch c.tlsMode() {
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return fmt.Errorf("email: sender config: TLS mode %q is not one of none, starttls, tls", c.TLS)
	}
	switch c.Auth {
	case AuthAuto, AuthPlain, AuthLogin, AuthCRAMMD5:
	default:
		return fmt.Errorf("email: sender config: auth mechanism %q is not one of plain, login, cram-md5", c.Auth)
	}
	if c.Password != "" && c.Username == "" {
		return fmt.Errorf("email: sender config: a password without a username")
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("email: sender config: from %q is not an address: %w", c.From, err)
	}
	if c.ReplyTo != "" {
		if _, err := mail.ParseAddress(c.ReplyTo); err != nil {
			return fmt.Errorf("email: sender config: reply-to %q is not an address: %w", c.ReplyTo, err)
		}
	}
	if strings.ContainsAny(c.FromName, "\r\n") {
		return fmt.Errorf("email: sender config: from name %q has a line break", c.FromName)
	}
	return nil
}
