package web

import (
	"cmp"
	"slices"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// section is the overview of one currency: amounts in different currencies are never added.
type section struct {
	Currency string
	Cards    []card
	Chart    barChart
	Creators []creatorRow
	Products []productRow
}

// card is one headline figure with its move against the previous window.
type card struct {
	Label    string
	Value    string
	Currency string // empty for counts
	Previous string
	Change   change
}

// creatorRow is a line of the top creators table, formatted.
type creatorRow struct {
	ID                                           int64
	Username, GMV, Orders, AOV, Est, Paid, Lines string
}

// productRow is a line of the top products table, formatted.
type productRow struct{ Name, ID, GMV, Orders, Units string }

// sections groups the window's figures by currency, the busiest currency first.
func sections(win store.Window, creators, before []store.CreatorFigures, products []store.ProductFigures,
	daily []store.DayFigures) []section {
	cur, prev := store.SumByCurrency(creators), store.SumByCurrency(before)
	codes := make([]string, 0, len(cur)+len(prev))
	for code := range cur {
		codes = append(codes, code)
	}
	for code := range prev {
		if _, ok := cur[code]; !ok {
			codes = append(codes, code) // gone quiet: its drop to zero is news too
		}
	}
	slices.SortFunc(codes, func(a, b string) int {
		return cmp.Or(cmp.Compare(cur[b].Orders, cur[a].Orders), cmp.Compare(a, b))
	})
	out := make([]section, 0, len(codes))
	for _, code := range codes {
		m := moneyFor(code)
		var days []store.DayFigures
		for _, d := range daily {
			if d.Currency == code {
				days = append(days, d)
			}
		}
		out = append(out, section{Currency: code, Cards: cards(cur[code], prev[code], m),
			Chart: dailyChart(win, days, m), Creators: creatorRows(creators, code, m),
			Products: productRows(products, code, m)})
	}
	return out
}

func cards(cur, prev model.Totals, m money) []card {
	amount := func(label string, c, p int64) card {
		return card{Label: label, Value: m.amount(c), Currency: m.cur.Code, Previous: m.amount(p), Change: changeOf(c, p)}
	}
	aov := card{Label: "Average order value", Value: m.per(cur.GMV, cur.Orders), Currency: m.cur.Code,
		Previous: m.per(prev.GMV, prev.Orders),
		Change:   changeOf(average(cur.GMV, cur.Orders), average(prev.GMV, prev.Orders))}
	return []card{
		amount("GMV", cur.GMV, prev.GMV),
		{Label: "Orders", Value: m.count(cur.Orders), Previous: m.count(prev.Orders), Change: changeOf(cur.Orders, prev.Orders)},
		aov,
		amount("Est. commission", cur.EstCommission, prev.EstCommission),
		amount("Paid commission", cur.PaidCommission, prev.PaidCommission),
	}
}

// creatorRows lists the currency's top creators; rows come sorted by GMV from the store.
func creatorRows(rows []store.CreatorFigures, code string, m money) []creatorRow {
	var out []creatorRow
	for _, r := range rows {
		if r.Currency != code || len(out) == topN {
			continue
		}
		out = append(out, creatorRow{ID: r.CreatorID, Username: r.Username, GMV: m.amount(r.GMV), Orders: m.count(r.Orders),
			AOV: m.per(r.GMV, r.Orders), Est: m.amount(r.EstCommission),
			Paid: m.amount(r.PaidCommission), Lines: m.count(r.Lines)})
	}
	return out
}

// productRows lists the currency's top products; rows come sorted by GMV from the store.
func productRows(rows []store.ProductFigures, code string, m money) []productRow {
	var out []productRow
	for _, r := range rows {
		if r.Currency != code || len(out) == topN {
			continue
		}
		out = append(out, productRow{Name: r.Name, ID: r.PlatformProductID, GMV: m.amount(r.GMV),
			Orders: m.count(r.Orders), Units: m.count(r.Units)})
	}
	return out
}
