// Package smtptest runs an in-process SMTP server (go-smtp) for tests of the email channel:
// plain, STARTTLS or implicit TLS with a self-signed certificate, AUTH PLAIN and LOGIN against
// a user table, scripted rejections, and a recording of every message it accepts.
package smtptest

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mode is how clients reach the server.
type Mode int

// The transport modes of the fake server.
const (
	Plain       Mode = iota // no TLS at all
	StartTLS                // plain, offering STARTTLS
	ImplicitTLS             // TLS from the first byte
)

// Options configure a Server.
type Options struct {
	Mode Mode
	// Users maps usernames to passwords. When it is not empty, AUTH is offered and required
	// before MAIL FROM.
	Users map[string]string
	// Mechanisms offered; default PLAIN and LOGIN.
	Mechanisms []string
}

// Received is one message the server accepted.
type Received struct {
	From     string
	To       []string
	AuthUser string
	TLS      bool
	Data     []byte      // exactly as received after DATA
	Header   mail.Header // Data's header, parsed
	Body     []byte      // Data after the header
}

// Rejection is an SMTP error reply the server gives instead of accepting.
type Rejection struct {
	Code     int    // e.g. 550
	Enhanced [3]int // e.g. {5, 1, 1}
	Message  string
}

// Server is a running fake SMTP server.
type Server struct {
	Host    string
	Port    int
	RootCAs *x509.CertPool // trusts the server's certificate

	srv  *smtp.Server
	ln   net.Listener
	opts Options

	mu         sync.Mutex
	received   []Received
	rejectRcpt map[string]Rejection
	rejectData *Rejection
	hang       chan struct{} // non-nil: DATA waits on it
	authFails  int
}

// Start listens on 127.0.0.1 on a free port and serves until Close.
func Start(opts Options) (*Server, error) {
	cert, pool, err := SelfSigned("127.0.0.1", "localhost")
	if err != nil {
		return nil, err
	}
	s := &Server{RootCAs: pool, opts: opts, rejectRcpt: map[string]Rejection{}}
	if len(s.opts.Mechanisms) == 0 {
		s.opts.Mechanisms = []string{sasl.Plain, sasl.Login}
	}
	s.srv = smtp.NewServer(smtp.BackendFunc(s.newSession))
	s.srv.Domain = "smtp.test"
	s.srv.ReadTimeout, s.srv.WriteTimeout = time.Minute, time.Minute
	s.srv.MaxMessageBytes = 10 << 20
	s.srv.ErrorLog = discardLogger{}
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("smtptest: listen: %w", err)
	}
	switch opts.Mode {
	case StartTLS:
		s.srv.TLSConfig = tlsCfg
	case ImplicitTLS:
		s.srv.TLSConfig = tlsCfg
		ln = tls.NewListener(ln, tlsCfg)
	case Plain:
		// Without TLS the server must accept AUTH in clear text; the client only sends it
		// to localhost.
		s.srv.AllowInsecureAuth = true
	}
	s.ln = ln
	addr := ln.Addr().(*net.TCPAddr)
	s.Host, s.Port = addr.IP.String(), addr.Port
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Close stops the server and releases any DATA held by Hang.
func (s *Server) Close() {
	s.mu.Lock()
	if s.hang != nil {
		close(s.hang)
		s.hang = nil
	}
	s.mu.Unlock()
	_ = s.srv.Close()
}

// RejectRecipient makes RCPT TO addr fail with r.
func (s *Server) RejectRecipient(addr string, r Rejection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectRcpt[strings.ToLower(addr)] = r
}

// RejectData makes every DATA fail with r after the message is read.
func (s *Server) RejectData(r Rejection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectData = &r
}

// Hang makes DATA stop answering until Close, as a stuck server does.
func (s *Server) Hang() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hang == nil {
		s.hang = make(chan struct{})
	}
}

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// AuthFailures counts refused logins.
func (s *Server) AuthFailures() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authFails
}

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{srv: s, tls: isTLS}, nil
}

func (r Rejection) err() *smtp.SMTPError {
	return &smtp.SMTPError{Code: r.Code, EnhancedCode: smtp.EnhancedCode(r.Enhanced), Message: r.Message}
}

// session is one client connection.
type session struct {
	srv  *Server
	tls  bool
	user string
	from string
	to   []string
}

// AuthMechanisms lists what the server offers.
func (ss *session) AuthMechanisms() []string {
	if len(ss.srv.opts.Users) == 0 {
		return nil
	}
	return ss.srv.opts.Mechanisms
}

// Auth checks credentials against the user table.
func (ss *session) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		want, ok := ss.srv.opts.Users[user]
		if !ok || want != pass {
			ss.srv.mu.Lock()
			ss.srv.authFails++
			ss.srv.mu.Unlock()
			return smtp.ErrAuthFailed
		}
		ss.user = user
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

// Mail starts a transaction.
func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if len(ss.srv.opts.Users) > 0 && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

// Rcpt adds a recipient unless it is scripted to be refused.
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.srv.mu.Lock()
	r, rejected := ss.srv.rejectRcpt[strings.ToLower(to)]
	ss.srv.mu.Unlock()
	if rejected {
		return r.err()
	}
	ss.to = append(ss.to, to)
	return nil
}

// Data records the message.
func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.srv.mu.Lock()
	hang, reject := ss.srv.hang, ss.srv.rejectData
	ss.srv.mu.Unlock()
	if hang != nil {
		<-hang
		return errors.New("smtptest: closed while hanging")
	}
	if reject != nil {
		return reject.err()
	}
	rec := Received{From: ss.from, To: append([]string(nil), ss.to...), AuthUser: ss.user, TLS: ss.tls, Data: data}
	if m, err := mail.ReadMessage(bytes.NewReader(data)); err == nil {
		rec.Header = m.Header
		rec.Body, _ = io.ReadAll(m.Body)
	}
	ss.srv.mu.Lock()
	ss.srv.received = append(ss.srv.received, rec)
	ss.srv.mu.Unlock()
	return nil
}

// Reset ends a transaction.
func (ss *session) Reset() { ss.from, ss.to = "", nil }

// Logout ends the session.
func (ss *session) Logout() error { return nil }

// discardLogger keeps go-smtp's connection errors (a client hanging up) out of test output.
type discardLogger struct{}

// Printf discards.
func (discardLogger) Printf(string, ...interface{}) {}

// Println discards.
func (discardLogger) Println(...interface{}) {}
