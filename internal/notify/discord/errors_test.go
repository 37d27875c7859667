package discord

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestDecodeError(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		header  http.Header
		body    string
		code    int
		message string
		retry   time.Duration
		global  bool
	}{
		{"discord json", 404, nil, `{"message": "Unknown Role", "code": 10011}`, 10011, "Unknown Role", 0, false},
		{"form errors", 400, nil, `{"code": 50035, "message": "Invalid Form Body", "errors": {"content": {"_errors": []}}}`, 50035, "Invalid Form Body", 0, false},
		{"rate limit body wins", 429, http.Header{"Retry-After": {"9"}}, `{"message": "You are being rate limited.", "retry_after": 0.25, "global": true}`, 0, "You are being rate limited.", 250 * time.Millisecond, true},
		{"reset-after header", 429, http.Header{"X-Ratelimit-Reset-After": {"1.5"}, "Retry-After": {"2"}, "X-Ratelimit-Global": {"true"}}, ``, 0, "", 1500 * time.Millisecond, true},
		{"retry-after header", 429, http.Header{"Retry-After": {"3"}}, `<html>`, 0, "<html>", 3 * time.Second, false},
		{"negative retry_after", 429, nil, `{"retry_after": -5}`, 0, "", 0, false},
		{"html 502", 502, nil, "<html><head><title>502 Bad Gateway</title>\n</head></html>", 0, "<html><head><title>502 Bad Gateway</title>", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := decodeError("POST", "/x", tt.status, tt.header, []byte(tt.body))
			if e.Code != tt.code || e.Message != tt.message || e.RetryAfter != tt.retry || e.Global != tt.global {
				t.Errorf("got code %d message %q retry %v global %v", e.Code, e.Message, e.RetryAfter, e.Global)
			}
			if !strings.HasPrefix(e.Error(), "discord: POST /x: ") {
				t.Errorf("Error() = %q", e.Error())
			}
		})
	}
}

func FuzzDecodeError(f *testing.F) {
	f.Add(429, `{"message": "You are being rate limited.", "retry_after": 64.57, "global": false}`, "1.5")
	f.Add(400, `{"code": 50035, "errors": {"a": 1}, "message": "Invalid Form Body"}`, "")
	f.Add(502, "<html>", "NaN")
	f.Add(429, `{"retry_after": 1e300}`, "-1")
	f.Fuzz(func(t *testing.T, status int, body, resetAfter string) {
		h := http.Header{"X-Ratelimit-Reset-After": {resetAfter}}
		e := decodeError("POST", "/webhooks/1/[redacted]", status, h, []byte(body))
		if e.RetryAfter < 0 || e.RetryAfter > 24*time.Hour {
			t.Fatalf("RetryAfter %v out of range", e.RetryAfter)
		}
		// Invalid UTF-8 decodes to U+FFFD, three bytes for one: count characters.
		if utf8.RuneCountInString(e.Message) > len(body) {
			t.Fatalf("message longer than the body")
		}
		_ = e.Error()
		_ = e.Temporary()
	})
}

func FuzzParseWebhookURL(f *testing.F) {
	f.Add("https://discord.com/api/webhooks/1234/tok")
	f.Add("http://127.0.0.1:1/api/v10/webhooks/1/t?wait=true#x")
	f.Add("https://discord.com/api/webhooks//tok")
	f.Fuzz(func(t *testing.T, s string) {
		u, redacted, err := parseWebhookURL(s)
		if err != nil {
			return
		}
		segs := strings.Split(strings.Trim(u.Path, "/"), "/")
		if want := "/" + strings.Join(segs[:len(segs)-1], "/") + "/[redacted]"; redacted != want {
			t.Fatalf("redacted path %q, want %q", redacted, want)
		}
		if segs[len(segs)-1] == "" || segs[len(segs)-3] != "webhooks" {
			t.Fatalf("accepted %q", s)
		}
	})
}
