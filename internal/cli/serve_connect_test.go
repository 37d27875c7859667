package cli

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
)

// TestServeNeedsKeyForConnections: serve starts without a key until a shop is connected; then
// a missing key stops the start with the way to fix it.
func TestServeNeedsKeyForConnections(t *testing.T) {
	t.Setenv(secrets.KeyEnv, "")
	t.Setenv(secrets.KeyFileEnv, "")
	ctx := context.Background()
	a := &app{db: filepath.Join(t.TempDir(), "k.db"), stdout: io.Discard, stderr: io.Discard, log: slog.New(slog.DiscardHandler)}
	s, err := a.openStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := connectFlags{serviceID: "1"}
	if _, err := a.connectService(ctx, s, f, "key", "secret"); err != nil {
		t.Fatalf("no connection yet: %v", err)
	}
	ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveConnection(ctx, store.CLIActor, &store.Connection{WorkspaceID: ws.ID, Platform: model.PlatformTikTokShop, ExternalShopID: "1"}); err != nil {
		t.Fatal(err)
	}
	_, err = a.connectService(ctx, s, f, "key", "secret")
	if err == nil || !strings.Contains(err.Error(), "CREATOROPS_SECRET_KEY") || !strings.Contains(err.Error(), "creatorops secrets keygen") {
		t.Fatalf("connections without a key: err = %v", err)
	}
	key, _ := secrets.GenerateKey()
	t.Setenv(secrets.KeyEnv, key)
	if svc, err := a.connectService(ctx, s, f, "key", "secret"); err != nil || svc.Keys == nil {
		t.Fatalf("with a key: %v", err)
	}
	t.Setenv(secrets.KeyEnv, "not base64!")
	if _, err := a.connectService(ctx, s, f, "key", "secret"); err == nil || strings.Contains(err.Error(), "not base64!") {
		t.Fatalf("a malformed key: err = %v (and never echoed)", err)
	}
}
