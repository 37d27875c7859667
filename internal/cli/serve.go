package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/demo"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/web"
)

func (a *app) serveCommand() *cobra.Command {
	var addr string
	var withDemo, public bool
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--demo]",
		Short: "Run the web server",
		Long: `Run the web server: the overview page and /healthz. The schema is migrated at start.

With --demo, a demo workspace is built first (when it has no orders yet), so a newcomer sees a
realistic program at once. Several servers can run against one PostgreSQL database.

Accounts and sign-in are not built yet, so the server refuses an address other machines can reach
unless --public is given.`,
		Example: `  creatorops serve --demo
  CREATOROPS_DB=postgres://user:pass@db/creatorops creatorops serve --addr 127.0.0.1:8081`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !public && !loopback(addr) {
				return fmt.Errorf("--addr %s is reachable from other machines, and this version has no sign-in yet: "+
					"serve on 127.0.0.1 behind your own authenticating proxy, or pass --public if you mean it", addr)
			}
			ctx := cmd.Context()
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			if withDemo {
				if err := a.ensureDemo(ctx, s); err != nil {
					return err
				}
			}
			return a.listen(ctx, s, addr)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().BoolVar(&withDemo, "demo", false, "build the demo workspace first if it has no orders")
	cmd.Flags().BoolVar(&public, "public", false, "allow an address other machines can reach (there is no sign-in yet)")
	return cmd
}

// ensureDemo builds the demo workspace unless it already has orders.
func (a *app) ensureDemo(ctx context.Context, s *store.Store) error {
	if ws, err := s.WorkspaceBySlug(ctx, "demo"); err == nil {
		if day, err := s.LastOrderDay(ctx, ws.ID); err == nil && day != 0 {
			a.log.Info("demo workspace already built", "workspace", "demo")
			return nil
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	a.notice("building the demo workspace (300 creators, 20,000 orders)…")
	return a.buildDemo(ctx, s, demoOptions{workspace: "demo", shop: "us", opt: demo.Options{Creators: 300, Orders: 20000, Seed: 1, Days: 120}})
}

func (a *app) listen(ctx context.Context, s *store.Store, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           web.New(s, a.log),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads of large exports
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	a.log.Info("creatorops is serving", "url", "http://"+ln.Addr().String()+"/", "db", store.RedactDSN(a.db), "engine", s.Dialect())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		a.log.Info("shutting down")
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		return srv.Shutdown(shutdownCtx)
	}
}

// loopback reports whether addr listens only on this machine.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
