package email

import (
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestNewMessageIDProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.StringN(1, 40, -1).Draw(t, "a")
		b := rapid.StringN(1, 40, -1).Draw(t, "b")
		ida, idb := NewMessageID(a, "brand.example"), NewMessageID(b, "brand.example")
		if _, err := checkMessageID(ida); err != nil {
			t.Fatalf("key %q gives an invalid Message-ID %q: %v", a, ida, err)
		}
		if (a == b) != (ida == idb) {
			t.Fatalf("keys %q and %q give Message-IDs %q and %q", a, b, ida, idb)
		}
		left := strings.TrimPrefix(ida[:strings.IndexByte(ida, '@')], "<")
		if strings.HasPrefix(left, ".") || strings.HasSuffix(left, ".") || strings.Contains(left, "..") {
			t.Fatalf("%q is not a dot-atom", left)
		}
	})
}

func TestNewMessageIDExamples(t *testing.T) {
	tests := []struct{ key, want string }{
		{"outbox-42", "<outbox-42@brand.example>"},
		{"outbox:42", "<outbox=3A42@brand.example>"},
		{"a=b", "<a=3Db@brand.example>"},
		{"v1.step.2", "<v1.step.2@brand.example>"},
		{".x.", "<=2Ex=2E@brand.example>"},
	}
	for _, tt := range tests {
		if got := NewMessageID(tt.key, "brand.example"); got != tt.want {
			t.Errorf("NewMessageID(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestReplyParsing(t *testing.T) {
	tests := []struct {
		in     string
		code   int
		status string
	}{
		{"SMTP AUTH failed: 535 5.7.8 Authentication failed", 535, "5.7.8"},
		{"550 5.1.1 no such user", 550, "5.1.1"},
		{"421-4.3.0 busy", 421, "4.3.0"},
		{"dial tcp 127.0.0.1:1: connect: connection refused", 0, ""},
		{"5", 0, ""},
		{"999 x", 0, ""},
	}
	for _, tt := range tests {
		code := replyCode(tt.in)
		status := ""
		if code != 0 {
			// The text after the code, as textproto.Error.Msg holds it.
			status = enhancedCode(tt.in[strings.Index(tt.in, strconv.Itoa(code))+4:])
		}
		if code != tt.code || status != tt.status {
			t.Errorf("%q: code %d status %q, want %d %q", tt.in, code, status, tt.code, tt.status)
		}
	}
}

func TestIsStatus(t *testing.T) {
	for s, want := range map[string]bool{
		"5.1.1": true, "4.7.0": true, "2.0.0": true, "5.100.999": true,
		"3.1.1": false, "5.1": false, "5.1.1.1": false, "5..1": false, "5.1.1000": false, "x.1.1": false, "": false,
	} {
		if isStatus(s) != want {
			t.Errorf("isStatus(%q) = %v", s, !want)
		}
	}
}
