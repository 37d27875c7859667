package outreach

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestUnsubscribeToken(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	tests := []struct {
		ws, creator int64
		address     string
	}{
		{1, 1, "mai@example.com"},
		{42, 1_000_000_007, "Mai.Nguyen+promo@Example.co.uk"},
		{7, 3, "7212345678901234567"}, // a TikTok user id
		{1 << 40, -1, ""},
		{9, 9, "ngườidùng@ví-dụ.vn"},
	}
	for _, tt := range tests {
		tok := UnsubscribeToken(key, tt.ws, tt.creator, tt.address)
		if url.PathEscape(tok) != tok || strings.ContainsAny(tok, "=+/") {
			t.Errorf("token %q is not URL-safe", tok)
		}
		ws, cr, addr, err := ParseUnsubscribeToken(key, tok)
		if err != nil || ws != tt.ws || cr != tt.creator || addr != tt.address {
			t.Errorf("ParseUnsubscribeToken(%q) = %d %d %q %v, want %d %d %q", tok, ws, cr, addr, err, tt.ws, tt.creator, tt.address)
		}
		if UnsubscribeToken(key, tt.ws, tt.creator, tt.address) != tok {
			t.Errorf("tokens are not deterministic")
		}
	}

	tok := UnsubscribeToken(key, 1, 2, "mai@example.com")
	if len(tok) > 80 {
		t.Errorf("token of a short address has %d characters: %s", len(tok), tok)
	}
	bad := map[string]string{
		"another key":  UnsubscribeToken([]byte("another key"), 1, 2, "mai@example.com"),
		"empty":        "",
		"cut":          tok[:len(tok)-3],
		"not base64":   tok[:10] + "!" + tok[11:],
		"padded":       tok + "==",
		"huge":         strings.Repeat("A", 5000),
		"version only": "AQ",
	}
	// Every single-character change to the token is refused.
	for i := range len(tok) {
		c := byte('A')
		if tok[i] == 'A' {
			c = 'B'
		}
		bad["flip "+tok[:i]] = tok[:i] + string(c) + tok[i+1:]
	}
	for name, b := range bad {
		if _, _, _, err := ParseUnsubscribeToken(key, b); !errors.Is(err, ErrBadUnsubscribeToken) {
			t.Errorf("%s: ParseUnsubscribeToken(%q) = %v, want ErrBadUnsubscribeToken", name, b, err)
		}
	}
	if _, _, _, err := ParseUnsubscribeToken(nil, UnsubscribeToken(nil, 1, 2, "x")); !errors.Is(err, ErrBadUnsubscribeToken) {
		t.Errorf("an empty key must never validate: %v", err)
	}
}

// FuzzParseUnsubscribeToken: the parser never panics, and whatever it accepts was made by
// UnsubscribeToken with the key (it round-trips to the same token).
func FuzzParseUnsubscribeToken(f *testing.F) {
	key := []byte("fuzz key")
	f.Add(UnsubscribeToken(key, 1, 2, "mai@example.com"))
	f.Add(UnsubscribeToken(key, -1, 1<<62, ""))
	f.Add("AQ")
	f.Add("")
	f.Add("!!!")
	f.Fuzz(func(t *testing.T, tok string) {
		ws, cr, addr, err := ParseUnsubscribeToken(key, tok)
		if err != nil {
			if !errors.Is(err, ErrBadUnsubscribeToken) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if again := UnsubscribeToken(key, ws, cr, addr); again != tok {
			t.Fatalf("accepted %q, which names %d %d %q, whose token is %q", tok, ws, cr, addr, again)
		}
	})
}
