package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// CreatorSummary is a creator of the list with its figures in the period.
type CreatorSummary struct {
	ID          int64   `json:"id" example:"42"`
	Handle      string  `json:"handle" doc:"The handle the creator was first seen with, without @" example:"pixiemint_1"`
	DisplayName string  `json:"display_name"`
	Email       string  `json:"email"`
	Followers   *int64  `json:"followers" doc:"null when no creator list said"`
	Category    string  `json:"category"`
	Region      string  `json:"region"`
	Agency      string  `json:"agency"`
	LastSale    *string `json:"last_sale" format:"date" doc:"Day of the latest attributed order line (any status), in the workspace's time zone; null before any"`
	Figures     Figures `json:"figures" doc:"Totals in the period, in the list's currency"`
}

// CreatorAccount is one of a creator's platform accounts.
type CreatorAccount struct {
	Platform string    `json:"platform" example:"tiktok"`
	Handle   string    `json:"handle" example:"pixiemint_1"`
	Since    time.Time `json:"since"`
}

// Creator is one creator with its accounts and figures.
type Creator struct {
	ID           int64            `json:"id"`
	Handle       string           `json:"handle"`
	DisplayName  string           `json:"display_name"`
	Email        string           `json:"email"`
	Followers    *int64           `json:"followers"`
	Category     string           `json:"category"`
	Region       string           `json:"region"`
	Agency       string           `json:"agency"`
	EngagementBP *int64           `json:"engagement_bp" doc:"Engagement rate in basis points (420 = 4.2%), as a creator list said"`
	Source       string           `json:"source" doc:"How the creator first came in" enum:"orders,list"`
	CreatedAt    time.Time        `json:"created_at"`
	Accounts     []CreatorAccount `json:"accounts"`
	FirstSaleAt  *time.Time       `json:"first_sale_at"`
	LastSaleAt   *time.Time       `json:"last_sale_at"`
	Period       *ReportPeriod    `json:"period"`
	Current      []Figures        `json:"current" doc:"Totals in the period, one entry per currency the creator sold in"`
	Lifetime     []Figures        `json:"lifetime" doc:"All-time totals, one entry per currency, the busiest first"`
}

type listCreatorsInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Q        string `query:"q" maxLength:"200" doc:"Search in handles, display names, emails and accounts, case-insensitively"`
	Region   string `query:"region" maxLength:"200" doc:"Only creators of this region, exactly"`
	Category string `query:"category" maxLength:"200"`
	Agency   string `query:"agency" maxLength:"200"`
	Sales    string `query:"sales" enum:"with,without" doc:"Only creators with (or without) an order in the period"`
	Sort     string `query:"sort" enum:"gmv,orders,handle,followers,last_sale" default:"gmv"`
	Dir      string `query:"dir" enum:"asc,desc" doc:"Default: desc for figures, asc for handle"`
	Days     int    `query:"days" default:"30" minimum:"1" maximum:"366" doc:"Length of the period in days, ending on the workspace's last day with orders"`
	Currency string `query:"currency" pattern:"^[A-Z]{3}$" doc:"Figures in this currency; default: the period's busiest"`
	PageParams
}

