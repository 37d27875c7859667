package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// PromotionLink is a product's affiliate promotion link.
type PromotionLink struct {
	ProductID    string     `json:"product_id" example:"1729000000000000003"`
	ProductName  string     `json:"product_name"`
	URL          string     `json:"url" doc:"Empty while TikTok Shop refuses to make one (error says why)"`
	GeneratedAt  *time.Time `json:"generated_at"`
	Error        string     `json:"error" doc:"The platform's refusal, e.g. the product is not in the affiliate pool"`
	AttemptedAt  time.Time  `json:"attempted_at"`
	ConnectionID int64      `json:"connection_id"`
	ShopName     string     `json:"shop_name"`
}

type listPromotionLinksInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Q       string `query:"q" maxLength:"200" doc:"Product name or id contains this"`
	Missing bool   `query:"missing" doc:"Only products the platform refused"`
	PageParams
}

type listPromotionLinksOutput struct {
	Body struct {
		Items      []PromotionLink `json:"items"`
		NextCursor string          `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type startSearchInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		ConnectionID int64  `json:"connection_id,omitempty" required:"false" doc:"The shop connection to search through; omit when the workspace has only one"`
		Keyword      string `json:"keyword,omitempty" required:"false" maxLength:"100" example:"skincare"`
		MinFollowers int64  `json:"min_followers,omitempty" required:"false" minimum:"0"`
		MaxFollowers int64  `json:"max_followers,omitempty" required:"false" minimum:"0" doc:"0: no maximum"`
		Limit        int    `json:"limit,omitempty" required:"false" minimum:"0" maximum:"1000" doc:"How many creators to bring in at most; 0 for 100"`
	}
}

type startSearchOutput struct {
	Body struct {
		JobID  int64  `json:"job_id" doc:"The search's job; the same search asked again while it runs is the same job"`
		Status string `json:"status" enum:"queued,running,done,dead"`
	}
}

// registerCollaborationExtras adds promotion links, messages and marketplace searches.
func registerCollaborationExtras(a *API) {
	register(a, huma.Operation{OperationID: "list-promotion-links", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/promotion-links",
		Summary: "List products' promotion links", Tags: []string{"Collaborations"},
		Description: "By product name. Links are generated in the background for the products of each connected shop, and renewed after 30 days."},
		access.ViewData, a.listPromotionLinks)
	register(a, huma.Operation{OperationID: "start-creator-search", Method: http.MethodPost, Path: Prefix + "/workspaces/{ws}/creator-searches",
		Summary: "Search the TikTok Shop creator marketplace into the CRM", Tags: []string{"Creators"}, DefaultStatus: http.StatusAccepted,
		Errors:      []int{http.StatusUnprocessableEntity},
		Description: "Queues a search; the creators found are added as prospects (with their TikTok user ids, which messages and invitations need) as it runs, 20 a page."},
		access.EditCreators, a.startCreatorSearch)
	registerMessages(a)
}

func (a *API) listPromotionLinks(ctx context.Context, in *listPromotionLinksInput) (*listPromotionLinksOutput, error) {
	offset, err := decodeIDCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	links, more, err := a.Store.PromotionLinks(ctx, from(ctx).workspace.ID, store.PromotionLinkFilter{Query: in.Q, Missing: in.Missing,
		Offset: int(offset), Limit: in.Limit})
	if err != nil {
		return nil, a.fail(err, "promotion links")
	}
	out := &listPromotionLinksOutput{}
	out.Body.Items = make([]PromotionLink, 0, len(links))
	for _, l := range links {
		out.Body.Items = append(out.Body.Items, PromotionLink{ProductID: l.ProductID, ProductName: l.ProductName, URL: l.URL,
			GeneratedAt: l.GeneratedAt, Error: l.Error, AttemptedAt: l.AttemptedAt, ConnectionID: l.ConnectionID, ShopName: l.ShopName})
	}
	if more {
		out.Body.NextCursor = encodeCursor(strconv.Itoa(int(offset) + len(links)))
	}
	return out, nil
}

func (a *API) startCreatorSearch(ctx context.Context, in *startSearchInput) (*startSearchOutput, error) {
	ws := from(ctx).workspace
	conn, err := platformsync.ActionConnection(ctx, a.Store, ws.ID, in.Body.ConnectionID)
	if err != nil {
		return nil, a.actionProblem(err, "connection")
	}
	id, err := (&platformsync.Syncer{Store: a.Store}).SearchCreators(ctx, ws.ID, platformsync.CreatorSearch{ConnectionID: conn.ID,
		Keyword: in.Body.Keyword, MinFollowers: in.Body.MinFollowers, MaxFollowers: in.Body.MaxFollowers, Limit: in.Body.Limit})
	if err != nil {
		// Only ranges and limits are refused.
		return nil, invalid("body", in.Body.Limit, err.Error())
	}
	job, err := a.Store.Job(ctx, ws.ID, id)
	if err != nil {
		return nil, a.fail(err, "job")
	}
	out := &startSearchOutput{}
	out.Body.JobID, out.Body.Status = id, job.Status
	return out, nil
}

// platformClients is the connect service as the actions take it: nil without a TikTok Shop
// app (a nil *connect.Service in an interface would not be nil).
func (a *API) platformClients() platformsync.Clients {
	if !a.Connect.Configured() {
		return nil
	}
	return a.Connect
}

func tiktokshopProduct(id string, bp int64) tiktokshop.TargetProduct {
	return tiktokshop.TargetProduct{ProductID: id, CommissionRateBP: bp}
}

// platformError reports whether err came from the platform (a refusal, a failure to reach it,
// a connection needing the seller) rather than from creatorops' own storage.
func platformError(err error) bool {
	var se *platformsync.SendError
	_, isAPI := tiktokshop.AsAPIError(err)
	return isAPI || errors.As(err, &se) || errors.Is(err, connect.ErrNeedsReauth)
}
