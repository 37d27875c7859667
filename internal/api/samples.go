package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// Sample is a creator's free-sample application, synced from TikTok Shop.
type Sample struct {
	ID                int64      `json:"id" doc:"Identifier used in paths"`
	PlatformID        string     `json:"platform_id" doc:"The application's id on TikTok Shop" example:"7400000000000000012"`
	ConnectionID      int64      `json:"connection_id" doc:"The shop connection it was synced from"`
	ShopName          string     `json:"shop_name" example:"Glow Lab US"`
	CreatorID         *int64     `json:"creator_id" doc:"The creator in the CRM; null only when the platform named nobody"`
	CreatorHandle     string     `json:"creator_handle" example:"pixiemint_1"`
	CreatorPlatformID string     `json:"creator_platform_id" doc:"The creator's user id on TikTok Shop"`
	ProductID         string     `json:"product_id" doc:"The platform's product id" example:"1729000000000000003"`
	ProductName       string     `json:"product_name" doc:"Empty while the product is not in the shop's imported data"`
	SKUID             string     `json:"sku_id"`
	Status            string     `json:"status" enum:"pending,approved,rejected,shipped,delivered,content_posted,completed,cancelled,other" doc:"Normalized from platform_status"`
	PlatformStatus    string     `json:"platform_status" doc:"The status as TikTok Shop writes it" example:"PENDING"`
	CommissionRateBP  *int64     `json:"commission_rate_bp" doc:"The commission rate the creator applied at, in basis points (1500 = 15%); null when none was given"`
	RequestedAt       time.Time  `json:"requested_at"`
	ReviewedAt        *time.Time `json:"reviewed_at" doc:"When it was reviewed from creatorops; null otherwise (a review made in Seller Center shows as a status)"`
	ReviewedBy        string     `json:"reviewed_by" doc:"Who reviewed it from creatorops"`
	RejectReason      string     `json:"reject_reason"`
	ShippedAt         *time.Time `json:"shipped_at" doc:"When a sync first saw it shipped"`
	DeliveredAt       *time.Time `json:"delivered_at" doc:"When a sync first saw it delivered"`
	ContentPostedAt   *time.Time `json:"content_posted_at" doc:"When a sync first saw its content posted"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

func sampleOut(r *store.SampleRow) Sample {
	return Sample{ID: r.ID, PlatformID: r.PlatformID, ConnectionID: r.ConnectionID, ShopName: r.ShopName, CreatorID: r.CreatorID,
		CreatorHandle: r.CreatorHandle, CreatorPlatformID: r.CreatorUserID, ProductID: r.ProductID, ProductName: r.ProductName,
		SKUID: r.SKUID, Status: r.Status, PlatformStatus: r.PlatformStatus, CommissionRateBP: r.CommissionRateBP,
		RequestedAt: r.RequestedAt, ReviewedAt: r.ReviewedAt, ReviewedBy: r.ReviewedBy, RejectReason: r.RejectReason,
		ShippedAt: r.ShippedAt, DeliveredAt: r.DeliveredAt, ContentPostedAt: r.ContentPostedAt, UpdatedAt: r.UpdatedAt}
}

type listSamplesInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Status  string `query:"status" enum:"pending,approved,rejected,shipped,delivered,content_posted,completed,cancelled,other" doc:"Only applications in this status"`
	Product string `query:"product" maxLength:"64" doc:"Only applications for this product (the platform's product id)"`
	Creator string `query:"creator" maxLength:"200" doc:"Only creators whose handle contains this"`
	From    string `query:"from" format:"date" doc:"Requested on or after this day, in the workspace's time zone"`
	To      string `query:"to" format:"date" doc:"Requested on or before this day, in the workspace's time zone"`
	PageParams
}

type listSamplesOutput struct {
	Body struct {
		Items      []Sample `json:"items"`
		NextCursor string   `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type sampleInput struct {
	WS     string `path:"ws" doc:"Workspace slug"`
	Sample string `path:"sample" doc:"Sample application id"`
}

type sampleOutput struct{ Body Sample }

// registerSamples adds the operations on sample applications.
func registerSamples(a *API) {
	tags := []string{"Samples"}
	base := Prefix + "/workspaces/{ws}/samples"
	register(a, huma.Operation{OperationID: "list-samples", Method: http.MethodGet, Path: base, Summary: "List sample applications", Tags: tags,
		Description: "Creators' free-sample applications, synced from each connected TikTok Shop every 15 minutes; newest request first."},
		access.ViewData, a.listSamples)
	register(a, huma.Operation{OperationID: "get-sample", Method: http.MethodGet, Path: base + "/{sample}", Summary: "Get a sample application", Tags: tags},
		access.ViewData, a.getSample)
	register(a, huma.Operation{OperationID: "review-sample", Method: http.MethodPost, Path: base + "/{sample}/review",
		Summary: "Approve or reject a sample application", Tags: tags, Errors: []int{http.StatusConflict, http.StatusBadGateway, http.StatusServiceUnavailable},
		Description: "Sends the decision to TikTok Shop, then records who reviewed it and when. A rejection needs a reason, which the creator reads. " +
			"An application reviewed already is left alone (`result` unchanged, nothing is sent): a second approval is harmless. " +
			"409: TikTok Shop refused the review (its message and code are in the problem). 502: TikTok Shop could not be reached. " +
			"503: this server has no TikTok Shop app configured."},
		access.ManageAffiliate, a.reviewSample)
	register(a, huma.Operation{OperationID: "review-samples", Method: http.MethodPost, Path: base + "/review",
		Summary: "Approve or reject several sample applications", Tags: tags,
		Description: fmt.Sprintf("Sends one decision for up to %d applications, one after the other. Every id must be an application of the workspace (404 otherwise, and nothing is sent). "+
			"The answer says what became of each: reviewed, unchanged (reviewed already: nothing sent) or failed (with TikTok Shop's message); one failure does not stop the others.", maxReviewIDs)},
		access.ManageAffiliate, a.reviewSamples)
}

func (a *API) listSamples(ctx context.Context, in *listSamplesInput) (*listSamplesOutput, error) {
	st := from(ctx)
	loc := st.workspace.Location()
	q := store.SampleQuery{Status: in.Status, ProductID: strings.TrimSpace(in.Product), Creator: model.CanonicalHandle(in.Creator), Limit: in.Limit}
	for _, d := range []struct {
		name, value string
		dst         *time.Time
		next        bool
	}{{"from", in.From, &q.From, false}, {"to", in.To, &q.To, true}} {
		if d.value == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.value, loc)
		if err != nil {
			return nil, invalid(d.name, d.value, "is not a date (YYYY-MM-DD)")
		}
		if d.next {
			t = t.AddDate(0, 0, 1)
		}
		*d.dst = t
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return nil, invalid("from", in.From, "is after to "+in.To)
	}
	key, err := decodeCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	if key != "" {
		k, ok := store.ParseSampleKey(key)
		if !ok {
			return nil, huma.Error400BadRequest("cursor " + in.Cursor + " is not a cursor of this list: pass next_cursor from the previous page as is")
		}
		q.After = &k
	}
	rows, more, err := a.Store.SampleApplications(ctx, st.workspace.ID, q)
	if err != nil {
		return nil, a.fail(err, "sample application")
	}
	out := &listSamplesOutput{}
	out.Body.Items = make([]Sample, 0, len(rows))
	for i := range rows {
		out.Body.Items = append(out.Body.Items, sampleOut(&rows[i]))
	}
	if more {
		out.Body.NextCursor = encodeCursor(rows[len(rows)-1].Key().String())
	}
	return out, nil
}

// sample finds the {sample} of the path among the workspace's applications.
func (a *API) sample(ctx context.Context, raw string) (*store.SampleRow, error) {
	notFound := huma.Error404NotFound(fmt.Sprintf("sample application %q not found in this workspace", raw))
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, notFound
	}
	r, err := a.Store.SampleApplication(ctx, from(ctx).workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, a.fail(err, "sample application")
	}
	return r, nil
}

func (a *API) getSample(ctx context.Context, in *sampleInput) (*sampleOutput, error) {
	r, err := a.sample(ctx, in.Sample)
	if err != nil {
		return nil, err
	}
	return &sampleOutput{Body: sampleOut(r)}, nil
}
