package model

import "testing"

func TestSlugFrom(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Glow Lab (US)", "glow-lab-us"},
		{"  Café Crème ", "cafe-creme"},
		{"Đẹp Shop", "ep-shop"},
		{"!!!", ""},
		{"acme", "acme"},
	}
	for _, tt := range tests {
		got := SlugFrom(tt.in)
		if got != tt.want {
			t.Errorf("SlugFrom(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !ValidSlug(got) {
			t.Errorf("SlugFrom(%q) = %q is not a valid slug", tt.in, got)
		}
	}
}
