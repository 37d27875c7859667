package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// Collaboration is a TikTok Shop open or target collaboration, synced or created here.
type Collaboration struct {
	ID              int64                  `json:"id" doc:"Identifier used in paths"`
	PlatformID      string                 `json:"platform_id" doc:"The collaboration's id on TikTok Shop" example:"7310000000000000042"`
	Kind            string                 `json:"kind" enum:"open,target" doc:"open: a public commission on a product; target: chosen creators invited at the brand's rates"`
	Name            string                 `json:"name" doc:"Empty for open collaborations, which have no name on the platform"`
	Message         string                 `json:"message" doc:"The message to the invited creators, when created here"`
	Status          string                 `json:"status" doc:"As TikTok Shop writes it" example:"ACTIVE"`
	CommissionBP    int64                  `json:"commission_bp" doc:"The highest commission rate it offers, in basis points (1500 = 15%)"`
	FreeSample      bool                   `json:"free_sample" doc:"Target collaborations: creators may ask for a free sample"`
	RequireApproval bool                   `json:"require_approval" doc:"Open collaborations: the seller approves each creator"`
	StartAt         *time.Time             `json:"start_at"`
	EndAt           *time.Time             `json:"end_at"`
	ConnectionID    int64                  `json:"connection_id"`
	ShopName        string                 `json:"shop_name" example:"Glow Lab US"`
	ProductCount    int                    `json:"product_count"`
	CreatorCount    int                    `json:"creator_count" doc:"Target collaborations: the creators invited"`
	CreatedBy       string                 `json:"created_by" doc:"Who created it from creatorops; empty when the sync found it"`
	CreatedAt       time.Time              `json:"created_at"`
	UpdatedAt       time.Time              `json:"updated_at"`
	Products        []CollaborationProduct `json:"products,omitempty" doc:"Only when getting one collaboration"`
	Creators        []CollaborationCreator `json:"creators,omitempty" doc:"Only when getting one target collaboration"`
}

// CollaborationProduct is a product of a collaboration.
type CollaborationProduct struct {
	ProductID    string `json:"product_id" example:"1729000000000000003"`
	Name         string `json:"name" doc:"Empty while the product is not in the shop's imported data"`
	CommissionBP int64  `json:"commission_bp"`
}

// CollaborationCreator is a creator a target collaboration invites.
type CollaborationCreator struct {
	PlatformUserID string `json:"platform_user_id" doc:"The creator's user id on TikTok Shop"`
	CreatorID      *int64 `json:"creator_id" doc:"The creator in the CRM; null when not in it"`
	Handle         string `json:"handle"`
}

