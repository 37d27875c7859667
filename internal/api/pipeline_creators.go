package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// CreatorState is where a creator stands in the CRM: stage, owner, tags, tier, contact details.
type CreatorState struct {
	ID          int64     `json:"id" example:"42"`
	Handle      string    `json:"handle" example:"pixiemint_1"`
	DisplayName string    `json:"display_name"`
	Stage       string    `json:"stage" example:"engaged"`
	StageSince  time.Time `json:"stage_since"`
	StageReason string    `json:"stage_reason" doc:"Why the creator was put in the stage by hand (always set for do_not_contact and banned)"`
	OwnerID     *int64    `json:"owner_id" doc:"The member who owns the relationship; null for nobody"`
	OwnerEmail  string    `json:"owner_email"`
	Tags        []string  `json:"tags"`
	Tier        string    `json:"tier"`
	Email       string    `json:"email"`
	Discord     string    `json:"discord"`
	Followers   *int64    `json:"followers"`
	Verticals   []string  `json:"verticals"`
	Region      string    `json:"region"`
	Language    string    `json:"language"`
	TimeZone    string    `json:"time_zone"`
	Agency      string    `json:"agency"`
	Score       int       `json:"score" doc:"Recruitment fit score, 0 to 100"`
}

func creatorStateOut(p *store.CRMProfile) CreatorState {
	s := CreatorState{ID: p.ID, Handle: p.Username, DisplayName: p.DisplayName, Stage: string(p.Stage), StageSince: p.StageSince,
		StageReason: p.StageReason, OwnerID: p.OwnerID, OwnerEmail: p.OwnerEmail, Tags: p.Tags, Tier: p.Tier, Email: p.Email,
		Discord: p.Discord, Followers: p.Followers, Verticals: p.Verticals, Region: p.Region, Language: p.Language,
		TimeZone: p.TimeZone, Agency: p.Agency, Score: p.Score}
	if s.Tags == nil {
		s.Tags = []string{}
	}
	if s.Verticals == nil {
		s.Verticals = []string{}
	}
	return s
}

type creatorStateOutput struct{ Body CreatorState }

// Bodies are checked by the handlers, after the creator is found (no enum or required in the
// schema, which huma would enforce first): another workspace's creator is a 404 whatever the
// body holds.
type setStageInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator string `path:"creator" doc:"Creator id"`
	Body    struct {
		Stage  string `json:"stage" required:"false" doc:"prospect, contacted, engaged, onboarded, sampled, activated, active, at_risk, churned, do_not_contact or banned" example:"engaged"`
		Reason string `json:"reason,omitempty" required:"false" doc:"Why; required for do_not_contact and banned"`
	}
}

type setOwnerInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator string `path:"creator" doc:"Creator id"`
	Body    struct {
		OwnerID int64 `json:"owner_id" required:"false" doc:"A member's user id; 0 for nobody"`
	}
}

type tagsInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator string `path:"creator" doc:"Creator id"`
	Body    struct {
		Add    []string `json:"add,omitempty" required:"false" doc:"Tags to add (stored lowercase, spaces as dashes), each at most 60 characters"`
		Remove []string `json:"remove,omitempty" required:"false"`
	}
}

type profileInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator string `path:"creator" doc:"Creator id"`
	Body    struct {
		DisplayName *string   `json:"display_name,omitempty" required:"false"`
		Email       *string   `json:"email,omitempty" required:"false" doc:"\"\" to forget it"`
		Discord     *string   `json:"discord,omitempty" required:"false"`
		Followers   *int64    `json:"followers,omitempty" required:"false" doc:"-1 to forget the count"`
		Verticals   *[]string `json:"verticals,omitempty" required:"false"`
		Region      *string   `json:"region,omitempty" required:"false"`
		Language    *string   `json:"language,omitempty" required:"false"`
		TimeZone    *string   `json:"time_zone,omitempty" required:"false" doc:"An IANA zone such as Asia/Jakarta"`
		Agency      *string   `json:"agency,omitempty" required:"false"`
	}
}

func registerPipelineCreators(a *API) {
	tags := []string{"Pipeline"}
	base := Prefix + "/workspaces/{ws}/creators/{creator}"
	register(a, huma.Operation{OperationID: "set-creator-stage", Method: http.MethodPut, Path: base + "/stage",
		Summary: "Move a creator to a stage", Tags: tags,
		Description: "The move is kept on the creator's timeline with who and why. do_not_contact and banned need a reason (422 without)."},
		access.EditCreators, a.setCreatorStage)
	register(a, huma.Operation{OperationID: "set-creator-owner", Method: http.MethodPut, Path: base + "/owner",
		Summary: "Give a creator an owner", Tags: tags,
		Description: "With creators.edit only (specialists), a member may take an unowned creator themselves; assigning others " +
			"or taking an owned creator needs creators.manage (403)."}, access.EditCreators, a.setCreatorOwner)
	register(a, huma.Operation{OperationID: "update-creator-tags", Method: http.MethodPost, Path: base + "/tags",
		Summary: "Add and remove tags", Tags: tags}, access.EditCreators, a.updateCreatorTags)
	register(a, huma.Operation{OperationID: "update-creator-profile", Method: http.MethodPatch, Path: base + "/profile",
		Summary: "Change a creator's contact details and profile", Tags: tags,
		Description: "Only the fields sent change; the timeline and the audit log name them."}, access.EditCreators, a.updateCreatorProfile)
}

