package cli

import (
	"bufio"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/store"
)

func (a *app) userCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Manage the people who sign in"}
	cmd.AddCommand(a.userCreateCommand(), a.userListCommand(), a.userPasswordCommand())
	return cmd
}

func (a *app) userCreateCommand() *cobra.Command {
	var email, name, password, workspace, role string
	var passwordStdin bool
	cmd := &cobra.Command{
		Use:     "create --email E (--password-stdin | --password P) [--workspace W --role R]",
		Short:   "Create a user, optionally a member of a workspace",
		Example: `  echo 's3cret-passphrase' | creatorops user create --email ana@brand.com --password-stdin --workspace acme --role owner`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			email = strings.ToLower(strings.TrimSpace(email))
			if !strings.Contains(email, "@") {
				return fmt.Errorf("--email %q is not an email address", email)
			}
			if _, ok := access.ParseRole(role); workspace != "" && !ok {
				return fmt.Errorf("--role %q: want one of %s", role, roleNames())
			}
			hash, err := readPassword(cmd, password, passwordStdin)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			id, err := s.CreateUser(ctx, email, name, hash)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "created user %s (id %d)\n", email, id)
			if workspace != "" {
				ws, err := a.ensureWorkspace(ctx, s, workspace, "UTC")
				if err != nil {
					return err
				}
				if err := s.AddMember(ctx, id, ws.ID, role); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s is %s of workspace %s\n", email, role, ws.Slug)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&email, "email", "", "email address (the login)")
	f.StringVar(&name, "name", "", "display name")
	f.StringVar(&password, "password", "", "password (prefer --password-stdin: flags show in the process list)")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input")
	f.StringVar(&workspace, "workspace", "", "make the user a member of this workspace")
	f.StringVar(&role, "role", "owner", "role in the workspace: "+roleNames())
	cmd.MarkFlagRequired("email")
	return cmd
}

func (a *app) userListCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List users and their workspaces",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			users, err := s.Users(cmd.Context())
			if err != nil {
				return err
			}
			if len(users) == 0 {
				fmt.Fprintln(a.stdout, "No users yet. Create the first with: creatorops user create --email you@brand.com --password-stdin --workspace W --role owner")
				return nil
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "EMAIL\tNAME\tWORKSPACES")
			for _, u := range users {
				var ws []string
				for slug, role := range u.Roles {
					ws = append(ws, slug+" ("+role+")")
				}
				slices.Sort(ws)
				fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Email, u.Name, strings.Join(ws, ", "))
			}
			return tw.Flush()
		},
	}
}

func (a *app) userPasswordCommand() *cobra.Command {
	var email, password string
	var passwordStdin bool
	cmd := &cobra.Command{
		Use:   "password --email E (--password-stdin | --password P)",
		Short: "Set a user's password from the server's shell (and end their sessions)",
		Long: `Set a user's password from the server's shell: the way back in when the only owner forgot theirs.
Every session of the user ends. In the web app, a workspace owner resets members' passwords on the
Members page.`,
		Example: `  echo 'new-long-passphrase' | creatorops user password --email ana@brand.com --password-stdin`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			hash, err := readPassword(cmd, password, passwordStdin)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			s, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			u, _, err := s.UserByEmail(ctx, email)
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("--email %s: no such user (see creatorops user list)", email)
			}
			if err != nil {
				return err
			}
			if err := s.SetPassword(ctx, store.CLIActor, 0, u.ID, hash); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "password of %s set; their sessions ended\n", u.Email)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&email, "email", "", "email address of the user")
	f.StringVar(&password, "password", "", "the new password (prefer --password-stdin: flags show in the process list)")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input")
	cmd.MarkFlagRequired("email")
	return cmd
}

// readPassword takes the password from the flag or standard input and returns its bcrypt hash.
func readPassword(cmd *cobra.Command, password string, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("--password-stdin: no password on standard input")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	return auth.HashPassword(password)
}

func roleNames() string {
	names := make([]string, len(access.Roles))
	for i, r := range access.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}
