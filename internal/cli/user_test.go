package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/creatorops/creatorops/internal/store"
)

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"create", []string{"user", "create", "--email", "Ana@Brand.com", "--password", "first-password", "--workspace", "acme", "--role", "manager"},
			0, "ana@brand.com is manager of workspace acme", ""},
		{"short password", []string{"user", "create", "--email", "bo@brand.com", "--password", "short"}, 1, "", "at least 10 characters"},
		{"unknown role", []string{"user", "create", "--email", "bo@brand.com", "--password", "long-enough-1", "--workspace", "acme", "--role", "admin"},
			1, "", `--role "admin": want one of owner, manager, specialist, finance, viewer`},
		{"twice", []string{"user", "create", "--email", "ana@brand.com", "--password", "first-password"}, 1, "", "already exists"},
		{"list", []string{"user", "list"}, 0, "acme (manager)", ""},
		{"password", []string{"user", "password", "--email", "ANA@brand.com", "--password", "second-password"}, 0, "password of ana@brand.com set", ""},
		{"password of nobody", []string{"user", "password", "--email", "x@brand.com", "--password", "second-password"}, 1, "", "no such user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, db, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
		})
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, hash, err := s.UserByEmail(context.Background(), "ana@brand.com")
	if err != nil || bcrypt.CompareHashAndPassword([]byte(hash), []byte("second-password")) != nil {
		t.Errorf("the new password does not match the stored hash: %v", err)
	}
}
