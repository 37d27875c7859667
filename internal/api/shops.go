package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// Shop is a selling account of a workspace as the API shows it.
type Shop struct {
	Slug         string     `json:"slug" doc:"Identifier used in paths; fixed once created" example:"us-main"`
	Name         string     `json:"name" example:"Glow Lab US"`
	Platform     string     `json:"platform" enum:"tiktok_shop,shopee,dtc"`
	Region       string     `json:"region" example:"US"`
	Currency     string     `json:"currency" doc:"ISO 4217 code of the amounts in its exports; fixed once the shop has order lines" example:"USD"`
	Locale       string     `json:"locale" doc:"How its exports write numbers (BCP 47)" example:"en-US"`
	Timezone     string     `json:"timezone" doc:"IANA zone its exports write times in" example:"America/Los_Angeles"`
	HasLines     bool       `json:"has_lines" doc:"Whether any order line was imported into the shop"`
	Imports      int        `json:"imports" doc:"Number of imports into the shop"`
	LastImportAt *time.Time `json:"last_import_at" doc:"Start of the last import, null when never imported"`
	CreatedAt    time.Time  `json:"created_at"`
}

func shopOut(sh *store.ShopSummary) Shop {
	return Shop{Slug: sh.Slug, Name: sh.Name, Platform: sh.Platform, Region: sh.Region, Currency: sh.Currency,
		Locale: sh.Locale, Timezone: sh.Timezone, HasLines: sh.HasLines, Imports: sh.Imports,
		LastImportAt: sh.LastImportAt, CreatedAt: sh.CreatedAt}
}

type listShopsInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
	PageParams
}

