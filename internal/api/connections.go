package api

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/store"
)

// Connection is a workspace's connection to a platform shop as the API shows it: never a
// token, sealed or not.
type Connection struct {
	ID                     int64      `json:"id" doc:"Identifier used in paths"`
	Platform               string     `json:"platform" enum:"tiktok_shop,shopee"`
	PlatformShopID         string     `json:"platform_shop_id" doc:"The shop's id on the platform" example:"7494049642642441621"`
	ShopName               string     `json:"shop_name" example:"Glow Lab US"`
	Region                 string     `json:"region" example:"US"`
	Status                 string     `json:"status" enum:"active,needs_reauth,disconnected" doc:"needs_reauth: the platform refused to renew the authorization; the seller must connect the shop again"`
	Shop                   string     `json:"shop" doc:"Slug of the creatorops shop it feeds; empty when none is picked yet"`
	AccessExpiresAt        time.Time  `json:"access_expires_at" doc:"When the current access token expires; it is renewed before then"`
	AuthorizationExpiresAt time.Time  `json:"authorization_expires_at" doc:"When the seller's authorization (refresh token) ends: connect again before then"`
	LastRefreshAt          *time.Time `json:"last_refresh_at" doc:"Last renewal of the tokens; null when never renewed"`
	LastError              string     `json:"last_error" doc:"The platform's message when the last renewal failed; empty otherwise"`
	CreatedAt              time.Time  `json:"created_at"`
	UpdatedAt              time.Time  `json:"updated_at"`
}

func connectionOut(c *store.Connection, slugs map[int64]string) Connection {
	out := Connection{ID: c.ID, Platform: c.Platform, PlatformShopID: c.ExternalShopID, ShopName: c.ShopName, Region: c.Region,
		Status: c.Status, AccessExpiresAt: c.AccessExpiresAt, AuthorizationExpiresAt: c.RefreshExpiresAt,
		LastRefreshAt: c.LastRefreshAt, LastError: c.LastError, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if c.ShopID != nil {
		out.Shop = slugs[*c.ShopID]
	}
	return out
}

type listConnectionsInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
	PageParams
}

type listConnectionsOutput struct {
	Body struct {
		Items      []Connection `json:"items"`
		NextCursor string       `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type connectionInput struct {
	WS         string `path:"ws" doc:"Workspace slug"`
	Connection string `path:"connection" doc:"Connection id"`
}

type connectionOutput struct{ Body Connection }

// shopSlugs maps the workspace's shop ids to their slugs.
func (a *API) shopSlugs(ctx context.Context) (map[int64]string, error) {
	shops, err := a.Store.ShopSummaries(ctx, from(ctx).workspace.ID)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(shops))
	for _, sh := range shops {
		m[sh.ID] = sh.Slug
	}
	return m, nil
}

func (a *API) listConnections(ctx context.Context, in *listConnectionsInput) (*listConnectionsOutput, error) {
	after := int64(0)
	if key, err := decodeCursor(in.Cursor); err != nil {
		return nil, err
	} else if key != "" {
		if after, err = strconv.ParseInt(key, 10, 64); err != nil {
			return nil, huma.Error400BadRequest("cursor " + in.Cursor + " is not a cursor this API made: pass next_cursor from the previous page as is")
		}
	}
	conns, err := a.Store.Connections(ctx, from(ctx).workspace.ID)
	if err != nil {
		return nil, a.fail(err, "connection")
	}
	slugs, err := a.shopSlugs(ctx)
	if err != nil {
		return nil, a.fail(err, "shop")
	}
	sort.Slice(conns, func(i, j int) bool { return conns[i].ID < conns[j].ID })
	out := &listConnectionsOutput{}
	out.Body.Items = []Connection{}
	for _, c := range conns {
		if c.ID <= after {
			continue
		}
		if len(out.Body.Items) == in.Limit {
			out.Body.NextCursor = encodeCursor(strconv.FormatInt(out.Body.Items[len(out.Body.Items)-1].ID, 10))
			break
		}
		out.Body.Items = append(out.Body.Items, connectionOut(c, slugs))
	}
	return out, nil
}

// connection loads one connection of the current workspace; another workspace's is a 404.
func (a *API) connection(ctx context.Context, raw string) (*store.Connection, error) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, huma.Error404NotFound(fmt.Sprintf("connection %q not found in this workspace", raw))
	}
	c, err := a.Store.Connection(ctx, from(ctx).workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, huma.Error404NotFound(fmt.Sprintf("connection %d not found in this workspace", id))
	}
	if err != nil {
		return nil, a.fail(err, "connection")
	}
	return c, nil
}

func (a *API) getConnection(ctx context.Context, in *connectionInput) (*connectionOutput, error) {
	c, err := a.connection(ctx, in.Connection)
	if err != nil {
		return nil, err
	}
	slugs, err := a.shopSlugs(ctx)
	if err != nil {
		return nil, a.fail(err, "shop")
	}
	return &connectionOutput{Body: connectionOut(c, slugs)}, nil
}

func (a *API) disconnectConnection(ctx context.Context, in *connectionInput) (*struct{}, error) {
	st := from(ctx)
	c, err := a.connection(ctx, in.Connection)
	if err != nil {
		return nil, err
	}
	if err := a.Store.DisconnectConnection(ctx, st.principal.Actor(), st.workspace.ID, c.ID); err != nil {
		return nil, a.fail(err, "connection")
	}
	return nil, nil
}