// liveCreator finds the {creator} of the path among the workspace's live creators (a merged
// one answers 404: changes go to the creator it was merged into).
func (a *API) liveCreator(ctx context.Context, raw string) (*store.CRMProfile, error) {
	notFound := huma.Error404NotFound(fmt.Sprintf("creator %q not found in this workspace", raw))
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, notFound
	}
	p, err := a.Store.CRMProfile(ctx, from(ctx).workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && p.MergedInto != nil {
		return nil, notFound
	}
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	return p, nil
}

// afterChange answers a change with the creator as it is now.
func (a *API) afterChange(ctx context.Context, id int64) (*creatorStateOutput, error) {
	p, err := a.Store.CRMProfile(ctx, from(ctx).workspace.ID, id)
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	return &creatorStateOutput{Body: creatorStateOut(p)}, nil
}

// changeProblem turns a store error of a change into a problem naming the field.
func (a *API) changeProblem(err error, what string) error {
	if fe, ok := store.AsFieldError(err); ok {
		return invalid("body."+fe.Field, fe.Value, fe.Reason)
	}
	return a.fail(err, what)
}

func (a *API) setCreatorStage(ctx context.Context, in *setStageInput) (*creatorStateOutput, error) {
	st := from(ctx)
	p, err := a.liveCreator(ctx, in.Creator)
	if err != nil {
		return nil, err
	}
	stage, ok := model.ParseStage(in.Body.Stage)
	if !ok {
		return nil, invalid("body.stage", in.Body.Stage, "is not a stage")
	}
	_, err = a.Store.SetStage(ctx, st.principal.Actor(), st.workspace.ID, []int64{p.ID}, stage, in.Body.Reason)
	if errors.Is(err, store.ErrReasonRequired) {
		return nil, invalid("body.reason", in.Body.Reason, "is required for "+string(stage))
	}
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	return a.afterChange(ctx, p.ID)
}

func (a *API) setCreatorOwner(ctx context.Context, in *setOwnerInput) (*creatorStateOutput, error) {
	st := from(ctx)
	p, err := a.liveCreator(ctx, in.Creator)
	if err != nil {
		return nil, err
	}
	var owner *int64
	if in.Body.OwnerID != 0 {
		owner = &in.Body.OwnerID
	}
	if !access.Can(st.role, access.ManageCreators) {
		self := st.principal.User != nil && owner != nil && *owner == st.principal.User.ID
		if p.OwnerID != nil || !self {
			return nil, huma.Error403Forbidden("With your role (" + string(st.role) + ") you may take an unowned creator yourself only; " +
				"assigning creators to others needs the creators.manage permission.")
		}
	}
	if _, err := a.Store.SetOwner(ctx, st.principal.Actor(), st.workspace.ID, []int64{p.ID}, owner); err != nil {
		if owner != nil && errors.Is(err, store.ErrNotFound) {
			return nil, invalid("body.owner_id", *owner, "is not a member of this workspace")
		}
		return nil, a.fail(err, "creator")
	}
	return a.afterChange(ctx, p.ID)
}

func (a *API) updateCreatorTags(ctx context.Context, in *tagsInput) (*creatorStateOutput, error) {
	st := from(ctx)
	p, err := a.liveCreator(ctx, in.Creator)
	if err != nil {
		return nil, err
	}
	if err := store.CheckTags("body.add", in.Body.Add); err != nil {
		return nil, tagInvalid(err)
	}
	if _, err := a.Store.UpdateTags(ctx, st.principal.Actor(), st.workspace.ID, []int64{p.ID}, in.Body.Add, in.Body.Remove); err != nil {
		return nil, a.fail(err, "creator")
	}
	return a.afterChange(ctx, p.ID)
}

func (a *API) updateCreatorProfile(ctx context.Context, in *profileInput) (*creatorStateOutput, error) {
	st := from(ctx)
	p, err := a.liveCreator(ctx, in.Creator)
	if err != nil {
		return nil, err
	}
	b := in.Body
	c := store.ProfileChange{DisplayName: b.DisplayName, Email: b.Email, Discord: b.Discord, Verticals: b.Verticals,
		Region: b.Region, Language: b.Language, TimeZone: b.TimeZone, Agency: b.Agency, Followers: b.Followers}
	if b.Followers != nil && *b.Followers == -1 {
		c.Followers, c.ClearFollowers = nil, true
	}
	if _, err := a.Store.UpdateProfile(ctx, st.principal.Actor(), st.workspace.ID, p.ID, c); err != nil {
		return nil, a.changeProblem(err, "creator")
	}
	return a.afterChange(ctx, p.ID)
}
