package cli

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/outreach/channels"
	"github.com/creatorops/creatorops/internal/outreach/outreachtest"
)

func (a *app) fakeChannelCommand() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "fake-channel [--addr HOST:PORT]",
		Short: "Run a fake outreach channel that counts every delivery (a test hook)",
		Long: `Run the outreach test channel on --addr: it accepts every message creatorops delivers to it
and counts deliveries per idempotency key (GET /counts, GET /delivered?key=...). It is how the
crash test, the benchmark and the browser test see exactly what was sent.

A server started with ` + channels.FakeURLEnv + ` set to its URL sends every outreach message
there instead of to TikTok Shop, the mailboxes or Discord (quotas still count on the real
senders). Never set it in production.`,
		Example: `  creatorops fake-channel --addr 127.0.0.1:8095
  ` + channels.FakeURLEnv + `=http://127.0.0.1:8095 creatorops serve --demo`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("cannot listen on %s: %w", addr, err)
			}
			return a.runFakeChannel(cmd.Context(), ln)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8095", "address the fake channel listens on")
	return cmd
}

// runFakeChannel serves a fresh fake on ln until ctx ends.
func (a *app) runFakeChannel(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: outreachtest.NewServer(outreachtest.NewFake()), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(a.stdout, "Fake outreach channel on http://%[1]s\n\n  %[2]s=http://%[1]s creatorops serve ...\n\nthen use a sender key starting with \"fake:\" (e.g. fake:email).\n", ln.Addr(), channels.FakeURLEnv)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdownCtx)
	}
}
