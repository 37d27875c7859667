package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/ingest"
)

func (a *app) importCreatorsCommand() *cobra.Command {
	var workspace, tz string
	var o ingest.CreatorListOptions
	var asJSON, quiet, preview bool
	var maps []string
	cmd := &cobra.Command{
		Use:   "creators --workspace W [--map \"Header=field\"]... FILE...",
		Short: "Import creator lists (CSV or XLSX), creating or updating creators by username",
		Long: `Import creator lists such as marketplace research exports, team spreadsheets or another CRM's
export (CSV or XLSX).

Columns are found by header: Creator Username (required), Nickname, Followers, Category (or Niche,
Verticals: "Beauty, Home" gives two), GMV (30d), Units sold (30d), Avg. video views, Engagement
rate, Email, Region, Agency, Discord, Language, Time zone, Tags, Owner (a member's email), Stage
(by name: "Contacted", "Do not contact"), Shopee ID. Numbers may carry thousands separators, money a
currency symbol, rates a percent sign. --map reads a column as another field, or ignores it
("Notes=ignore"); fields are ` + strings.Join(ingest.CreatorFieldKeys, ", ") + `.

A creator is matched by username. An empty cell leaves the stored value alone; verticals and tags
are added to the stored ones; a stage only moves a creator forward, and never out of do-not-contact
or banned. Rows that cannot be read are kept: see "creatorops import rejected". --preview prints
how the columns would be read and the first rows, and imports nothing.`,
		Example: `  creatorops import creators --workspace acme creators.csv
  creatorops import creators --workspace acme --map "Contact Email=email" --map "Niche=verticals" --preview crm.xlsx`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			ctx := cmd.Context()
			if len(maps) > 0 {
				m, err := ingest.ParseMapFlags(maps)
				if err != nil {
					return err
				}
				for h, f := range m {
					if _, ok := ingest.CreatorFieldKey(f); !ok {
						return fmt.Errorf("--map %q: %q is not a creator field (use one of %s, or ignore)",
							h+"="+f, f, strings.Join(ingest.CreatorFieldKeys, ", "))
					}
				}
				o.Mapping = m
			}
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			ws, err := a.ensureWorkspace(ctx, s, workspace, tz)
			if err != nil {
				return err
			}
			if preview {
				for _, f := range files {
					p, err := ingest.PreviewCreatorList(ctx, s, ws, f, o, 10)
					if err != nil {
						return fmt.Errorf("%s: %w", f, err)
					}
					a.printCreatorPreview(p)
				}
				return nil
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
	f.StringArrayVar(&maps, "map", nil, `read a column as a field: "Header=field" (or "Header=ignore"); repeatable`)
	f.BoolVar(&preview, "preview", false, "print the column mapping and the first rows, import nothing")
	f.BoolVar(&asJSON, "json", false, "print a JSON summary instead of text")
	f.BoolVar(&quiet, "quiet", false, "no progress line")
	cmd.MarkFlagRequired("workspace")
	return cmd
}

// printCreatorPreview writes how a creator list would be read.
func (a *app) printCreatorPreview(p *ingest.CreatorPreview) {
	fmt.Fprintf(a.stdout, "%s: columns\n", p.File)
	if p.Reused {
		fmt.Fprintln(a.stdout, "  (mapping of the last import of a list with this header)")
	}
	for _, c := range p.Columns {
		fmt.Fprintf(a.stdout, "  %-28s → %s\n", c.Header, c.Field)
	}
	if len(p.Missing) > 0 {
		fmt.Fprintf(a.stdout, "no column gives %s: map one with --map \"Header=username\"\n", strings.Join(p.Missing, ", "))
		return
	}
	fmt.Fprintf(a.stdout, "first %d rows:\n", len(p.Rows))
	for _, r := range p.Rows {
		status := "ok"
		if r.Error != "" {
			status = "REJECTED: " + r.Error
		}
		fmt.Fprintf(a.stdout, "  row %d: %s | %s\n", r.Number, strings.Join(r.Cells, " | "), status)
	}
}