type listShopsOutput struct {
	Body struct {
		Items      []Shop `json:"items"`
		NextCursor string `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type shopInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Shop string `path:"shop" doc:"Shop slug"`
}

type shopOutput struct{ Body Shop }

type createShopInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		Slug     string `json:"slug" doc:"Lowercase letters, digits, '-' and '_', at most 63" example:"us-main" maxLength:"63"`
		Name     string `json:"name,omitempty" doc:"Defaults to the slug" maxLength:"100"`
		Platform string `json:"platform" enum:"tiktok_shop,shopee,dtc"`
		Region   string `json:"region,omitempty" maxLength:"40"`
		Currency string `json:"currency" doc:"ISO 4217 code" example:"USD" maxLength:"8"`
		Locale   string `json:"locale,omitempty" doc:"BCP 47 number format; defaults to the currency's market" example:"en-US" maxLength:"16"`
		Timezone string `json:"timezone,omitempty" doc:"IANA zone; defaults to UTC" example:"America/Los_Angeles" maxLength:"64"`
	}
}

type updateShopInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Shop string `path:"shop" doc:"Shop slug"`
	Body struct {
		Name     *string `json:"name,omitempty" maxLength:"100"`
		Region   *string `json:"region,omitempty" maxLength:"40"`
		Currency *string `json:"currency,omitempty" doc:"Refused (409) once the shop has order lines" maxLength:"8"`
		Locale   *string `json:"locale,omitempty" maxLength:"16"`
		Timezone *string `json:"timezone,omitempty" maxLength:"64"`
	}
}

func registerShops(a *API) {
	tags := []string{"Shops"}
	register(a, huma.Operation{OperationID: "list-shops", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/shops",
		Summary: "List the shops", Tags: tags}, access.ViewData, a.listShops)
	register(a, huma.Operation{OperationID: "create-shop", Method: http.MethodPost, Path: Prefix + "/workspaces/{ws}/shops",
		Summary: "Add a shop", Tags: tags, DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
		Description: "The slug must be new in the workspace (409 otherwise). The currency and locale must be ones the importer reads."},
		access.ManageShops, a.createShop)
	register(a, huma.Operation{OperationID: "get-shop", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/shops/{shop}",
		Summary: "Get a shop", Tags: tags}, access.ViewData, a.getShop)
	register(a, huma.Operation{OperationID: "update-shop", Method: http.MethodPatch, Path: Prefix + "/workspaces/{ws}/shops/{shop}",
		Summary: "Change a shop's settings", Tags: tags, Errors: []int{http.StatusConflict},
		Description: "Only the fields sent change. The currency cannot change once the shop has order lines (409): their amounts are stored in it."},
		access.ManageShops, a.updateShop)
}

func (a *API) listShops(ctx context.Context, in *listShopsInput) (*listShopsOutput, error) {
	after, err := decodeCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	shops, err := a.Store.ShopSummaries(ctx, from(ctx).workspace.ID)
	if err != nil {
		return nil, a.fail(err, "shop")
	}
	out := &listShopsOutput{}
	out.Body.Items = []Shop{}
	for _, sh := range shops {
		if sh.Slug <= after {
			continue
		}
		if len(out.Body.Items) == in.Limit {
			out.Body.NextCursor = encodeCursor(out.Body.Items[len(out.Body.Items)-1].Slug)
			break
		}
		out.Body.Items = append(out.Body.Items, shopOut(sh))
	}
	return out, nil
}

// shopSummary finds one shop of the current workspace with its import figures.
func (a *API) shopSummary(ctx context.Context, slug string) (*store.ShopSummary, error) {
	shops, err := a.Store.ShopSummaries(ctx, from(ctx).workspace.ID)
	if err != nil {
		return nil, a.fail(err, "shop")
	}
	for _, sh := range shops {
		if sh.Slug == slug {
			return sh, nil
		}
	}
	return nil, huma.Error404NotFound(fmt.Sprintf("shop %q not found in this workspace", slug))
}

func (a *API) getShop(ctx context.Context, in *shopInput) (*shopOutput, error) {
	sh, err := a.shopSummary(ctx, in.Shop)
	if err != nil {
		return nil, err
	}
	return &shopOutput{Body: shopOut(sh)}, nil
}

func (a *API) createShop(ctx context.Context, in *createShopInput) (*shopOutput, error) {
	st := from(ctx)
	b := in.Body
	sh := model.Shop{WorkspaceID: st.workspace.ID, Slug: b.Slug, Name: strings.TrimSpace(b.Name), Platform: b.Platform,
		Region: strings.TrimSpace(b.Region), Currency: b.Currency, Locale: b.Locale, Timezone: b.Timezone}
	if !model.ValidSlug(sh.Slug) {
		return nil, invalid("body.slug", sh.Slug, "is not a slug: lowercase letters, digits, '-' or '_', at most 63, starting with a letter or digit")
	}
	if sh.Name == "" {
		sh.Name = sh.Slug
	}
	if sh.Locale == "" {
		sh.Locale = intl.DefaultLocale(sh.Currency).Tag
	}
	if sh.Timezone == "" {
		sh.Timezone = "UTC"
	}
	if err := checkShop(&sh); err != nil {
		return nil, err
	}
	created, err := a.Store.AddShop(ctx, st.principal.Actor(), sh)
	if errors.Is(err, store.ErrShopExists) {
		return nil, huma.Error409Conflict(fmt.Sprintf("the workspace already has a shop with slug %q", sh.Slug))
	}
	if err != nil {
		return nil, a.fail(err, "shop")
	}
	return &shopOutput{Body: shopOut(&store.ShopSummary{Shop: created})}, nil
}

func (a *API) updateShop(ctx context.Context, in *updateShopInput) (*shopOutput, error) {
	st := from(ctx)
	// The shop is found first: another workspace's shop is a 404 whatever the body holds.
	cur, err := a.shopSummary(ctx, in.Shop)
	if err != nil {
		return nil, err
	}
	sh := *cur.Shop
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	b := in.Body
	set(&sh.Name, b.Name)
	set(&sh.Region, b.Region)
	set(&sh.Currency, b.Currency)
	set(&sh.Locale, b.Locale)
	set(&sh.Timezone, b.Timezone)
	if sh.Name == "" {
		return nil, invalid("body.name", sh.Name, "must not be empty")
	}
	if err := checkShop(&sh); err != nil {
		return nil, err
	}
	_, err = a.Store.UpdateShop(ctx, st.principal.Actor(), st.workspace.ID, sh.Slug,
		store.ShopChanges{Name: sh.Name, Region: sh.Region, Currency: sh.Currency, Locale: sh.Locale, Timezone: sh.Timezone})
	if errors.Is(err, store.ErrCurrencyLocked) {
		return nil, huma.Error409Conflict(fmt.Sprintf("the currency of shop %q cannot change from %s to %s: it has order lines, whose amounts are stored in %s; create a new shop for another currency",
			sh.Slug, cur.Currency, sh.Currency, cur.Currency))
	}
	if err != nil {
		return nil, a.fail(err, "shop")
	}
	return a.getShop(ctx, &shopInput{Shop: sh.Slug})
}

// checkShop validates the fields the importer depends on and writes their canonical forms.
func checkShop(sh *model.Shop) error {
	if utf8.RuneCountInString(sh.Name) > 100 {
		return invalid("body.name", sh.Name, "is longer than 100 characters")
	}
	cur, ok := intl.LookupCurrency(sh.Currency)
	if !ok {
		return invalid("body.currency", sh.Currency, "is not a currency the importer knows (ISO 4217, e.g. USD, IDR, VND)")
	}
	sh.Currency = cur.Code
	loc, ok := intl.LookupLocale(sh.Locale)
	if !ok {
		return invalid("body.locale", sh.Locale, "is not a number format the importer knows (e.g. en-US, id-ID, vi-VN)")
	}
	sh.Locale = loc.Tag
	if _, err := time.LoadLocation(sh.Timezone); err != nil || sh.Timezone == "" || sh.Timezone == "Local" {
		return invalid("body.timezone", sh.Timezone, "is not an IANA time zone (e.g. Asia/Jakarta, America/New_York, UTC)")
	}
	return nil
}

// invalid is a 422 naming the field and value that were refused, as huma's own validation does.
func invalid(location string, value any, why string) error {
	return huma.Error422UnprocessableEntity("validation failed",
		&huma.ErrorDetail{Message: fmt.Sprintf("%v %s", quoteValue(value), why), Location: location, Value: value})
}

func quoteValue(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}
