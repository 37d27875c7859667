package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/secrets"
)

// fakePlatformOptions are the fake-platform command's flags.
type fakePlatformOptions struct {
	addr, appKey, appSecret, serviceID, serverURL string
	orders, creators, days                        int
	seed                                          uint64
}

func (a *app) fakePlatformCommand() *cobra.Command {
	var o fakePlatformOptions
	cmd := &cobra.Command{
		Use:   "fake-platform [--addr HOST:PORT]",
		Short: "Run a fake TikTok Shop to connect a shop to without a TikTok account",
		Long: `Run a fake TikTok Shop Open API on --addr, with generated orders, creators and samples: both
the API host and the auth host (an authorize page that approves at once for a test seller, and
the token endpoints). It checks every signature, timestamp and token as the platform does.

It prints the app key and secret and the exact "creatorops serve" command that connects to it;
then press "Connect TikTok Shop" on the Connections page of a workspace. Nothing is kept: a
restart generates the same data again (same --seed) but forgets the tokens it issued.`,
		Example: `  creatorops fake-platform --orders 500
  creatorops fake-platform --addr 127.0.0.1:9000 --server-url http://127.0.0.1:8081`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ln, err := net.Listen("tcp", o.addr)
			if err != nil {
				return fmt.Errorf("cannot listen on %s: %w", o.addr, err)
			}
			return a.runFakePlatform(cmd.Context(), ln, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8090", "address the fake listens on")
	f.StringVar(&o.serverURL, "server-url", "http://127.0.0.1:8080", "where creatorops serve runs: the fake's authorize page sends the seller back there")
	f.IntVar(&o.orders, "orders", 300, "affiliate orders to generate")
	f.IntVar(&o.creators, "creators", 60, "creators to generate")
	f.IntVar(&o.days, "days", 30, "the orders are spread over this many days up to now")
	f.Uint64Var(&o.seed, "seed", 1, "the generated data depends on it alone")
	f.StringVar(&o.appKey, "app-key", "fakekey", "app key the fake accepts")
	f.StringVar(&o.appSecret, "app-secret", "fakesecret", "app secret the fake accepts")
	f.StringVar(&o.serviceID, "service-id", "7000000000000000001", "service id the fake's authorize page accepts")
	return cmd
}

// runFakePlatform serves the fake on ln until ctx ends.
func (a *app) runFakePlatform(ctx context.Context, ln net.Listener, o fakePlatformOptions) error {
	if o.orders <= 0 || o.creators <= 0 || o.days <= 0 {
		ln.Close()
		return errors.New("--orders, --creators and --days must be positive")
	}
	base := "http://" + ln.Addr().String()
	server := strings.TrimRight(o.serverURL, "/")
	start := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -o.days+1)
	fake := tiktokshoptest.NewHandler(tiktokshoptest.Options{
		AppKey: o.appKey, AppSecret: o.appSecret, ServiceID: o.serviceID, RedirectURL: server + connect.CallbackPath,
		Seed: o.seed, Orders: o.orders, Creators: o.creators, Start: start, Days: o.days,
	}, base)
	srv := &http.Server{Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	key, err := secrets.GenerateKey()
	if err != nil {
		ln.Close()
		return err
	}
	fmt.Fprintf(a.stdout, `Fake TikTok Shop on %[1]s (%[2]d orders, %[3]d creators over %[4]d days, seed %[5]d)
  app key     %[6]s
  app secret  %[7]s
  service id  %[8]s

Run creatorops against it (in another terminal; keep the key: connected tokens are encrypted with it):

  export CREATOROPS_SECRET_KEY=%[9]s
  export CREATOROPS_TIKTOK_APP_SECRET=%[7]s
  creatorops serve --demo --addr %[10]s --public-url %[11]s \
    --tiktok-app-key %[6]s --tiktok-service-id %[8]s \
    --tiktok-api-url %[1]s --tiktok-auth-url %[1]s --tiktok-authorize-url %[1]s/open/authorize

Then open %[11]s/w/demo/connections and press "Connect TikTok Shop".
`, base, o.orders, o.creators, o.days, o.seed, o.appKey, o.appSecret, o.serviceID, key, hostPort(server), server)
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

// hostPort is the host:port of an http URL, for serve's --addr.
func hostPort(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://")
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[:i]
	}
	return u
}
