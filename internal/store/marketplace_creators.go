package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// SourceTikTokMarketplace is the source of creators found in TikTok Shop's creator marketplace.
const SourceTikTokMarketplace = "tiktok_marketplace"

// MarketplaceCreator is a creator found in a platform's creator marketplace.
type MarketplaceCreator struct {
	Username    string
	ExternalID  string // the platform's id of the creator
	DisplayName string
	Region      string
	Followers   int64
	Categories  []string
}

// ProspectsResult counts what AddMarketplaceProspects did.
type ProspectsResult struct {
	Created, Updated, Unchanged int
}

// AddMarketplaceProspects adds creators found in the marketplace to the workspace's CRM as
// prospects (source "tiktok_marketplace") and refreshes what the marketplace knows better of
// creators already there: the follower count, and the display name, region, category and
// platform id where still empty. It never touches a creator's stage, owner, tags or anything
// else a member set. One transaction, one summary audit entry when anything changed.
func (s *Store) AddMarketplaceProspects(ctx context.Context, a Actor, workspaceID int64, found []MarketplaceCreator) (ProspectsResult, error) {
	var res ProspectsResult
	platform := AccountPlatform(model.PlatformTikTokShop)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		t := time.Now().UTC()
		created := map[string]int64{}
		var events []CreatorEvent
		seen := map[string]bool{}
		for _, c := range found {
			handle := model.CanonicalHandle(c.Username)
			if handle == "" || seen[handle] {
				continue
			}
			seen[handle] = true
			category := ""
			if len(c.Categories) > 0 {
				category = c.Categories[0]
			}
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT COALESCE(c.merged_into, c.id) FROM creator_accounts ca JOIN creators c ON c.id = ca.creator_id
				WHERE ca.workspace_id = $1 AND ca.platform = $2 AND ca.handle = $3`, workspaceID, platform, handle).Scan(&id)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				if id, err = s.createCreatorWithAccount(ctx, tx, workspaceID, platform, handle, SourceTikTokMarketplace); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE creators SET display_name = $2, region = $3, followers = $4,
					category = $5, verticals = $6, stage_since = $7 WHERE id = $1`,
					id, c.DisplayName, c.Region, c.Followers, category, EncodeList(c.Categories), t.Unix()); err != nil {
					return err
				}
				created[handle] = id
				events = append(events, CreatorEvent{CreatorID: id, Kind: EventStage, At: t, Actor: a.Label,
					To: string(model.StageProspect), Body: "found in the TikTok Shop creator marketplace"})
				res.Created++
			case err != nil:
				return err
			default:
				r, err := tx.ExecContext(ctx, `UPDATE creators SET followers = $2,
					display_name = CASE WHEN display_name = '' THEN $3 ELSE display_name END,
					region = CASE WHEN region = '' THEN $4 ELSE region END,
					category = CASE WHEN category = '' THEN $5 ELSE category END,
					verticals = CASE WHEN verticals = '' THEN $6 ELSE verticals END,
					updated_at = $7
					WHERE id = $1 AND (followers IS NULL OR followers <> $2 OR (display_name = '' AND $3 <> '')
						OR (region = '' AND $4 <> '') OR (category = '' AND $5 <> ''))`,
					id, c.Followers, c.DisplayName, c.Region, category, EncodeList(c.Categories), t.Unix())
				if err != nil {
					return err
				}
				if n, _ := r.RowsAffected(); n > 0 {
					res.Updated++
				} else {
					res.Unchanged++
				}
			}
			if c.ExternalID != "" {
				if _, err := tx.ExecContext(ctx, `UPDATE creator_accounts SET external_id = $4
					WHERE workspace_id = $1 AND platform = $2 AND handle = $3 AND external_id = ''`,
					workspaceID, platform, handle, c.ExternalID); err != nil {
					return err
				}
			}
		}
		if err := s.addToDirectory(ctx, tx, workspaceID, created); err != nil {
			return err
		}
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, events); err != nil {
			return err
		}
		if res.Created+res.Updated == 0 {
			return nil
		}
		names := make([]string, 0, len(created))
		for h := range created {
			names = append(names, "@"+h)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.marketplace", ObjectType: "creator",
			Summary: fmt.Sprintf("TikTok Shop marketplace search: %d prospects added, %d creators refreshed", res.Created, res.Updated),
			After:   map[string]any{"created": res.Created, "updated": res.Updated, "added": strings.Join(names, " ")}})
	})
	if err != nil {
		return ProspectsResult{}, fmt.Errorf("store: unable to add marketplace prospects: %w", err)
	}
	return res, nil
}
