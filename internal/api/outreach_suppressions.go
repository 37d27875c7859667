package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// Suppression is an address or creator no sequence may message.
type Suppression struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind" enum:"email,tiktok,discord,creator"`
	Value     string    `json:"value" doc:"The address (emails lower-cased), or the creator id"`
	Reason    string    `json:"reason" doc:"unsubscribed, bounced, complained, closed_dms, blocked or manual"`
	Note      string    `json:"note"`
	Scope     string    `json:"scope" enum:"workspace,agency" doc:"agency: holds in every workspace of the agency"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

func suppressionOut(x *store.Suppression) Suppression {
	return Suppression{ID: x.ID, Kind: x.Kind, Value: x.Value, Reason: x.Reason, Note: x.Note, Scope: x.Scope, CreatedBy: x.CreatedBy, CreatedAt: x.CreatedAt}
}

type listSuppressionsInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
	PageParams
}

type listSuppressionsOutput struct {
	Body struct {
		Items      []Suppression `json:"items"`
		NextCursor string        `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type addSuppressionInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		Kind  string `json:"kind" enum:"email,tiktok,discord,creator"`
		Value string `json:"value" minLength:"1" maxLength:"320" doc:"The address, or the creator id for kind creator"`
		Note  string `json:"note,omitempty" required:"false" maxLength:"200"`
		Scope string `json:"scope,omitempty" required:"false" enum:"workspace,agency" doc:"Default workspace"`
	}
}

type suppressionInput struct {
	WS          string `path:"ws" doc:"Workspace slug"`
	Suppression string `path:"suppression" doc:"Suppression id"`
}

type suppressionOutput struct{ Body Suppression }

func registerOutreachSuppressions(a *API) {
	base := outreachPath + "/suppressions"
	register(a, huma.Operation{OperationID: "list-suppressions", Method: http.MethodGet, Path: base,
		Summary: "List the suppression list", Tags: outreachTags, Description: "Newest first: the workspace's entries and its agency's."},
		access.ViewData, a.listSuppressions)
	register(a, huma.Operation{OperationID: "add-suppression", Method: http.MethodPost, Path: base, DefaultStatus: http.StatusCreated,
		Summary: "Suppress an address or a creator", Tags: outreachTags,
		Description: "Reason manual. Adding an entry that exists changes nothing. Queued messages to it are cancelled before sending."},
		access.RunOutreach, a.addSuppression)
	register(a, huma.Operation{OperationID: "remove-suppression", Method: http.MethodDelete, Path: base + "/{suppression}",
		DefaultStatus: http.StatusNoContent, Summary: "Lift a suppression", Tags: outreachTags,
		Description: "Sequences may message the address or creator again."}, access.ConfigureOutreach, a.removeSuppression)
}

func (a *API) listSuppressions(ctx context.Context, in *listSuppressionsInput) (*listSuppressionsOutput, error) {
	after, err := decodeIDCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	xs, err := a.Store.Suppressions(ctx, from(ctx).workspace.ID, after, in.Limit)
	if err != nil {
		return nil, a.fail(err, "suppression")
	}
	out := &listSuppressionsOutput{}
	out.Body.Items = []Suppression{}
	for i := range xs {
		out.Body.Items = append(out.Body.Items, suppressionOut(&xs[i]))
	}
	if len(xs) == in.Limit {
		out.Body.NextCursor = encodeCursor(strconv.FormatInt(xs[len(xs)-1].ID, 10))
	}
	return out, nil
}

func (a *API) addSuppression(ctx context.Context, in *addSuppressionInput) (*suppressionOutput, error) {
	st := from(ctx)
	x := &store.Suppression{WorkspaceID: st.workspace.ID, Kind: in.Body.Kind, Value: in.Body.Value, Note: in.Body.Note, Scope: in.Body.Scope, Reason: "manual"}
	if x.Kind == store.SuppressCreator {
		id, err := strconv.ParseInt(x.Value, 10, 64)
		if err != nil || id <= 0 {
			return nil, invalid("body.value", x.Value, "is not a creator id")
		}
		if _, err := a.Store.OutreachCreatorOf(ctx, st.workspace.ID, id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil, invalid("body.value", x.Value, "is not a creator of this workspace")
			}
			return nil, a.fail(err, "creator")
		}
	}
	if err := a.Store.AddSuppression(ctx, st.principal.Actor(), x); err != nil {
		return nil, a.outreachProblem(err, "suppression")
	}
	got, err := a.Store.SuppressionOf(ctx, st.workspace.ID, x.Kind, x.Value)
	if err != nil {
		return nil, a.fail(err, "suppression")
	}
	return &suppressionOutput{Body: suppressionOut(got)}, nil
}

func (a *API) removeSuppression(ctx context.Context, in *suppressionInput) (*struct{}, error) {
	st := from(ctx)
	id, err := pathObjectID(in.Suppression, "suppression")
	if err != nil {
		return nil, err
	}
	if err := a.Store.RemoveSuppression(ctx, st.principal.Actor(), st.workspace.ID, id); err != nil {
		return nil, a.found(err, "suppression", in.Suppression)
	}
	return nil, nil
}
