package api

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// ReportPeriod is the span of days a report covers, both ends included, in the workspace's time zone.
type ReportPeriod struct {
	From     string `json:"from" format:"date" example:"2026-10-02"`
	To       string `json:"to" format:"date" example:"2026-10-31"`
	Days     int    `json:"days" example:"30"`
	Timezone string `json:"timezone" example:"America/Los_Angeles"`
}

// ReportFigures are a workspace's totals in one currency over a period.
type ReportFigures struct {
	GMV            Money `json:"gmv" doc:"Payment amount of attributed lines, net of refunds and cancellations"`
	Orders         int64 `json:"orders" doc:"Distinct orders with a line that was not refunded"`
	AOV            Money `json:"aov" doc:"GMV per order, rounded half away from zero; 0 without orders"`
	EstCommission  Money `json:"est_commission" doc:"Estimated platform commission of live lines"`
	PaidCommission Money `json:"paid_commission" doc:"Platform commission actually paid, on completed lines (settled)"`
	Units          int64 `json:"units"`
	Refunds        Money `json:"refunds" doc:"Payment amount of refunded or returned lines"`
}

// ReportDay are one day's totals in one currency.
type ReportDay struct {
	Day            string `json:"day" format:"date"`
	GMV            Money  `json:"gmv"`
	Orders         int64  `json:"orders"`
	EstCommission  Money  `json:"est_commission"`
	PaidCommission Money  `json:"paid_commission"`
}

// ReportCurrency is the overview of the sales in one currency: amounts of different
// currencies are never added together.
type ReportCurrency struct {
	Currency string        `json:"currency" example:"USD"`
	Current  ReportFigures `json:"current"`
	Previous ReportFigures `json:"previous" doc:"The same figures over the period just before"`
	Daily    []ReportDay   `json:"daily" doc:"Days of the period with lines, oldest first"`
}

// ReportOverview is the overview report.
type ReportOverview struct {
	ReportPeriod *ReportPeriod    `json:"period,omitempty" doc:"Absent while the workspace has no orders"`
	Previous     *ReportPeriod    `json:"previous,omitempty"`
	Currencies   []ReportCurrency `json:"currencies" doc:"One entry per currency, the one with the most orders first"`
}

// CreatorReportRow is one creator's totals in one currency.
type CreatorReportRow struct {
	CreatorID int64  `json:"creator_id"`
	Username  string `json:"username" example:"pixiemint_1"`
	ReportFigures
	Lines int64 `json:"lines"`
}

// CreatorReport is the top creators of a period.
type CreatorReport struct {
	ReportPeriod *ReportPeriod      `json:"period,omitempty" doc:"Absent while the workspace has no orders"`
	Items        []CreatorReportRow `json:"items" doc:"By GMV, highest first"`
}

type reportInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Days int    `query:"days" default:"30" minimum:"1" maximum:"366" doc:"Length of the period, ending on the last day with orders"`
}

type creatorReportInput struct {
	WS    string `path:"ws" doc:"Workspace slug"`
	Days  int    `query:"days" default:"30" minimum:"1" maximum:"366" doc:"Length of the period, ending on the last day with orders"`
	Limit int    `query:"limit" default:"50" minimum:"1" maximum:"500" doc:"How many creators"`
}

type overviewOutput struct{ Body ReportOverview }

type creatorReportOutput struct{ Body CreatorReport }

func registerReports(a *API) {
	tags := []string{"Reports"}
	register(a, huma.Operation{OperationID: "report-overview", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/reports/overview",
		Summary: "ReportOverview: GMV, orders, AOV and commission", Tags: tags,
		Description: "GMV, orders, AOV, estimated and paid commission per currency over the period of `days` ending on the last day " +
			"with orders (in the workspace's time zone), with the period before for comparison and the daily series."},
		access.ViewData, a.reportOverview)
	register(a, huma.Operation{OperationID: "report-creators", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/reports/creators",
		Summary: "Top creators by GMV", Tags: tags,
		Description: "Creators with sales in the period of `days` ending on the last day with orders, by GMV, one row per creator and currency."},
		access.ViewData, a.reportCreators)
}

// reportWindow is the window of days ending on the workspace's last order day (nil without
// orders), with its period.
func (a *API) reportWindow(ctx context.Context, ws *model.Workspace, days int) (*store.Window, *ReportPeriod, error) {
	last, err := a.Store.LastOrderDay(ctx, ws.ID)
	if err != nil || last == 0 {
		return nil, nil, err
	}
	win := store.WindowEnding(last, days)
	return &win, periodOf(win, days, ws.Timezone), nil
}

