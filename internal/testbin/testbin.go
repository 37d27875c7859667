// Package testbin builds the creatorops binary for tests that need a real process: to kill it
// with SIGKILL mid-run, or to run several servers against one database.
package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var (
	once sync.Once
	path string
	err  error
)

// Creatorops returns the path of a creatorops binary built from this tree, building it once
// per test process.
func Creatorops(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		dir, mkErr := os.MkdirTemp("", "creatorops-bin-")
		if mkErr != nil {
			err = mkErr
			return
		}
		path = filepath.Join(dir, "creatorops")
		out, buildErr := exec.Command("go", "build", "-o", path, "github.com/creatorops/creatorops/cmd/creatorops").CombinedOutput()
		if buildErr != nil {
			err = fmt.Errorf("go build: %w\n%s", buildErr, out)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}
