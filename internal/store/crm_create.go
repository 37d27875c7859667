package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// ErrCreatorExists is returned when a creator is added with a handle the workspace already has.
var ErrCreatorExists = errors.New("a creator with that handle already exists")

// NewCreator is a creator added by hand (a prospect found on the marketplace, a referral).
type NewCreator struct {
	Platform    string // AccountPlatform value; "" for TikTok Shop
	Username    string // the platform handle, stored canonical (model.CanonicalHandle)
	DisplayName string
	Email       string
	Discord     string
	Followers   *int64
	Verticals   []string
	Region      string
	Language    string
	TimeZone    string
	Agency      string
	Tags        []string
	OwnerID     *int64
	Stage       model.Stage // "" for prospect
}

// AddCreator creates a creator with its platform account, on its timeline and in the audit log.
func (s *Store) AddCreator(ctx context.Context, a Actor, workspaceID int64, in NewCreator) (int64, error) {
	handle := model.CanonicalHandle(in.Username)
	if handle == "" {
		return 0, fmt.Errorf("store: a creator needs a handle")
	}
	platform := in.Platform
	if platform == "" {
		platform = AccountPlatform(model.PlatformTikTokShop)
	}
	stage := in.Stage
	if stage == "" {
		stage = model.StageProspect
	}
	if _, ok := model.ParseStage(string(stage)); !ok || stage.Blocked() {
		return 0, fmt.Errorf("store: a new creator cannot start in stage %q", stage)
	}
	if err := CheckTags("tags", in.Tags); err != nil {
		return 0, err
	}
	tags := make([]string, 0, len(in.Tags))
	for _, t := range in.Tags {
		tags = append(tags, NormalizeTag(t))
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var exists int64
		err := tx.QueryRowContext(ctx, `SELECT creator_id FROM creator_accounts
			WHERE workspace_id = $1 AND platform = $2 AND handle = $3`, workspaceID, platform, handle).Scan(&exists)
		if err == nil {
			return fmt.Errorf("store: @%s: %w", handle, ErrCreatorExists)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: unable to look up @%s: %w", handle, err)
		}
		if in.OwnerID != nil {
			var one int
			if err := tx.QueryRowContext(ctx, `SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2`,
				workspaceID, *in.OwnerID).Scan(&one); err != nil {
				return fmt.Errorf("store: user %d is not a member of this workspace: %w", *in.OwnerID, ErrNotFound)
			}
		}
		if id, err = s.createCreatorWithAccount(ctx, tx, workspaceID, platform, handle, "manual"); err != nil {
			return err
		}
		t := time.Now().UTC().Unix()
		category := ""
		if len(in.Verticals) > 0 {
			category = in.Verticals[0]
		}
		if _, err := tx.ExecContext(ctx, `UPDATE creators SET display_name = $1, email = $2, discord = $3,
			followers = $4, verticals = $5, category = $6, region = $7, language = $8, time_zone = $9,
			agency = $10, tags = $11, owner_id = $12, stage = $13, stage_since = $14
			WHERE id = $15`, in.DisplayName, in.Email, in.Discord, nullInt(in.Followers), EncodeList(in.Verticals),
			category, in.Region, in.Language, in.TimeZone, in.Agency, EncodeList(tags), nullInt(in.OwnerID),
			string(stage), t, id); err != nil {
			return fmt.Errorf("store: unable to fill in creator @%s: %w", handle, err)
		}
		if err := s.addToDirectory(ctx, tx, workspaceID, map[string]int64{handle: id}); err != nil {
			return err
		}
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, []CreatorEvent{{CreatorID: id, Kind: EventStage,
			At: time.Unix(t, 0), Actor: a.Label, UserID: actorUserID(a), To: string(stage), Body: "added by hand"}}); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.create", ObjectType: "creator",
			ObjectID: fmt.Sprint(id), Summary: "Added creator @" + handle, After: in})
	})
	return id, err
}
