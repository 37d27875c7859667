package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
)

func (a *app) importCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Import exports and lists, and work with the rows an import rejected",
	}
	cmd.AddCommand(a.importOrdersCommand(), a.importCreatorsCommand(), a.importRejectedCommand(), a.importRunsCommand())
	return cmd
}

func (a *app) importOrdersCommand() *cobra.Command {
	var workspace, tz string
	var so shopOptions
	var asJSON, quiet bool
	cmd := &cobra.Command{
		Use:   "tiktok-orders --workspace W --shop S FILE...",
		Short: "Import TikTok Shop Seller Center affiliate-order exports (CSV or XLSX)",
		Long: `Import TikTok Shop Seller Center "affiliate orders" exports (CSV or XLSX), in the order given.

Columns are found by their header (English, Vietnamese, Indonesian and Thai names are known), in
any order. Each line is keyed by (shop, Order ID, SKU ID): importing an overlapping or the same
export again updates only what changed (and records the change), counts identical lines as
unchanged, and never lets an older export undo a newer status.

A row that cannot be read is kept with its file, row, column, value and reason and does not stop
the others; list them with "creatorops import rejected". The workspace and the shop are created
on first use: a new shop takes its currency from --currency or the file's Currency column, and
reads numbers as --locale says (default: the usual format of that currency).

Exit status is 0 when every file was read, even with rejected rows; 1 when a file could not be
read at all.`,
		Example: `  creatorops import tiktok-orders --workspace acme --shop us orders-oct.csv orders-nov.xlsx
  creatorops import tiktok-orders --workspace acme-id --shop id --locale id-ID --tz Asia/Jakarta export.csv --json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			ctx := cmd.Context()
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			ws, err := a.ensureWorkspace(ctx, s, workspace, tz)
			if err != nil {
				return err
			}
			so.platform, so.tz = model.PlatformTikTokShop, tz
			shop, err := a.ensureShop(ctx, s, ws, so, files[0])
			if err != nil {
				return err
			}
			err = a.importFiles(ctx, files, ws.Slug, asJSON, quiet, func(path string, o ingest.Options) (*ingest.Summary, error) {
				return ingest.ImportOrders(ctx, s, ws, shop, path, o)
			})
			a.refreshCRMAfterImport(ctx, s, ws, quiet || asJSON) // crm.go: stages, tiers and scores follow the new lines
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&workspace, "workspace", "", "workspace slug (created if new)")
	f.StringVar(&so.slug, "shop", "", "shop slug within the workspace (created if new)")
	f.StringVar(&so.currency, "currency", "", "currency of a new shop (default: the file's Currency column)")
	f.StringVar(&so.locale, "locale", "", "number format of a new shop, e.g. en-US, id-ID, vi-VN (default: the currency's usual one)")
	f.StringVar(&tz, "tz", "UTC", "time zone of a new workspace and shop: export times are read in it")
	f.BoolVar(&asJSON, "json", false, "print a JSON summary instead of text")
	f.BoolVar(&quiet, "quiet", false, "no progress line")
	cmd.MarkFlagRequired("workspace")
	cmd.MarkFlagRequired("shop")
	return cmd
}

// importFiles imports files one after the other through importOne, with a progress line, a
// summary per file (or one JSON array), and exit status 1 when a file could not be read.
func (a *app) importFiles(ctx context.Context, files []string, workspace string, asJSON, quiet bool,
	importOne func(path string, o ingest.Options) (*ingest.Summary, error)) error {
	tuneGCForImport()
	progress := newProgressLine(a.stderr, quiet || asJSON)
	sums := []*ingest.Summary{}
	failed := 0
	for _, f := range files {
		sum, err := importOne(f, ingest.Options{OnProgress: progress.update})
		progress.done()
		if err != nil {
			failed++
			fmt.Fprintln(a.stderr, "creatorops: cannot import", err)
			if ctx.Err() != nil {
				break
			}
			continue
		}
		sums = append(sums, sum)
		if !asJSON {
			a.printSummary(sum, workspace)
		}
	}
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sums); err != nil {
			return err
		}
	}
	if failed > 0 {
		return exitError{1}
	}
	return nil
}

func (a *app) printSummary(sum *ingest.Summary, workspace string) {
	fmt.Fprintf(a.stdout, "%s: %d rows in %.2fs: %d new, %d updated, %d unchanged, %d rejected (import run %d)\n",
		sum.File, sum.Rows, sum.Seconds, sum.Inserted, sum.Updated, sum.Unchanged, sum.Rejected, sum.RunID)
	if sum.Stale > 0 {
		fmt.Fprintf(a.stdout, "  %d lines were older than what is stored (an earlier export?): the newer version was kept\n", sum.Stale)
	}
	if sum.Repeated > 0 {
		fmt.Fprintf(a.stdout, "  %d rows repeated a line of the same file: the later row was kept\n", sum.Repeated)
	}
	if sum.Rejected > 0 {
		fmt.Fprintf(a.stdout, "  see them: creatorops import rejected --workspace %s --run %d  (add --csv fix.csv to fix and re-import)\n", workspace, sum.RunID)
	}
}