func collaborationOut(c *store.Collaboration) Collaboration {
	out := Collaboration{ID: c.ID, PlatformID: c.PlatformID, Kind: c.Kind, Name: c.Name, Message: c.Message, Status: c.Status,
		CommissionBP: c.CommissionBP, FreeSample: c.FreeSample, RequireApproval: c.RequireApproval, StartAt: c.StartAt, EndAt: c.EndAt,
		ConnectionID: c.ConnectionID, ShopName: c.ShopName, ProductCount: c.ProductCount, CreatorCount: c.CreatorCount,
		CreatedBy: c.CreatedBy, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	for _, p := range c.Products {
		out.Products = append(out.Products, CollaborationProduct{ProductID: p.ProductID, Name: p.Name, CommissionBP: p.CommissionBP})
	}
	for _, cr := range c.Creators {
		out.Creators = append(out.Creators, CollaborationCreator{PlatformUserID: cr.UserID, CreatorID: cr.CreatorID, Handle: cr.Handle})
	}
	return out
}

type listCollaborationsInput struct {
	WS     string `path:"ws" doc:"Workspace slug"`
	Kind   string `query:"kind" enum:"open,target" doc:"Only this kind"`
	Status string `query:"status" maxLength:"64" doc:"Only this platform status" example:"ACTIVE"`
	Q      string `query:"q" maxLength:"200" doc:"Name contains this, or the platform id is this"`
	PageParams
}

type listCollaborationsOutput struct {
	Body struct {
		Items      []Collaboration `json:"items"`
		NextCursor string          `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type collaborationInput struct {
	WS            string `path:"ws" doc:"Workspace slug"`
	Collaboration string `path:"collaboration" doc:"Collaboration id"`
}

type collaborationOutput struct{ Body Collaboration }

// registerCollaborations adds the operations on collaborations, promotion links, messages to
// a creator and marketplace searches.
func registerCollaborations(a *API) {
	tags := []string{"Collaborations"}
	base := Prefix + "/workspaces/{ws}/collaborations"
	register(a, huma.Operation{OperationID: "list-collaborations", Method: http.MethodGet, Path: base,
		Summary: "List collaborations", Tags: tags,
		Description: "Open and target collaborations of the workspace's TikTok Shop connections, newest first: synced every 30 minutes, and target collaborations created here at once."},
		access.ViewData, a.listCollaborations)
	register(a, huma.Operation{OperationID: "get-collaboration", Method: http.MethodGet, Path: base + "/{collaboration}",
		Summary: "Get a collaboration with its products and creators", Tags: tags}, access.ViewData, a.getCollaboration)
	register(a, huma.Operation{OperationID: "create-target-collaboration", Method: http.MethodPost, Path: base,
		Summary: "Invite creators to a target collaboration", Tags: tags, DefaultStatus: http.StatusCreated,
		Errors: []int{http.StatusUnprocessableEntity, http.StatusBadGateway, http.StatusServiceUnavailable},
		Description: "Creates the collaboration on TikTok Shop in calls of at most 50 creators × 100 products (every creator gets every product once). " +
			"Each call the platform accepts is stored as a collaboration of its own and put on its creators' timelines as an invite (which counts against the shop's weekly first-contact quota). " +
			"A call that fails does not undo the others and is not retried: `calls` says what each did (201 when at least one was created; 502 when none was). " +
			"Creators without a TikTok user id, merged, or in do-not-contact / banned are left out and listed in `skipped`."},
		access.ManageAffiliate, a.createTargetCollaboration)
	registerCollaborationExtras(a)
}

func (a *API) listCollaborations(ctx context.Context, in *listCollaborationsInput) (*listCollaborationsOutput, error) {
	before, err := decodeIDCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	cs, more, err := a.Store.Collaborations(ctx, from(ctx).workspace.ID, store.CollaborationFilter{Kind: in.Kind, Status: in.Status, Query: in.Q,
		BeforeID: before, Limit: in.Limit})
	if err != nil {
		return nil, a.fail(err, "collaborations")
	}
	out := &listCollaborationsOutput{}
	out.Body.Items = make([]Collaboration, 0, len(cs))
	for _, c := range cs {
		out.Body.Items = append(out.Body.Items, collaborationOut(c))
	}
	if more {
		out.Body.NextCursor = encodeCursor(strconv.FormatInt(cs[len(cs)-1].ID, 10))
	}
	return out, nil
}

func (a *API) getCollaboration(ctx context.Context, in *collaborationInput) (*collaborationOutput, error) {
	id, err := strconv.ParseInt(in.Collaboration, 10, 64)
	if err != nil || id <= 0 {
		return nil, huma.Error404NotFound("collaboration " + strconv.Quote(in.Collaboration) + " not found")
	}
	c, err := a.Store.Collaboration(ctx, from(ctx).workspace.ID, id)
	if err != nil {
		return nil, a.fail(err, "collaboration")
	}
	return &collaborationOutput{Body: collaborationOut(c)}, nil
}

type createTargetInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		ConnectionID int64     `json:"connection_id,omitempty" required:"false" doc:"The shop connection; omit when the workspace has only one"`
		Name         string    `json:"name" required:"false" maxLength:"200" doc:"Shown to the creators" example:"Summer drop"`
		Message      string    `json:"message,omitempty" required:"false" maxLength:"1000" doc:"Shown to the creators"`
		EndTime      time.Time `json:"end_time" required:"false" doc:"Until when the offer stands (future)"`
		CreatorIDs   []int64   `json:"creator_ids" required:"false" maxItems:"1000" doc:"CRM creator ids"`
		Products     []struct {
			ProductID    string `json:"product_id" maxLength:"30" doc:"TikTok Shop product id" example:"1729000000000000003"`
			CommissionBP int64  `json:"commission_bp" doc:"Rate offered on it, in basis points: 100–8000" example:"1500"`
		} `json:"products" required:"false" maxItems:"500"`
		FreeSample bool `json:"free_sample,omitempty" required:"false" doc:"Creators may ask for a free sample"`
	}
}

// TargetCall is what one platform call of a target collaboration did.
type TargetCall struct {
	Part            int      `json:"part"`
	Of              int      `json:"of"`
	Creators        []string `json:"creators" doc:"Handles of the creators it invited"`
	ProductIDs      []string `json:"product_ids"`
	PlatformID      string   `json:"platform_id" doc:"Empty when it failed"`
	CollaborationID int64    `json:"collaboration_id" doc:"0 when it failed"`
	Error           string   `json:"error" doc:"Why it failed; empty when created"`
}

// SkippedCreator is a creator left out of an invitation.
type SkippedCreator struct {
	CreatorID int64  `json:"creator_id"`
	Handle    string `json:"handle"`
	Why       string `json:"why"`
}

type createTargetOutput struct {
	Body struct {
		Created int              `json:"created" doc:"Calls created"`
		Failed  int              `json:"failed" doc:"Calls refused or failed"`
		Calls   []TargetCall     `json:"calls"`
		Skipped []SkippedCreator `json:"skipped"`
	}
}

func (a *API) createTargetCollaboration(ctx context.Context, in *createTargetInput) (*createTargetOutput, error) {
	st := from(ctx)
	inv := platformsync.TargetInvite{ConnectionID: in.Body.ConnectionID, Name: in.Body.Name, Message: in.Body.Message, EndTime: in.Body.EndTime,
		CreatorIDs: in.Body.CreatorIDs, FreeSample: in.Body.FreeSample}
	for _, p := range in.Body.Products {
		inv.Products = append(inv.Products, tiktokshopProduct(p.ProductID, p.CommissionBP))
	}
	res, err := platformsync.CreateTargetCollaboration(ctx, a.Store, a.platformClients(), st.principal.Actor(), st.workspace.ID, inv)
	if err != nil {
		return nil, a.actionProblem(err, "connection")
	}
	out := &createTargetOutput{}
	out.Body.Created, out.Body.Failed = res.Created, res.Failed
	out.Body.Calls, out.Body.Skipped = []TargetCall{}, []SkippedCreator{}
	for _, ch := range res.Chunks {
		c := TargetCall{Part: ch.Part, Of: ch.Of, Creators: ch.Handles, ProductIDs: ch.ProductIDs, PlatformID: ch.PlatformID, CollaborationID: ch.CollaborationID}
		if ch.Err != nil {
			c.Error = ch.Err.Error()
		}
		out.Body.Calls = append(out.Body.Calls, c)
	}
	for _, s := range res.Skipped {
		out.Body.Skipped = append(out.Body.Skipped, SkippedCreator{CreatorID: s.CreatorID, Handle: s.Handle, Why: s.Why})
	}
	if res.Created == 0 {
		msg := "TikTok Shop created none of the calls"
		if len(out.Body.Calls) > 0 {
			msg += ": " + out.Body.Calls[0].Error
		}
		return nil, huma.Error502BadGateway(msg)
	}
	return out, nil
}

// actionProblem maps the errors of a platform action: bad input 422 (on the body field it
// names), an unknown object of the path 404, no app 503, the platform's refusal 502.
func (a *API) actionProblem(err error, what string) error {
	if fe, ok := store.AsFieldError(err); ok {
		return invalid("body."+fe.Field, fe.Value, fe.Reason)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return huma.Error422UnprocessableEntity(what + " is not one of this workspace's")
	case errors.Is(err, platformsync.ErrNotConfigured):
		return huma.Error503ServiceUnavailable(err.Error())
	case errors.Is(err, platformsync.ErrNoTikTokID):
		return huma.Error409Conflict(err.Error())
	}
	if platformError(err) {
		return huma.Error502BadGateway(err.Error())
	}
	return a.fail(err, what)
}