func periodOf(w store.Window, days int, tz string) *ReportPeriod {
	return &ReportPeriod{From: dayString(w.From), To: dayString(w.To), Days: days, Timezone: tz}
}

// dayString writes a YYYYMMDD day as an ISO date.
func dayString(d int32) string { return fmt.Sprintf("%04d-%02d-%02d", d/10000, d/100%100, d%100) }

func figuresOf(t model.Totals, code string) ReportFigures {
	var aov int64
	if t.Orders > 0 {
		// Half away from zero, in integers: GMV is never negative, but stay exact anyway.
		aov = (2*t.GMV + t.Orders) / (2 * t.Orders)
		if t.GMV < 0 {
			aov = -((-2*t.GMV + t.Orders) / (2 * t.Orders))
		}
	}
	m := func(v int64) Money { return moneyOf(v, code) }
	return ReportFigures{GMV: m(t.GMV), Orders: t.Orders, AOV: m(aov), EstCommission: m(t.EstCommission),
		PaidCommission: m(t.PaidCommission), Units: t.Units, Refunds: m(t.Refunds)}
}

func (a *API) reportOverview(ctx context.Context, in *reportInput) (*overviewOutput, error) {
	ws := from(ctx).workspace
	out := &overviewOutput{Body: ReportOverview{Currencies: []ReportCurrency{}}}
	win, period, err := a.reportWindow(ctx, ws, in.Days)
	if err != nil {
		return nil, a.fail(err, "report")
	}
	if win == nil {
		return out, nil
	}
	prev := store.WindowBefore(*win)
	out.Body.ReportPeriod, out.Body.Previous = period, periodOf(prev, in.Days, ws.Timezone)
	cur, err := a.Store.CreatorTotals(ctx, ws.ID, *win, 0)
	if err != nil {
		return nil, a.fail(err, "report")
	}
	before, err := a.Store.CreatorTotals(ctx, ws.ID, prev, 0)
	if err != nil {
		return nil, a.fail(err, "report")
	}
	daily, err := a.Store.DailyTotals(ctx, ws.ID, *win)
	if err != nil {
		return nil, a.fail(err, "report")
	}
	// Orders add up over creators: an order belongs to one creator.
	nowBy, prevBy := store.SumByCurrency(cur), store.SumByCurrency(before)
	codes := make([]string, 0, len(nowBy)+len(prevBy))
	for code := range nowBy {
		codes = append(codes, code)
	}
	for code := range prevBy {
		if _, ok := nowBy[code]; !ok {
			codes = append(codes, code)
		}
	}
	slices.SortFunc(codes, func(x, y string) int { return cmp.Or(cmp.Compare(nowBy[y].Orders, nowBy[x].Orders), cmp.Compare(x, y)) })
	for _, code := range codes {
		co := ReportCurrency{Currency: code, Current: figuresOf(nowBy[code], code), Previous: figuresOf(prevBy[code], code),
			Daily: []ReportDay{}}
		for _, d := range daily {
			if d.Currency == code {
				f := figuresOf(d.Totals, code)
				co.Daily = append(co.Daily, ReportDay{Day: dayString(d.Day), GMV: f.GMV, Orders: f.Orders,
					EstCommission: f.EstCommission, PaidCommission: f.PaidCommission})
			}
		}
		out.Body.Currencies = append(out.Body.Currencies, co)
	}
	return out, nil
}

func (a *API) reportCreators(ctx context.Context, in *creatorReportInput) (*creatorReportOutput, error) {
	ws := from(ctx).workspace
	out := &creatorReportOutput{Body: CreatorReport{Items: []CreatorReportRow{}}}
	win, period, err := a.reportWindow(ctx, ws, in.Days)
	if err != nil {
		return nil, a.fail(err, "report")
	}
	if win == nil {
		return out, nil
	}
	out.Body.ReportPeriod = period
	rows, err := a.Store.CreatorTotals(ctx, ws.ID, *win, in.Limit)
	if err != nil {
		return nil, a.fail(err, "report")
	}
	for _, r := range rows {
		out.Body.Items = append(out.Body.Items, CreatorReportRow{CreatorID: r.CreatorID, Username: r.Username,
			ReportFigures: figuresOf(r.Totals, r.Currency), Lines: r.Lines})
	}
	return out, nil
}
