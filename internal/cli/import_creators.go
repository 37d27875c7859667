package cli

import (
	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/ingest"
)

func (a *app) importCreatorsCommand() *cobra.Command {
	var workspace, tz string
	var o ingest.CreatorListOptions
	var asJSON, quiet bool
	cmd := &cobra.Command{
		Use:   "creators --workspace W FILE...",
		Short: "Import creator lists (CSV or XLSX), creating or updating creators by username",
		Long: `Import creator lists such as marketplace research exports or team spreadsheets (CSV or XLSX).

Columns are found by header: Creator Username (required), Nickname, Followers, Category,
GMV (30d), Units sold (30d), Avg. video views, Engagement rate, Email, Region, Agency. Numbers may
carry thousands separators, money a currency symbol, rates a percent sign. A creator is matched by
username; a value the list leaves empty leaves the stored one alone. Rows that cannot be read are
kept: see "creatorops import rejected".`,
		Example: `  creatorops import creators --workspace acme creators.csv`,
		Args:    cobra.MinimumNArgs(1),
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
			return a.importFiles(ctx, files, ws.Slug, asJSON, quiet, func(path string, opts ingest.Options) (*ingest.Summary, error) {
				o.Options = opts
				return ingest.ImportCreators(ctx, s, ws, path, o)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&workspace, "workspace", "", "workspace slug (created if new)")
	f.StringVar(&o.Platform, "platform", "tiktok", "the platform whose usernames the list holds")
	f.StringVar(&o.Currency, "currency", "USD", "currency of the GMV column")
	f.StringVar(&o.Locale, "locale", "", "number format, e.g. en-US (default: the currency's usual one)")
	f.StringVar(&tz, "tz", "UTC", "time zone of a new workspace")
	f.BoolVar(&asJSON, "json", false, "print a JSON summary instead of text")
	f.BoolVar(&quiet, "quiet", false, "no progress line")
	cmd.MarkFlagRequired("workspace")
	return cmd
}
