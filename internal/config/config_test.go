package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestLayers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "creatorops.conf")
	os.WriteFile(path, []byte("# comment\ndb = from-file.db\nCREATOROPS_ADDR = 127.0.0.1:9\nlog-level = debug\n"), 0o600)
	file, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("CREATOROPS_ADDR", "127.0.0.1:7")
	t.Setenv("CREATOROPS_LOG_LEVEL", "warn")
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	db := fs.String("db", "default.db", "")
	addr := fs.String("addr", "127.0.0.1:8080", "")
	level := fs.String("log-level", "info", "")
	other := fs.String("other", "kept", "")
	if err := fs.Parse([]string{"--log-level", "error"}); err != nil {
		t.Fatal(err)
	}
	if err := Apply(fs, file); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, got, want string }{
		{"file beats default", *db, "from-file.db"},
		{"env beats file", *addr, "127.0.0.1:7"},
		{"flag beats env", *level, "error"},
		{"default stays", *other, "kept"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestReadFileNamesBadLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.conf")
	os.WriteFile(path, []byte("db = x\nnonsense\n"), 0o600)
	if _, err := ReadFile(path); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("want an error naming line 2, got %v", err)
	}
}
