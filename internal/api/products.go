package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// ProductSummary is a product of the catalog with its figures in the period.
type ProductSummary struct {
	ProductID string  `json:"product_id" doc:"The platform's product id" example:"1729000000000158380"`
	Name      string  `json:"name" example:"Wide Leg Jeans"`
	Shop      string  `json:"shop" doc:"Slug of the shop that sells it" example:"us"`
	SKUs      int64   `json:"skus" doc:"SKUs seen in imports"`
	Figures   Figures `json:"figures" doc:"Totals in the period, in the shop's currency"`
}

// ProductSKU is a SKU of a product.
type ProductSKU struct {
	SKUID     string `json:"sku_id" example:"1729000000000158397"`
	SellerSKU string `json:"seller_sku" example:"SKU-8380"`
}

// Product is one product with its SKUs and figures.
type Product struct {
	ProductID string        `json:"product_id"`
	Name      string        `json:"name"`
	Shop      string        `json:"shop"`
	SKUs      []ProductSKU  `json:"skus"`
	Period    *ReportPeriod `json:"period"`
	Current   Figures       `json:"current" doc:"Totals in the period"`
	Lifetime  Figures       `json:"lifetime" doc:"All-time totals"`
}

type listProductsInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Q    string `query:"q" maxLength:"200" doc:"Search in product names and ids, case-insensitively"`
	Sort string `query:"sort" enum:"gmv,orders,units,name" default:"gmv"`
	Dir  string `query:"dir" enum:"asc,desc" doc:"Default: desc for figures, asc for name"`
	Days int    `query:"days" default:"30" minimum:"1" maximum:"366" doc:"Length of the period in days, ending on the workspace's last day with orders"`
	PageParams
}

type listProductsOutput struct {
	Body struct {
		Items      []ProductSummary `json:"items"`
		NextCursor string           `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
		Total      int              `json:"total" doc:"Products matching the search"`
		Period     *ReportPeriod    `json:"period"`
	}
}

type productInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Product string `path:"product" doc:"The platform's product id" maxLength:"200"`
	Days    int    `query:"days" default:"30" minimum:"1" maximum:"366" doc:"Length of the period in days, ending on the workspace's last day with orders"`
}

type productOutput struct{ Body Product }

func registerProducts(a *API) {
	tags := []string{"Products"}
	register(a, huma.Operation{OperationID: "list-products", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/products",
		Summary: "List products with their figures", Tags: tags,
		Description: "The whole catalog, products without sales in the period included, with GMV, orders and units over 7, 30 or 90 days."},
		access.ViewData, a.listProducts)
	register(a, huma.Operation{OperationID: "get-product", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/products/{product}",
		Summary: "Get a product", Tags: tags, Description: "A product by its platform id, with its SKUs and figures over the period and all time."},
		access.ViewData, a.getProduct)
}

func (a *API) listProducts(ctx context.Context, in *listProductsInput) (*listProductsOutput, error) {
	ws := from(ctx).workspace
	desc := in.Dir == "desc" || in.Dir == "" && in.Sort != store.ProductSortName
	q := store.ProductQuery{Search: in.Q, Sort: in.Sort, Desc: desc, Limit: in.Limit}
	prefix := strings.Join([]string{"p1", in.Sort, strconv.FormatBool(desc), strconv.Itoa(in.Days), in.Q}, "\x1f") + "\x1f"
	key, err := decodeCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	if key != "" {
		k, ok := parseProductCursor(key, prefix)
		if !ok {
			return nil, huma.Error400BadRequest("cursor " + in.Cursor + " does not continue this list: pass next_cursor with the same parameters as the request that returned it")
		}
		q.After = k
	}
	win, period, err := a.dataWindow(ctx, ws, in.Days)
	if err != nil {
		return nil, a.fail(err, "product")
	}
	q.Window = win
	page, err := a.Store.ProductList(ctx, ws.ID, q)
	if err != nil {
		return nil, a.fail(err, "product")
	}
	out := &listProductsOutput{}
	out.Body.Items = make([]ProductSummary, 0, len(page.Rows))
	out.Body.Total, out.Body.Period = page.Total, period
	for _, p := range page.Rows {
		out.Body.Items = append(out.Body.Items, ProductSummary{ProductID: p.PlatformProductID, Name: p.Name, Shop: p.ShopSlug,
			SKUs: p.SKUs, Figures: figures(p.Totals, p.Currency)})
	}
	if k := page.Next; k != nil {
		out.Body.NextCursor = encodeCursor(prefix + strconv.FormatInt(k.Value, 10) + "\x1f" + strconv.FormatInt(k.ID, 10) + "\x1f" + k.Name)
	}
	if key != "" && page.Total == 0 {
		// Past the last product the window count has no row: keep the total honest.
		all, err := a.Store.ProductList(ctx, ws.ID, store.ProductQuery{Window: win, Search: in.Q, Limit: 1})
		if err != nil {
			return nil, a.fail(err, "product")
		}
		out.Body.Total = all.Total
	}
	return out, nil
}

func parseProductCursor(key, prefix string) (*store.ProductKey, bool) {
	rest, ok := strings.CutPrefix(key, prefix)
	if !ok {
		return nil, false
	}
	parts := strings.SplitN(rest, "\x1f", 3)
	if len(parts) != 3 {
		return nil, false
	}
	value, err1 := strconv.ParseInt(parts[0], 10, 64)
	id, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil {
		return nil, false
	}
	return &store.ProductKey{Value: value, ID: id, Name: parts[2]}, true
}

func (a *API) getProduct(ctx context.Context, in *productInput) (*productOutput, error) {
	ws := from(ctx).workspace
	win, period, err := a.dataWindow(ctx, ws, in.Days)
	if err != nil {
		return nil, a.fail(err, "product")
	}
	cur, err := a.Store.ProductList(ctx, ws.ID, store.ProductQuery{Window: win, PlatformID: in.Product, Limit: 1})
	if err != nil {
		return nil, a.fail(err, "product")
	}
	if len(cur.Rows) == 0 {
		return nil, huma.Error404NotFound("product " + in.Product + " not found")
	}
	p := cur.Rows[0]
	// Two shops may sell the same platform id: all time is read for the same product.
	life, err := a.Store.ProductList(ctx, ws.ID, store.ProductQuery{PlatformID: in.Product, Limit: 100})
	if err != nil {
		return nil, a.fail(err, "product")
	}
	lifetime := figures(model.Totals{}, p.Currency)
	for _, r := range life.Rows {
		if r.ID == p.ID {
			lifetime = figures(r.Totals, r.Currency)
		}
	}
	skus, err := a.Store.ProductSKUs(ctx, ws.ID, p.ID)
	if err != nil {
		return nil, a.fail(err, "product")
	}
	out := Product{ProductID: p.PlatformProductID, Name: p.Name, Shop: p.ShopSlug, SKUs: []ProductSKU{}, Period: period,
		Current: figures(p.Totals, p.Currency), Lifetime: lifetime}
	for _, k := range skus {
		out.SKUs = append(out.SKUs, ProductSKU{SKUID: k.SKUID, SellerSKU: k.SellerSKU})
	}
	return &productOutput{Body: out}, nil
}
