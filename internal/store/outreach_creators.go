package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// OutreachCreator is what the engine needs of a creator to decide, address and render a
// message.
type OutreachCreator struct {
	ID, WorkspaceID   int64
	Username          string
	DisplayName       string
	Email             string
	Discord           string
	TikTokUserID      string // creator_accounts.external_id of the TikTok account (IM)
	Language          string
	TimeZone          string
	Region            string
	Followers         int64
	Tier              string
	Score             int
	Stage             model.Stage
	LastReplyAt       *time.Time
	SampleRequestedAt *time.Time
	FirstSaleDay      int32
	Merged            bool
	GMV30d            int64  // sales_gmv_30d, in SalesCurrency
	SalesCurrency     string // "" before the CRM's first refresh
}

// Address returns the creator's address on a channel ("" when it has none). On Discord that
// is the user id a DM is opened with: the CRM's Discord field may hold a username (creator
// lists name people that way), which no DM can be sent to.
func (c *OutreachCreator) Address(channel string) string {
	switch channel {
	case ChannelTikTokIM:
		return c.TikTokUserID
	case ChannelEmail:
		return c.Email
	case ChannelDiscord:
		if IsDiscordUserID(c.Discord) {
			return c.Discord
		}
	}
	return ""
}

// IsDiscordUserID reports whether v is a Discord user id: a snowflake, written in decimal
// digits (usernames always hold a letter).
func IsDiscordUserID(v string) bool {
	if v == "" || len(v) > 20 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// Unreachable says why the creator cannot be messaged on channel ("" when they can): no
// address, or on Discord a username where a DM needs the numeric user id.
func (c *OutreachCreator) Unreachable(channel string) string {
	if c.Address(channel) != "" {
		return ""
	}
	if channel == ChannelDiscord && c.Discord != "" {
		return fmt.Sprintf("Discord %q is a username, not a user id: a DM needs the numeric id (in Discord: Developer Mode, then Copy User ID on the creator)", c.Discord)
	}
	return "no " + channelAddressName(channel)
}

// SuppressionKeys are what a message to the creator on channel is checked against.
func (c *OutreachCreator) SuppressionKeys(channel string) []SuppressionKey {
	keys := []SuppressionKey{{SuppressCreator, strconv.FormatInt(c.ID, 10)}}
	if a := c.Address(channel); a != "" {
		keys = append(keys, SuppressionKey{suppressKindOf(channel), NormalizeAddress(suppressKindOf(channel), a)})
	}
	return keys
}

func suppressKindOf(channel string) string {
	switch channel {
	case ChannelTikTokIM:
		return SuppressTikTok
	case ChannelEmail:
		return SuppressEmail
	}
	return SuppressDiscord
}

// outreachCreators loads creators by id (any workspace: callers check), with their TikTok IM id.
func (s *Store) outreachCreators(ctx context.Context, db querier, ids []int64) (map[int64]*OutreachCreator, error) {
	out := make(map[int64]*OutreachCreator, len(ids))
	for _, part := range chunkIDs(ids, 500) {
		in, args := s.idsIn("c.id", 1, part)
		rows, err := db.QueryContext(ctx, `SELECT c.id, c.workspace_id, c.username, c.display_name, c.email, c.discord, c.language,
			c.time_zone, c.region, COALESCE(c.followers, 0), c.tier, c.score, c.stage, c.last_reply_at, c.sample_requested_at,
			c.first_sale_day, c.merged_into IS NOT NULL, c.sales_gmv_30d, c.sales_currency FROM creators c WHERE `+in, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var c OutreachCreator
			var reply, sample sql.NullInt64
			var stage string
			if err := rows.Scan(&c.ID, &c.WorkspaceID, &c.Username, &c.DisplayName, &c.Email, &c.Discord, &c.Language, &c.TimeZone,
				&c.Region, &c.Followers, &c.Tier, &c.Score, &stage, &reply, &sample, &c.FirstSaleDay, &c.Merged, &c.GMV30d, &c.SalesCurrency); err != nil {
				rows.Close()
				return nil, err
			}
			c.Stage, c.LastReplyAt, c.SampleRequestedAt = model.Stage(stage), unixPtr(reply), unixPtr(sample)
			out[c.ID] = &c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		in, args = s.idsIn("creator_id", 1, part)
		rows, err = db.QueryContext(ctx, `SELECT creator_id, external_id FROM creator_accounts
			WHERE `+in+` AND platform = 'tiktok' AND external_id <> '' ORDER BY id DESC`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var ext string
			if err := rows.Scan(&id, &ext); err != nil {
				rows.Close()
				return nil, err
			}
			if c := out[id]; c != nil {
				c.TikTokUserID = ext // ordered newest first, so the oldest account wins
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetCreatorIMID records the TikTok IM id (creator_accounts.external_id) of the creator's
// TikTok account, which tiktok_im steps send to; ErrNotFound when the creator has no TikTok
// account in the workspace.
func (s *Store) SetCreatorIMID(ctx context.Context, a Actor, workspaceID, creatorID int64, imID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE creator_accounts SET external_id = $3 WHERE workspace_id = $1 AND creator_id = $2 AND platform = 'tiktok'`,
			workspaceID, creatorID, imID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.im_id", ObjectType: "creator",
			ObjectID: strconv.FormatInt(creatorID, 10), Summary: "TikTok IM id set", After: map[string]any{"im_id": imID}})
	})
	if err != nil && err != ErrNotFound {
		return fmt.Errorf("store: unable to set the TikTok IM id of creator %d: %w", creatorID, err)
	}
	return err
}
