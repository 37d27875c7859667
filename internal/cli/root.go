// Package cli holds the subcommands of the creatorops binary.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/config"
	"github.com/creatorops/creatorops/internal/store"
)

// Version is set at build time with -ldflags "-X github.com/creatorops/creatorops/internal/cli.Version=…".
var Version = "dev"

// app is what every subcommand shares: the global options and the output streams.
type app struct {
	db         string
	configFile string
	logLevel   string
	cpuProfile string
	stdout     io.Writer
	stderr     io.Writer
	log        *slog.Logger
}

// exitError carries an exit status through cobra.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Execute runs the command line args and returns the process exit status.
func Execute(args []string) int {
	return run(args, os.Stdout, os.Stderr)
}

func run(args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := root.ExecuteContext(ctx)
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintln(stderr, "creatorops:", err)
		return 1
	}
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "creatorops",
		Short: "Run a brand's affiliate-creator program: creators, orders, commissions, reports",
		Long: `creatorops is the self-hosted system brands and agencies run their TikTok Shop and Shopee
affiliate programs on: the creator database, affiliate order imports, rollups and reports.

Every option can also come from an environment variable (--db → CREATOROPS_DB) or from a
config file of "key = value" lines (--config, or CREATOROPS_CONFIG). A flag wins over the
environment, which wins over the file.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.configure(cmd)
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.db, "db", config.DefaultDBPath(), "database: a SQLite file path, or a postgres:// URL")
	pf.StringVar(&a.configFile, "config", "", "config file of key = value lines")
	pf.StringVar(&a.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	pf.StringVar(&a.cpuProfile, "cpuprofile", "", "write a CPU profile of the command to this file")
	pf.MarkHidden("cpuprofile")
	root.AddCommand(a.serveCommand(), a.migrateCommand(), a.importCommand(), a.reportCommand(),
		a.demoCommand(), a.userCommand(), a.versionCommand(), a.secretsCommand(), a.fakePlatformCommand())
	root.AddCommand(a.crmCommand())
	root.AddCommand(a.fakeChannelCommand())
	return root
}

// configure layers the environment and the config file under the flags, and sets up logging.
func (a *app) configure(cmd *cobra.Command) error {
	file := map[string]string{}
	path := a.configFile
	if !cmd.Flags().Changed("config") {
		path = os.Getenv(config.EnvName("config"))
	}
	if path != "" {
		var err error
		if file, err = config.ReadFile(path); err != nil {
			return err
		}
	}
	if err := config.Apply(cmd.Flags(), file); err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(a.logLevel)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", a.logLevel)
	}
	a.log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))
	if a.cpuProfile != "" {
		f, err := os.Create(a.cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		cobra.OnFinalize(func() { pprof.StopCPUProfile(); f.Close() })
	}
	return nil
}

// openStore opens and migrates the database.
func (a *app) openStore(ctx context.Context) (*store.Store, error) {
	s, err := store.Open(ctx, a.db)
	if err != nil {
		return nil, err
	}
	applied, err := s.Migrate(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	for _, m := range applied {
		a.log.Debug("migrated", "step", m)
	}
	return s, nil
}

// notice tells the user about something done on their behalf.
func (a *app) notice(format string, args ...any) {
	fmt.Fprintf(a.stderr, "creatorops: "+format+"\n", args...)
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(a.stdout, "creatorops", Version)
			return nil
		},
	}
}
