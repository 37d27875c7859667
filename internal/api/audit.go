package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// AuditEntry is one recorded change.
type AuditEntry struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	Actor      string          `json:"actor" doc:"Who made the change: an email, an API token, or cli" example:"ana@brand.example"`
	UserID     int64           `json:"user_id" doc:"The user who made it; 0 for a token or the command line"`
	TokenID    int64           `json:"token_id" doc:"The API token that made it; 0 otherwise"`
	Action     string          `json:"action" example:"shop.update"`
	ObjectType string          `json:"object_type" example:"shop"`
	ObjectID   string          `json:"object_id" example:"us-main"`
	Summary    string          `json:"summary"`
	Before     json.RawMessage `json:"before,omitempty" doc:"The object before the change (JSON); absent when there was none"`
	After      json.RawMessage `json:"after,omitempty" doc:"The object after the change (JSON); absent when there is none"`
}

type listAuditInput struct {
	WS     string `path:"ws" doc:"Workspace slug"`
	Action string `query:"action" doc:"Only entries of this action, e.g. shop.update" maxLength:"100"`
	PageParams
}

type listAuditOutput struct {
	Body struct {
		Items      []AuditEntry `json:"items"`
		NextCursor string       `json:"next_cursor" doc:"Pass as cursor for older entries; empty on the last page"`
	}
}

func registerAudit(a *API) {
	register(a, huma.Operation{OperationID: "list-audit", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/audit",
		Summary: "Read the audit log", Tags: []string{"Audit log"},
		Description: "Every change to the workspace's data and settings, newest first: who, when, what, before and after."},
		access.ViewAudit, a.listAudit)
}

func (a *API) listAudit(ctx context.Context, in *listAuditInput) (*listAuditOutput, error) {
	before := int64(0)
	if c, err := decodeCursor(in.Cursor); err != nil {
		return nil, err
	} else if c != "" {
		if before, err = strconv.ParseInt(c, 10, 64); err != nil || before <= 0 {
			return nil, huma.Error400BadRequest("cursor " + in.Cursor + " is not a cursor of the audit log")
		}
	}
	recs, err := a.Store.AuditLog(ctx, from(ctx).workspace.ID, store.AuditQuery{BeforeID: before, Limit: in.Limit + 1, Action: in.Action})
	if err != nil {
		return nil, a.fail(err, "audit entry")
	}
	out := &listAuditOutput{}
	out.Body.Items = []AuditEntry{}
	if len(recs) > in.Limit {
		recs = recs[:in.Limit]
		out.Body.NextCursor = encodeCursor(strconv.FormatInt(recs[len(recs)-1].ID, 10))
	}
	for _, r := range recs {
		out.Body.Items = append(out.Body.Items, AuditEntry{ID: r.ID, At: r.At, Actor: r.Actor, UserID: r.UserID, TokenID: r.TokenID,
			Action: r.Action, ObjectType: r.ObjectType, ObjectID: r.ObjectID, Summary: r.Summary,
			Before: storedJSON(r.Before), After: storedJSON(r.After)})
	}
	return out, nil
}

// storedJSON passes stored JSON through as is; nil (the field is left out) when none was stored.
func storedJSON(s string) json.RawMessage {
	if s == "" || s == "null" {
		return nil // omitted from the answer
	}
	return json.RawMessage(s)
}
