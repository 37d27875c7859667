// Package storetest opens real, migrated databases for tests: a fresh SQLite file always, and a
// fresh PostgreSQL schema when CREATOROPS_TEST_POSTGRES holds a DSN. Every store-backed test runs
// once per engine through Run.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// PostgresEnv names the variable holding the PostgreSQL DSN tests use.
const PostgresEnv = "CREATOROPS_TEST_POSTGRES"

// EnginesEnv optionally restricts the engines ("sqlite", "postgres", or both comma-separated).
const EnginesEnv = "CREATOROPS_TEST_ENGINES"

// Engines returns the engines tests run on: CREATOROPS_TEST_ENGINES when set, else SQLite plus
// PostgreSQL when its DSN is set.
func Engines() []string {
	if e := os.Getenv(EnginesEnv); e != "" {
		return strings.Split(e, ",")
	}
	if os.Getenv(PostgresEnv) != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// Run runs fn as a subtest on every engine, each with a fresh migrated store.
func Run(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, engine := range Engines() {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, engine))
		})
	}
}

// Open returns a fresh migrated store of the engine, closed when the test ends.
func Open(t testing.TB, engine string) *store.Store {
	t.Helper()
	dsn := DSN(t, engine)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// DSN returns the address of a fresh, empty database of the engine: a new SQLite file, or a new
// PostgreSQL schema dropped when the test ends. Without a PostgreSQL DSN the test is skipped
// with a message, and fails under CI=true, where nothing may be skipped.
func DSN(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case "sqlite":
		return filepath.Join(t.TempDir(), "creatorops.db")
	case "postgres":
		base := os.Getenv(PostgresEnv)
		if base == "" {
			msg := "PostgreSQL tests need " + PostgresEnv + " (a postgres:// DSN); .ci/run installs and starts one"
			if os.Getenv("CI") == "true" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
		return freshSchema(t, base)
	default:
		t.Fatalf("unknown test engine %q (want sqlite or postgres)", engine)
		return ""
	}
}

func freshSchema(t testing.TB, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("storetest: unable to create schema in %s: %v", store.RedactDSN(base), err)
	}
	t.Cleanup(func() {
		if admin, err := sql.Open("pgx", base); err == nil {
			admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			admin.Close()
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// USDShop creates workspace "acme" with a USD TikTok shop "us" read as en-US, as a first
// import from the command line does.
func USDShop(t testing.TB, s *store.Store) (*model.Workspace, *model.Shop) {
	t.Helper()
	ctx := context.Background()
	ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	shop, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: ws.ID, Slug: "us", Platform: model.PlatformTikTokShop, Currency: "USD", Locale: "en-US"})
	if err != nil {
		t.Fatal(err)
	}
	return ws, shop
}

// Creators adds prospects with these handles to the workspace (as a member would by hand) and
// returns their ids in the same order.
func Creators(t testing.TB, s *store.Store, workspaceID int64, handles ...string) []int64 {
	t.Helper()
	ids := make([]int64, len(handles))
	for i, h := range handles {
		id, err := s.AddCreator(context.Background(), store.CLIActor, workspaceID, store.NewCreator{Username: h})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	return ids
}
