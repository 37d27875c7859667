package cli

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/store"
)

func (a *app) importRejectedCommand() *cobra.Command {
	var workspace, csvPath string
	var runID int64
	var all bool
	cmd := &cobra.Command{
		Use:   "rejected --workspace W [--run N] [--csv FILE]",
		Short: "List the rows imports rejected, or write them back out as a CSV to fix and re-import",
		Long: `List the rows imports could not read, with file, row, column, value and reason.

With --csv, write them back out in their file's original format (its header row, then each
rejected row as it was read): fix the values in a spreadsheet and import the file again. A row is
marked fixed when a later import reads its line well. Rows of files with different headers cannot
share one CSV: pick one import with --run.`,
		Example: `  creatorops import rejected --workspace acme
  creatorops import rejected --workspace acme --run 12 --csv fix.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, ws, err := a.openWorkspace(ctx, workspace)
			if err != nil {
				return err
			}
			defer s.Close()
			rows, headers, err := s.RejectedRows(ctx, ws.ID, store.RejectedFilter{RunID: runID, IncludeDone: all})
			if err != nil {
				return err
			}
			if csvPath != "" {
				return writeRejectedCSV(a.stdout, csvPath, rows, headers)
			}
			if len(rows) == 0 {
				fmt.Fprintln(a.stdout, "No rejected rows. Every row imported so far was read.")
				return nil
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "RUN\tFILE\tROW\tCOLUMN\tVALUE\tREASON\tFIXED BY")
			for _, r := range rows {
				fixed := ""
				if r.ResolvedRunID != 0 {
					fixed = fmt.Sprintf("run %d", r.ResolvedRunID)
				}
				fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%q\t%s\t%s\n", r.RunID, r.FileName, r.Row, r.Column, r.Value, r.Reason, fixed)
			}
			return tw.Flush()
		},
	}
	f := cmd.Flags()
	f.StringVar(&workspace, "workspace", "", "workspace slug")
	f.Int64Var(&runID, "run", 0, "only this import run")
	f.BoolVar(&all, "all", false, "also rows a later import fixed")
	f.StringVar(&csvPath, "csv", "", `write the rows as CSV in their original format to FILE ("-" for standard output)`)
	cmd.MarkFlagRequired("workspace")
	return cmd
}

// writeRejectedCSV writes rejected rows under their file's header (see ingest.RejectedWriter,
// which the web app's download uses too). Files with different headers cannot share one CSV,
// so that is refused with the way out.
func writeRejectedCSV(stdout io.Writer, path string, rows []store.RejectedRow, headers map[int64][]string) error {
	var hs [][]string
	seen := map[int64]bool{}
	for _, r := range rows {
		if !seen[r.RunID] {
			seen[r.RunID] = true
			hs = append(hs, headers[r.RunID])
		}
	}
	header, err := ingest.RejectedHeader(hs)
	if err != nil {
		return fmt.Errorf("%w: pick one import with --run (see them without --csv)", err)
	}
	w := stdout
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	rw, err := ingest.NewRejectedWriter(w, header, false)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := rw.Write(r); err != nil {
			return err
		}
	}
	if err := rw.Flush(); err != nil {
		return err
	}
	if path != "-" {
		fmt.Fprintf(stdout, "wrote %d rejected rows to %s\n", len(rows), path)
	}
	return nil
}

func (a *app) importRunsCommand() *cobra.Command {
	var workspace string
	var limit int
	cmd := &cobra.Command{
		Use:   "runs --workspace W",
		Short: "List the latest imports of a workspace",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, ws, err := a.openWorkspace(ctx, workspace)
			if err != nil {
				return err
			}
			defer s.Close()
			runs, err := s.ImportRuns(ctx, ws.ID, limit)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "RUN\tKIND\tFILE\tSTATUS\tROWS\tNEW\tUPDATED\tUNCHANGED\tREJECTED\tSTARTED (UTC)")
			for _, r := range runs {
				status := r.Status
				if r.Interrupted(timeNow()) {
					status = "interrupted"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", r.ID, r.Kind, r.FileName, status, r.RowsRead,
					r.Inserted, r.Updated, r.Unchanged, r.Rejected, r.StartedAt.Format("2006-01-02 15:04:05"))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&workspace, "workspace", "", "workspace slug")
	cmd.Flags().IntVar(&limit, "limit", 20, "how many runs")
	cmd.MarkFlagRequired("workspace")
	return cmd
}
