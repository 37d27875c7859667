package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/store"
)

func (a *app) migrateCommand() *cobra.Command {
	var status bool
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Bring the database schema up to date (serve and import also do it at start)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := store.Open(cmd.Context(), a.db)
			if err != nil {
				return err
			}
			defer s.Close()
			ms, err := store.Migrations(s.Dialect())
			if err != nil {
				return err
			}
			if status {
				v, err := s.SchemaVersion(cmd.Context())
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s database %s: schema version %d of %d\n", s.Dialect(), store.RedactDSN(a.db), v, len(ms))
				return nil
			}
			applied, err := s.Migrate(cmd.Context())
			if err != nil {
				return err
			}
			for _, m := range applied {
				fmt.Fprintln(a.stdout, "applied", m)
			}
			fmt.Fprintf(a.stdout, "%s database %s is at schema version %d\n", s.Dialect(), store.RedactDSN(a.db), len(ms))
			return nil
		},
	}
	cmd.Flags().BoolVar(&status, "status", false, "only print the schema version")
	return cmd
}
