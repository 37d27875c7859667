// Package config resolves options in layers: a command-line flag wins over a CREATOROPS_*
// environment variable, which wins over a line of the config file, which wins over the default.
package config

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"
)

// EnvPrefix starts every environment variable creatorops reads.
const EnvPrefix = "CREATOROPS_"

// EnvName is the environment variable of a flag: --db → CREATOROPS_DB, --log-level → CREATOROPS_LOG_LEVEL.
func EnvName(flag string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// ReadFile reads a config file of "key = value" lines, where a key is a flag name ("db") or its
// environment name ("CREATOROPS_DB"); '#' starts a comment.
func ReadFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("config: %s line %d: %q is not key = value", path, n, line)
		}
		k = strings.TrimSpace(k)
		if strings.HasPrefix(strings.ToUpper(k), EnvPrefix) {
			k = strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(strings.ToUpper(k), EnvPrefix), "_", "-"))
		}
		out[k] = strings.Trim(strings.TrimSpace(v), `"'`)
	}
	return out, sc.Err()
}

// Apply fills every flag of fs the user did not set from the environment, then from file.
func Apply(fs *pflag.FlagSet, file map[string]string) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed || f.Name == "help" {
			return
		}
		v, ok := os.LookupEnv(EnvName(f.Name))
		if !ok {
			v, ok = file[f.Name]
		}
		if ok {
			if serr := fs.Set(f.Name, v); serr != nil {
				err = fmt.Errorf("config: %s = %q: %w", f.Name, v, serr)
			}
		}
	})
	return err
}

// DefaultDBPath is where the embedded SQLite database lives when --db is not given:
// $XDG_DATA_HOME/creatorops/creatorops.db, else ~/.local/share/creatorops/creatorops.db.
func DefaultDBPath() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return d + "/creatorops/creatorops.db"
	}
	if h, err := os.UserHomeDir(); err == nil {
		return h + "/.local/share/creatorops/creatorops.db"
	}
	return "creatorops.db"
}
