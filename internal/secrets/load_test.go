package secrets

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func keyFile(t *testing.T, mode os.FileMode, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "secret.key")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

type loadCase struct {
	name    string
	env     map[string]string
	current []byte
	old     [][]byte
	errHas  []string // substrings of the error; none means success
}

func TestLoadEnv(t *testing.T) {
	a, b, c := newKey(t), newKey(t), newKey(t)
	std, raw := base64.StdEncoding.EncodeToString, base64.RawURLEncoding.EncodeToString
	tests := []loadCase{
		{name: "inline", env: map[string]string{KeyEnv: std(a)}, current: a},
		{name: "inline with a newline, URL alphabet", env: map[string]string{KeyEnv: raw(a) + "\n"}, current: a},
		{name: "inline with old keys", env: map[string]string{KeyEnv: std(a), OldKeysEnv: std(b) + ", " + std(c) + ","}, current: a, old: [][]byte{b, c}},
		{name: "file", env: map[string]string{KeyFileEnv: keyFile(t, 0o600, "# creatorops\n"+std(a)+"\n\n"+std(b)+"\n")}, current: a, old: [][]byte{b}},
		{name: "file read-only", env: map[string]string{KeyFileEnv: keyFile(t, 0o400, std(a))}, current: a},
		{name: "file and old env", env: map[string]string{KeyFileEnv: keyFile(t, 0o600, std(a)), OldKeysEnv: std(c)}, current: a, old: [][]byte{c}},
		{name: "nothing", env: map[string]string{}, errHas: []string{KeyEnv, KeyFileEnv, "head -c 32 /dev/urandom | base64"}},
		{name: "both", env: map[string]string{KeyEnv: std(a), KeyFileEnv: keyFile(t, 0o600, std(b))}, errHas: []string{"both"}},
		{name: "short key", env: map[string]string{KeyEnv: std(a[:16])}, errHas: []string{KeyEnv, "16 bytes", "needs 32", "head -c 32"}},
		{name: "not base64", env: map[string]string{KeyEnv: "correct horse battery staple!"}, errHas: []string{KeyEnv, "not base64"}},
		{name: "bad old key", env: map[string]string{KeyEnv: std(a), OldKeysEnv: std(b) + "," + std(c[:31])}, errHas: []string{OldKeysEnv, "key 2", "31 bytes"}},
		{name: "missing file", env: map[string]string{KeyFileEnv: "/nonexistent/secret.key"}, errHas: []string{KeyFileEnv, "/nonexistent/secret.key"}},
		{name: "empty file", env: map[string]string{KeyFileEnv: keyFile(t, 0o600, "# nothing yet\n")}, errHas: []string{"holds no key", "head -c 32"}},
		{name: "bad line in file", env: map[string]string{KeyFileEnv: keyFile(t, 0o600, std(a)+"\n"+std(b[:8])+"\n")}, errHas: []string{"line 2", "8 bytes"}},
	}
	if runtime.GOOS != "windows" {
		tests = append(tests,
			loadCase{name: "world-readable file", env: map[string]string{KeyFileEnv: keyFile(t, 0o644, std(a))}, errHas: []string{"group or others", "0644", "chmod 600"}},
			loadCase{name: "group-readable file", env: map[string]string{KeyFileEnv: keyFile(t, 0o640, std(a))}, errHas: []string{"group or others", "0640"}},
		)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := LoadEnv(env(tt.env))
			if len(tt.errHas) > 0 {
				if err == nil {
					t.Fatalf("LoadEnv succeeded; want an error with %q", tt.errHas)
				}
				for _, s := range tt.errHas {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q lacks %q", err, s)
					}
				}
				for _, v := range tt.env {
					if strings.Contains(err.Error(), v) && !strings.HasPrefix(v, "/") {
						t.Errorf("error %q repeats a key", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.CurrentID() != KeyID(tt.current) {
				t.Errorf("current key %s, want %s", k.CurrentID(), KeyID(tt.current))
			}
			if len(k.keys) != 1+len(tt.old) {
				t.Errorf("holds %d keys, want %d", len(k.keys), 1+len(tt.old))
			}
			for _, o := range tt.old {
				if _, ok := k.keys[KeyID(o)]; !ok {
					t.Errorf("old key %s missing", KeyID(o))
				}
			}
		})
	}
}

func TestLoadNothingIsErrNoKey(t *testing.T) {
	if _, err := LoadEnv(env(nil)); !errors.Is(err, ErrNoKey) {
		t.Fatalf("LoadEnv() = %v, want ErrNoKey", err)
	}
}

func TestGenerateKey(t *testing.T) {
	s, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	k, err := LoadEnv(env(map[string]string{KeyEnv: s}))
	if err != nil {
		t.Fatalf("a generated key does not load: %v", err)
	}
	if other, _ := GenerateKey(); other == s {
		t.Fatal("two generated keys are equal")
	}
	if k.CurrentID() == "" {
		t.Fatal("no key id")
	}
}
