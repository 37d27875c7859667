package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/store"
)

// CreatorTier is a creator's effective tier and where it comes from.
type CreatorTier struct {
	CreatorID     int64      `json:"creator_id"`
	Tier          string     `json:"tier" doc:"The effective tier; empty when the creator meets no rule" example:"Gold"`
	Override      string     `json:"override" doc:"The tier set by hand, empty when the rules decide"`
	OverrideUntil *time.Time `json:"override_until" doc:"When the override ends; null with an override: until cleared"`
	TierSince     *time.Time `json:"tier_since"`
}

func creatorTierOut(p *store.CRMProfile) CreatorTier {
	out := CreatorTier{CreatorID: p.ID, Tier: p.Tier, Override: p.TierOverride, OverrideUntil: p.TierOverrideUntil}
	if !p.TierSince.IsZero() {
		since := p.TierSince
		out.TierSince = &since
	}
	return out
}

type creatorTierOutput struct{ Body CreatorTier }

type setTierOverrideInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator string `path:"creator" doc:"Creator id"`
	Body    struct {
		Tier   string     `json:"tier" required:"false" maxLength:"200" doc:"One of the workspace's rules' tiers" example:"Gold"`
		Until  *time.Time `json:"until,omitempty" required:"false" doc:"When the override ends (future); omit for until cleared"`
		Reason string     `json:"reason,omitempty" required:"false" maxLength:"500" doc:"Why, for the timeline and the audit log"`
	}
}

type clearTierOverrideInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator string `path:"creator" doc:"Creator id"`
}

func registerTierOverride(a *API) {
	tags := []string{"CRM settings"}
	path := Prefix + "/workspaces/{ws}/creators/{creator}/tier-override"
	register(a, huma.Operation{OperationID: "set-creator-tier-override", Method: http.MethodPut, Path: path,
		Summary: "Set a creator's tier by hand", Tags: tags,
		Description: "The override wins over the rules until it ends; the refresh after its end gives the creator the rules' tier " +
			"again, with \"override expired\" on its timeline."}, access.ManageCreators, a.setTierOverride)
	register(a, huma.Operation{OperationID: "clear-creator-tier-override", Method: http.MethodDelete, Path: path,
		Summary: "End a creator's tier override", Tags: tags,
		Description: "The creator takes the tier the rules give now."}, access.ManageCreators, a.clearTierOverride)
}

func (a *API) setTierOverride(ctx context.Context, in *setTierOverrideInput) (*creatorTierOutput, error) {
	st := from(ctx)
	p, err := a.liveCreator(ctx, in.Creator)
	if err != nil {
		return nil, err
	}
	err = a.Store.SetTierOverride(ctx, st.principal.Actor(), st.workspace.ID, p.ID, in.Body.Tier, in.Body.Until, in.Body.Reason)
	if errors.Is(err, store.ErrUnknownTier) {
		return nil, invalid("body.tier", in.Body.Tier, "is not one of the workspace's tiers (list-tier-rules)")
	}
	if err != nil {
		return nil, a.settingProblem(err, "creator")
	}
	return a.creatorTier(ctx, p.ID)
}

func (a *API) clearTierOverride(ctx context.Context, in *clearTierOverrideInput) (*creatorTierOutput, error) {
	st := from(ctx)
	p, err := a.liveCreator(ctx, in.Creator)
	if err != nil {
		return nil, err
	}
	if err := crm.ClearTierOverride(ctx, a.Store, st.principal.Actor(), st.workspace.ID, p.ID); err != nil {
		return nil, a.fail(err, "creator")
	}
	return a.creatorTier(ctx, p.ID)
}

func (a *API) creatorTier(ctx context.Context, id int64) (*creatorTierOutput, error) {
	p, err := a.Store.CRMProfile(ctx, from(ctx).workspace.ID, id)
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	return &creatorTierOutput{Body: creatorTierOut(p)}, nil
}
