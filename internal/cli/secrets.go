package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/secrets"
)

func (a *app) secretsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "secrets",
		Short: "Manage the key that encrypts platform tokens at rest",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "keygen",
		Short: "Print a new random encryption key",
		Long: `Print a new random AES-256 key as base64. Give it to every server as CREATOROPS_SECRET_KEY, or
write it to a file readable by its owner only (chmod 600) and point CREATOROPS_SECRET_KEY_FILE at
it. Keep a copy: the tokens of connected shops cannot be read without it.`,
		Example: `  creatorops secrets keygen > /etc/creatorops/secret.key && chmod 600 /etc/creatorops/secret.key`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			k, err := secrets.GenerateKey()
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, k)
			return nil
		},
	})
	return cmd
}
