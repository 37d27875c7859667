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
	var addr, uploadDir, tiktokKey, tiktokSecret string
	var withDemo bool
	var maxUploadMB int64
	var cf connectFlags
	var jf jobFlags
	var of outreachFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--demo]",
		Short: "Run the web server",
		Long: `Run the web app and the JSON API (/api/v1, documented at /api/v1/docs). The schema is
migrated at start. On a database without users, the first page is a one-time setup that creates
the owner (or run "creatorops user create").

With --demo, a demo workspace is built first (when it has no orders yet), so a newcomer sees a
realistic program at once. Several servers can run against one PostgreSQL database.

Sessions are marked Secure when the request arrives over HTTPS (directly or with
X-Forwarded-Proto: https from your proxy): serve other machines through a TLS proxy.`,
		Example: `  creatorops serve --demo
  CREATOROPS_DB=postgres://user:pass@db/creatorops creatorops serve --addr 127.0.0.1:8081`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !loopback(addr) {
				a.log.Warn("serving other machines: put a TLS proxy in front, or passwords and sessions cross the network in clear", "addr", addr)
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
			opts := web.Options{MaxUpload: maxUploadMB << 20, UploadDir: uploadDir, Background: ctx}
			opts.TikTokApp.Key, opts.TikTokApp.Secret = tiktokKey, tiktokSecret
			if opts.Connect, err = a.connectService(ctx, s, cf, tiktokKey, tiktokSecret); err != nil {
				return err
			}
			waitJobs, err := a.startJobs(ctx, s, opts.Connect, jf) // serve_jobs.go
			if err != nil {
				return err
			}
			defer waitJobs()
			defer a.startOutreach(ctx, s, opts.Connect, cf.publicURL, of)() // serve_outreach.go
			return a.listen(ctx, s, addr, opts)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().BoolVar(&withDemo, "demo", false, "build the demo workspace first if it has no orders")
	cmd.Flags().Int64Var(&maxUploadMB, "max-upload-mb", 512, "largest export accepted by upload, in MiB")
	cmd.Flags().StringVar(&uploadDir, "upload-dir", "", "where uploads wait while they are imported (default: the system's temp dir)")
	cmd.Flags().StringVar(&tiktokKey, "tiktok-app-key", "", "TikTok Shop app key, for verifying webhooks at /webhooks/tiktok-shop")
	// A secret on the command line shows in ps: the help points to the environment instead.
	cmd.Flags().StringVar(&tiktokSecret, "tiktok-app-secret", "", "TikTok Shop app secret (prefer CREATOROPS_TIKTOK_APP_SECRET or the config file: flags show in ps)")
	cf.add(cmd)
	jf.add(cmd)
	of.add(cmd)
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

func (a *app) listen(ctx context.Context, s *store.Store, addr string, opts web.Options) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           web.New(s, a.log, opts),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads of large exports
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	a.log.Info("creatorops is serving", "url", "http://"+ln.Addr().String()+"/", "db", store.RedactDSN(a.db), "engine", s.Dialect())
	if n, err := s.UserCount(ctx); err == nil && n == 0 {
		a.notice("no users yet: open http://%s/setup to create the owner", ln.Addr())
	}
	go a.sweepSessions(ctx, s)
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

// sweepSessions deletes expired sessions and old sign-in failures every hour. Every server may
// do it; the deletes are idempotent.
func (a *app) sweepSessions(ctx context.Context, s *store.Store) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := s.DeleteExpiredSessions(ctx, time.Now()); err != nil && ctx.Err() == nil {
			a.log.Warn("unable to sweep expired sessions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
