package email

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"strings"

	gomaillog "github.com/wneessen/go-mail/log"
)

// protocolLogger passes go-mail's SMTP dialogue to slog at debug level. go-mail already hides
// AUTH exchanges; we also scrub the password in every encoding a mechanism may send it, so
// a future go-mail change cannot put it in our logs.
type protocolLogger struct {
	log     *slog.Logger
	secrets []string
}

func newProtocolLogger(log *slog.Logger, cfg Config) *protocolLogger {
	p := &protocolLogger{log: log}
	if cfg.Password != "" {
		enc := base64.StdEncoding.EncodeToString
		p.secrets = []string{
			cfg.Password,
			enc([]byte(cfg.Password)),
			enc([]byte("\x00" + cfg.Username + "\x00" + cfg.Password)),
			enc([]byte(cfg.Username + "\x00" + cfg.Username + "\x00" + cfg.Password)),
		}
	}
	return p
}

func (p *protocolLogger) line(l gomaillog.Log) string {
	s := fmt.Sprintf(l.Format, l.Messages...)
	for _, secret := range p.secrets {
		s = strings.ReplaceAll(s, secret, "[redacted]")
	}
	return s
}

func (p *protocolLogger) emit(level slog.Level, l gomaillog.Log) {
	if !p.log.Enabled(context.Background(), level) {
		return
	}
	dir := "server"
	if l.Direction == gomaillog.DirClientToServer {
		dir = "client"
	}
	p.log.Log(context.Background(), level, "smtp", "from", dir, "line", p.line(l))
}

// Debugf logs one protocol line.
func (p *protocolLogger) Debugf(l gomaillog.Log) { p.emit(slog.LevelDebug, l) }

// Infof logs one protocol line.
func (p *protocolLogger) Infof(l gomaillog.Log) { p.emit(slog.LevelDebug, l) }

// Warnf logs one protocol line.
func (p *protocolLogger) Warnf(l gomaillog.Log) { p.emit(slog.LevelWarn, l) }

// Errorf logs one protocol line.
func (p *protocolLogger) Errorf(l gomaillog.Log) { p.emit(slog.LevelError, l) }
