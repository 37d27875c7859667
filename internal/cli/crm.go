package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

func (a *app) crmCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "crm", Short: "Creator CRM: stage automation, tiers, scores"}
	cmd.AddCommand(a.crmRefreshCommand())
	return cmd
}

func (a *app) crmRefreshCommand() *cobra.Command {
	var workspace string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "refresh --workspace W [--json]",
		Short: "Recompute creators' sales, move stages, re-evaluate tiers and scores now",
		Long: `Bring a workspace's CRM up to date, as imports and the server (every hour) do by themselves:
recompute every creator's precomputed sales from the rollups, make the automatic stage moves
(first sale → activated, repeat sales → active, quiet → at risk → churned, a reply → engaged),
re-evaluate tiers (clearing expired overrides) and fit scores. Only what changed is written, each
change on the creator's timeline, with one summary entry in the audit log. Do-not-contact and
banned creators are never moved. Running it again right away changes nothing.`,
		Example: `  creatorops crm refresh --workspace acme
  creatorops crm refresh --workspace acme --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, ws, err := a.openWorkspace(ctx, workspace)
			if err != nil {
				return err
			}
			defer s.Close()
			res, err := crm.Refresh(ctx, s, ws.ID, time.Now())
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(refreshJSON(res))
			}
			printRefresh(a.stdout, ws, res, true)
			return nil
		},
	}
	cmd.Flags().StringVar(&workspace, "workspace", "", "workspace slug")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON summary instead of text")
	cmd.MarkFlagRequired("workspace")
	return cmd
}

// refreshJSON is the --json shape of a refresh.
func refreshJSON(res crm.Result) map[string]any {
	examples := []map[string]any{}
	for _, m := range res.Examples {
		examples = append(examples, map[string]any{"creator_id": m.CreatorID, "from": m.From, "to": m.To, "reason": m.Reason})
	}
	return map[string]any{
		"currency": res.Sales.Currency, "day": res.Sales.Day, "creators": res.Sales.Creators,
		"sales_updated": res.Sales.Changed, "stage_moves": res.StageMoves, "stage_moves_skipped": res.StageSkipped,
		"tier_changes": res.TierChanges, "overrides_expired": res.OverridesExpired, "scores_updated": res.Scores,
		"examples": examples, "seconds": res.Took.Seconds(),
	}
}

// printRefresh writes what a refresh changed; examples lists the first moves one per line.
func printRefresh(w io.Writer, ws *model.Workspace, res crm.Result, examples bool) {
	fmt.Fprintf(w, "%s: CRM refreshed in %.2fs (%d creators, sales in %s as of %s): sales of %d updated, %d stage move(s), %d tier change(s), %d override(s) expired, %d score(s) updated\n",
		ws.Slug, res.Took.Seconds(), res.Sales.Creators, orNone(res.Sales.Currency), dayString(res.Sales.Day), res.Sales.Changed,
		res.Moved(), res.TierChanges, res.OverridesExpired, res.Scores)
	for _, t := range res.Transitions() {
		fmt.Fprintf(w, "  %-28s %d\n", t, res.StageMoves[t])
	}
	if res.StageSkipped > 0 {
		fmt.Fprintf(w, "  %d move(s) skipped: a member changed those creators' stage meanwhile\n", res.StageSkipped)
	}
	if !examples {
		return
	}
	for _, m := range res.Examples {
		fmt.Fprintf(w, "  creator %d: %s → %s (%s)\n", m.CreatorID, m.From.Label(), m.To.Label(), m.Reason)
	}
	if n := res.Moved(); n > len(res.Examples) && len(res.Examples) > 0 {
		fmt.Fprintf(w, "  … and %d more\n", n-len(res.Examples))
	}
}

func orNone(s string) string {
	if s == "" {
		return "no currency yet"
	}
	return s
}

func dayString(day int32) string {
	if day == 0 {
		return "-"
	}
	return fmt.Sprintf("%04d-%02d-%02d", day/10000, day/100%100, day%100)
}

// refreshCRMAfterImport brings the workspace's CRM up to date after an import: a failure is
// reported but does not fail the import, whose lines are in.
func (a *app) refreshCRMAfterImport(ctx context.Context, s *store.Store, ws *model.Workspace, quiet bool) {
	res, err := crm.Refresh(ctx, s, ws.ID, time.Now())
	if err != nil {
		fmt.Fprintf(a.stderr, "creatorops: the import is in, but the CRM refresh failed (run \"creatorops crm refresh --workspace %s\"): %v\n", ws.Slug, err)
		return
	}
	if !quiet {
		printRefresh(a.stderr, ws, res, false)
	}
}
