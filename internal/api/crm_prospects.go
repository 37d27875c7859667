package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/store"
)

// Prospect is a creator worth contacting next, with its fit score explained.
type Prospect struct {
	ID              int64       `json:"id"`
	Handle          string      `json:"handle" example:"pixiemint_1"`
	DisplayName     string      `json:"display_name"`
	Stage           string      `json:"stage" enum:"prospect,contacted"`
	Score           int         `json:"score" doc:"Fit score, 0 to 100: the sum of the parts' points"`
	ScoreParts      []ScorePart `json:"score_parts" doc:"The score's components (ScorePart, as in get-creator-profile)"`
	Followers       *int64      `json:"followers"`
	Verticals       []string    `json:"verticals"`
	Region          string      `json:"region"`
	LastContactedAt *time.Time  `json:"last_contacted_at"`
	OwnerEmail      string      `json:"owner_email"`
}

type listProspectsInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
	PageParams
}

type listProspectsOutput struct {
	Body struct {
		Items      []Prospect `json:"items"`
		NextCursor string     `json:"next_cursor" doc:"Cursor of the next page; empty on the last"`
	}
}

func registerBestProspects(a *API) {
	register(a, huma.Operation{OperationID: "list-best-prospects", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/crm/prospects",
		Summary: "List the best next creators to contact", Tags: []string{"CRM settings"},
		Description: "Prospects and contacted creators by fit score, best first; do-not-contact, banned and merged creators, " +
			"creators past contacted, and anyone contacted within recontact_days are left out."}, access.ViewData, a.listBestProspects)
}

func (a *API) listBestProspects(ctx context.Context, in *listProspectsInput) (*listProspectsOutput, error) {
	ws := from(ctx).workspace
	key, err := decodeCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	var after *store.ProspectKey
	if key != "" {
		var k store.ProspectKey
		if _, err := fmt.Sscanf(key, "%d.%d", &k.Score, &k.ID); err != nil || k.ID <= 0 {
			return nil, huma.Error400BadRequest("cursor " + in.Cursor + " is not a cursor of this list")
		}
		after = &k
	}
	set, err := a.Store.CRMSettings(ctx, ws.ID)
	if err != nil {
		return nil, a.fail(err, "settings")
	}
	rows, err := a.Store.BestProspects(ctx, ws.ID, store.ProspectQuery{RecontactDays: set.RecontactDays, Now: time.Now(),
		After: after, Limit: in.Limit + 1})
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	out := &listProspectsOutput{}
	out.Body.Items = []Prospect{}
	if len(rows) > in.Limit {
		rows = rows[:in.Limit]
		last := rows[len(rows)-1]
		out.Body.NextCursor = encodeCursor(fmt.Sprintf("%d.%d", last.Score, last.ID))
	}
	for _, r := range rows {
		p := Prospect{ID: r.ID, Handle: r.Username, DisplayName: r.DisplayName, Stage: string(r.Stage), Score: r.Score,
			ScoreParts: []ScorePart{}, Followers: r.Followers, Verticals: r.Verticals, Region: r.Region,
			LastContactedAt: r.LastContactedAt, OwnerEmail: r.OwnerEmail}
		if p.Verticals == nil {
			p.Verticals = []string{}
		}
		parts, _ := crm.ParseScoreParts(r.ScoreParts) // unreadable parts: none listed, the score stays
		for _, sp := range parts {
			p.ScoreParts = append(p.ScoreParts, ScorePart(sp))
		}
		out.Body.Items = append(out.Body.Items, p)
	}
	return out, nil
}
