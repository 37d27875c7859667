package secrets

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// The environment variables a keyring is loaded from.
const (
	// KeyEnv holds the current key, base64 of KeySize bytes.
	KeyEnv = "CREATOROPS_SECRET_KEY"
	// KeyFileEnv holds the path of a file whose first key line is the current key and whose
	// further key lines are older keys.
	KeyFileEnv = "CREATOROPS_SECRET_KEY_FILE"
	// OldKeysEnv holds older keys, comma-separated, still accepted by Open after a rotation.
	OldKeysEnv = "CREATOROPS_SECRET_KEY_OLD"
)

const generateHint = "generate one with: head -c 32 /dev/urandom | base64"

// ErrNoKey is returned when no key is configured, by Load and by a nil Keyring's methods.
var ErrNoKey = errors.New("secrets: no encryption key: set " + KeyEnv + " to a base64 key, or " +
	KeyFileEnv + " to the path of a file holding one (readable by its owner only); " + generateHint)

// Load reads the keyring from the process environment: see LoadEnv.
func Load() (*Keyring, error) { return LoadEnv(os.Getenv) }

// LoadEnv reads the keyring through getenv: the current key from CREATOROPS_SECRET_KEY or
// from the file CREATOROPS_SECRET_KEY_FILE names (never both), and older keys from
// CREATOROPS_SECRET_KEY_OLD and the key file's further lines. Without a key it returns an
// error wrapping ErrNoKey.
func LoadEnv(getenv func(string) string) (*Keyring, error) {
	inline, path := strings.TrimSpace(getenv(KeyEnv)), strings.TrimSpace(getenv(KeyFileEnv))
	var current []byte
	var old [][]byte
	switch {
	case inline != "" && path != "":
		return nil, fmt.Errorf("secrets: both %s and %s are set: keep one, so there is no doubt which key is current", KeyEnv, KeyFileEnv)
	case inline != "":
		k, err := decodeKey(inline)
		if err != nil {
			return nil, fmt.Errorf("secrets: %s: %w", KeyEnv, err)
		}
		current = k
	case path != "":
		keys, err := readKeyFile(path)
		if err != nil {
			return nil, err
		}
		current, old = keys[0], keys[1:]
	default:
		return nil, ErrNoKey
	}
	if list := strings.TrimSpace(getenv(OldKeysEnv)); list != "" {
		for i, s := range strings.Split(list, ",") {
			if strings.TrimSpace(s) == "" {
				continue
			}
			k, err := decodeKey(s)
			if err != nil {
				return nil, fmt.Errorf("secrets: %s, key %d: %w", OldKeysEnv, i+1, err)
			}
			old = append(old, k)
		}
	}
	return New(current, old...)
}

// readKeyFile reads the keys of a key file: one base64 key per line, the current first; blank
// lines and lines starting with '#' are skipped. The file must be private to its owner, as a
// key readable by other accounts of the machine decrypts every stored token.
func readKeyFile(path string) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("secrets: %s: %w", KeyFileEnv, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("secrets: %s: %w", KeyFileEnv, err)
	}
	// Windows has no Unix permission bits to judge.
	if mode := info.Mode().Perm(); runtime.GOOS != "windows" && mode&0o077 != 0 {
		return nil, fmt.Errorf("secrets: the key file %s is readable or writable by group or others (mode %04o): run chmod 600 %s", path, mode, path)
	}
	var keys [][]byte
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, err := decodeKey(line)
		if err != nil {
			return nil, fmt.Errorf("secrets: the key file %s, line %d: %w", path, n, err)
		}
		keys = append(keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("secrets: the key file %s: %w", path, err)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("secrets: the key file %s holds no key: %s", path, generateHint)
	}
	return keys, nil
}

// decodeKey reads base64 (standard or URL alphabet, padded or not) of KeySize bytes. Its errors
// never repeat the value: it is a secret even when malformed.
func decodeKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	var k []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the key is not base64: %s", generateHint)
	}
	if len(k) != KeySize {
		return nil, fmt.Errorf("the key is %d bytes after base64 decoding, AES-256 needs %d: %s", len(k), KeySize, generateHint)
	}
	return k, nil
}

// GenerateKey returns a new random key as base64, the form CREATOROPS_SECRET_KEY takes.
func GenerateKey() (string, error) {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return "", fmt.Errorf("secrets: unable to generate a key: %w", err)
	}
	return base64.StdEncoding.EncodeToString(k), nil
}
