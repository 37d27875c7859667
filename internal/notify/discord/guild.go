package discord

import (
	"context"
	"fmt"
	"net/http"
)

// AddMemberRole gives a guild member a role (PUT /guilds/{guild}/members/{user}/roles/{role}).
// The bot needs Manage Roles, and its highest role must sit above the role it gives.
// reason shows in the server's audit log.
func (c *Client) AddMemberRole(ctx context.Context, guildID, userID, roleID, reason string) error {
	return c.memberRole(ctx, http.MethodPut, guildID, userID, roleID, reason)
}

// RemoveMemberRole takes a role from a guild member (DELETE on the same path).
func (c *Client) RemoveMemberRole(ctx context.Context, guildID, userID, roleID, reason string) error {
	return c.memberRole(ctx, http.MethodDelete, guildID, userID, roleID, reason)
}

func (c *Client) memberRole(ctx context.Context, method, guildID, userID, roleID, reason string) error {
	for _, id := range []struct{ what, v string }{{"guild", guildID}, {"user", userID}, {"role", roleID}} {
		if err := checkSnowflake(id.what, id.v); err != nil {
			return err
		}
	}
	u := c.apiURL("guilds", guildID, "members", userID, "roles", roleID)
	return c.do(ctx, request{
		method: method, url: u, logPath: fmt.Sprintf("/guilds/%s/members/%s/roles/%s", guildID, userID, roleID),
		bot: true, reason: reason,
	})
}

// checkSnowflake refuses an id that is not a Discord snowflake (a decimal number), so an id
// from a form can never change the path.
func checkSnowflake(what, id string) error {
	if id == "" || len(id) > 20 {
		return fmt.Errorf("discord: %s id %q is not a Discord id", what, id)
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return fmt.Errorf("discord: %s id %q is not a Discord id", what, id)
		}
	}
	return nil
}
