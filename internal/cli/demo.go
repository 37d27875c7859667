package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/demo"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// demoOptions shape a demo workspace.
type demoOptions struct {
	workspace, shop, out string
	opt                  demo.Options
	quiet                bool
}

func (a *app) demoCommand() *cobra.Command {
	var o demoOptions
	cmd := &cobra.Command{
		Use:   "demo [--creators N] [--orders M] [--seed S]",
		Short: "Build a realistic demo workspace from generated exports",
		Long: `Build a demo workspace: generate a creator list and three overlapping Seller Center
affiliate-order exports (power-law GMV across creators, verticals, cancellations, refunds and
status changes between exports, the quirks of real files), then run them through the same
importers a team uses. The same seed gives the same workspace.`,
		Example: `  creatorops demo --creators 300 --orders 20000 --seed 7
  creatorops demo --workspace big --creators 5000 --orders 400000 --out ./exports`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			return a.buildDemo(ctx, s, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.workspace, "workspace", "demo", "workspace to build (created if new)")
	f.StringVar(&o.shop, "shop", "us", "shop of the workspace")
	f.IntVar(&o.opt.Creators, "creators", 300, "number of creators")
	f.IntVar(&o.opt.Orders, "orders", 20000, "number of orders (1–3 lines each)")
	f.Uint64Var(&o.opt.Seed, "seed", 1, "random seed")
	f.IntVar(&o.opt.Days, "days", 120, "length of the period in days")
	f.StringVar(&o.out, "out", "", "keep the generated files in this folder (default: a temporary one, removed)")
	f.BoolVar(&o.quiet, "quiet", false, "no progress line")
	return cmd
}

// buildDemo writes the demo files and imports them.
func (a *app) buildDemo(ctx context.Context, s *store.Store, o demoOptions) error {
	o.opt.Quirks = true
	dir := o.out
	if dir == "" {
		tmp, err := os.MkdirTemp("", "creatorops-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	files, err := demo.WriteOrderExports(dir, o.opt)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	creators := filepath.Join(dir, "creators.csv")
	f, err := os.Create(creators)
	if err != nil {
		return err
	}
	if err := demo.WriteCreatorList(f, o.opt); err != nil {
		f.Close()
		return fmt.Errorf("demo: %w", err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	ws, err := a.ensureWorkspace(ctx, s, o.workspace, "UTC")
	if err != nil {
		return err
	}
	shop, err := a.ensureShop(ctx, s, ws, shopOptions{slug: o.shop, platform: model.PlatformTikTokShop, currency: "USD", tz: "UTC"}, files[0])
	if err != nil {
		return err
	}
	tuneGCForImport()
	progress := newProgressLine(a.stderr, o.quiet)
	sum, err := ingest.ImportCreators(ctx, s, ws, creators, ingest.CreatorListOptions{Options: ingest.Options{OnProgress: progress.update}})
	progress.done()
	if err != nil {
		return err
	}
	a.printSummary(sum, ws.Slug)
	for _, path := range files {
		sum, err := ingest.ImportOrders(ctx, s, ws, shop, path, ingest.Options{OnProgress: progress.update})
		progress.done()
		if err != nil {
			return err
		}
		a.printSummary(sum, ws.Slug)
	}
	// The CRM as a team would have it after a few months: automatic stages from the sales
	// first, then what people fill in by hand (internal/demo/crm.go).
	a.refreshCRMAfterImport(ctx, s, ws, true)
	if err := demo.FillCRM(ctx, s, ws.ID, o.opt.Seed); err != nil {
		return err
	}
	if err := demo.FillOutreach(ctx, s, ws.ID); err != nil {
		return err
	}
	if o.out != "" {
		fmt.Fprintf(a.stdout, "the generated files are in %s\n", o.out)
	}
	return nil
}