type listCreatorsOutput struct {
	Body struct {
		Items      []CreatorSummary `json:"items"`
		NextCursor string           `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
		Total      int              `json:"total" doc:"Creators matching the filters"`
		Currency   string           `json:"currency" doc:"The currency of the figures"`
		Period     *ReportPeriod    `json:"period"`
	}
}

type creatorInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator string `path:"creator" doc:"Creator id" example:"42"`
	Days    int    `query:"days" default:"30" minimum:"1" maximum:"366" doc:"Length of the period in days, ending on the workspace's last day with orders"`
}

type creatorOutput struct{ Body Creator }

func registerCreators(a *API) {
	tags := []string{"Creators"}
	register(a, huma.Operation{OperationID: "list-creators", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/creators",
		Summary: "List creators with their figures", Tags: tags,
		Description: "Every creator of the workspace, with GMV, orders and commission over 7, 30 or 90 days, searchable, filterable and sortable. " +
			"Pages follow each other by cursor; a cursor only works with the parameters of the request that returned it."},
		access.ViewData, a.listCreators)
	register(a, huma.Operation{OperationID: "get-creator", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/creators/{creator}",
		Summary: "Get a creator", Tags: tags, Description: "Profile, platform accounts, first and last sale, and figures over the period and all time."},
		access.ViewData, a.getCreator)
}

// dataWindow is the period of days ending on the workspace's last order day, or on today in
// its zone before any order.
func (a *API) dataWindow(ctx context.Context, ws *model.Workspace, days int) (store.Window, *ReportPeriod, error) {
	last, err := a.Store.LastOrderDay(ctx, ws.ID)
	if err != nil {
		return store.Window{}, nil, err
	}
	if last == 0 {
		t := time.Now().In(ws.Location())
		last = int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
	}
	w := store.WindowEnding(last, days)
	return w, periodOf(w, days, ws.Timezone), nil
}

func (a *API) listCreators(ctx context.Context, in *listCreatorsInput) (*listCreatorsOutput, error) {
	ws := from(ctx).workspace
	desc := in.Dir == "desc" || in.Dir == "" && in.Sort != store.CreatorSortHandle
	q := store.CreatorQuery{Search: in.Q, Region: in.Region, Category: in.Category, Agency: in.Agency, Sales: in.Sales,
		Currency: in.Currency, Sort: in.Sort, Desc: desc, Limit: in.Limit}
	// A cursor holds the request it continues, so a page of one sort is never read as a
	// place in another.
	prefix := strings.Join([]string{"c1", in.Sort, strconv.FormatBool(desc), strconv.Itoa(in.Days), in.Q, in.Region,
		in.Category, in.Agency, in.Sales}, "\x1f") + "\x1f"
	key, err := decodeCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	if key != "" {
		k, currency, ok := parseCreatorCursor(key, prefix)
		if !ok || in.Currency != "" && in.Currency != currency {
			return nil, huma.Error400BadRequest("cursor " + in.Cursor + " does not continue this list: pass next_cursor with the same parameters as the request that returned it")
		}
		q.After, q.Currency = k, currency
	}
	win, period, err := a.dataWindow(ctx, ws, in.Days)
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	q.Window = win
	page, err := a.Store.CreatorList(ctx, ws.ID, q)
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	out := &listCreatorsOutput{}
	out.Body.Items = make([]CreatorSummary, 0, len(page.Rows))
	out.Body.Total, out.Body.Currency, out.Body.Period = page.Total, page.Currency, period
	for _, r := range page.Rows {
		out.Body.Items = append(out.Body.Items, CreatorSummary{ID: r.ID, Handle: r.Handle, DisplayName: r.DisplayName,
			Email: r.Email, Followers: r.Followers, Category: r.Category, Region: r.Region, Agency: r.Agency,
			LastSale: optDay(r.LastSaleDay), Figures: figures(r.Totals, r.Currency)})
	}
	if k := page.Next; k != nil {
		out.Body.NextCursor = encodeCursor(prefix + strings.Join([]string{page.Currency, strconv.FormatInt(k.Value, 10),
			strconv.FormatBool(k.HasValue), strconv.FormatInt(k.ID, 10), k.Handle}, "\x1f"))
	}
	return out, nil
}

// parseCreatorCursor reads a creator list cursor made for the request described by prefix.
func parseCreatorCursor(key, prefix string) (*store.CreatorKey, string, bool) {
	rest, ok := strings.CutPrefix(key, prefix)
	if !ok {
		return nil, "", false
	}
	parts := strings.SplitN(rest, "\x1f", 5)
	if len(parts) != 5 {
		return nil, "", false
	}
	value, err1 := strconv.ParseInt(parts[1], 10, 64)
	has, err2 := strconv.ParseBool(parts[2])
	id, err3 := strconv.ParseInt(parts[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return nil, "", false
	}
	return &store.CreatorKey{Value: value, HasValue: has, ID: id, Handle: parts[4]}, parts[0], true
}

func (a *API) getCreator(ctx context.Context, in *creatorInput) (*creatorOutput, error) {
	ws := from(ctx).workspace
	id, err := strconv.ParseInt(in.Creator, 10, 64)
	if err != nil || id <= 0 {
		return nil, huma.Error404NotFound("creator " + in.Creator + " not found")
	}
	c, err := a.Store.CreatorDetail(ctx, ws.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, huma.Error404NotFound("creator " + in.Creator + " not found")
	}
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	win, period, err := a.dataWindow(ctx, ws, in.Days)
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	cur, err := a.Store.CreatorWindowTotals(ctx, ws.ID, id, win)
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	life, err := a.Store.CreatorWindowTotals(ctx, ws.ID, id, store.Window{})
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	out := Creator{ID: c.ID, Handle: c.Username, DisplayName: c.DisplayName, Email: c.Email, Followers: c.Followers,
		Category: c.Category, Region: c.Region, Agency: c.Agency, EngagementBP: c.EngagementBP, Source: sourceName(c.Source),
		CreatedAt: c.CreatedAt, FirstSaleAt: c.FirstSale, LastSaleAt: c.LastSale, Period: period,
		Accounts: []CreatorAccount{}, Current: []Figures{}, Lifetime: []Figures{}}
	for _, acc := range c.Accounts {
		out.Accounts = append(out.Accounts, CreatorAccount{Platform: acc.Platform, Handle: acc.Handle, Since: acc.CreatedAt})
	}
	for _, f := range cur {
		out.Current = append(out.Current, figures(f.Totals, f.Currency))
	}
	for _, f := range life {
		out.Lifetime = append(out.Lifetime, figures(f.Totals, f.Currency))
	}
	return &creatorOutput{Body: out}, nil
}

// sourceName maps how a creator came in to the API's two values.
func sourceName(s string) string {
	if s == "list" {
		return "list"
	}
	return "orders"
}

// optDay writes a YYYYMMDD day as an ISO date, nil for none.
func optDay(day int32) *string {
	if day == 0 {
		return nil
	}
	d := dayString(day)
	return &d
}
