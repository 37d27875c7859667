package api

import "github.com/creatorops/creatorops/internal/model"

// Money is an amount in minor units (cents for USD, whole rupiah for IDR) with its ISO 4217
// currency: never a float, and never without its currency, since amounts of two currencies
// are never added.
type Money struct {
	Amount   int64  `json:"amount" doc:"Minor units of the currency (cents for USD)" example:"123450"`
	Currency string `json:"currency" doc:"ISO 4217 code" example:"USD"`
}

// moneyOf is amount minor units of currency.
func moneyOf(amount int64, currency string) Money { return Money{Amount: amount, Currency: currency} }

// optMoney is an optional amount: nil stays nil (not known yet), which is not zero.
func optMoney(amount *int64, currency string) *OptionalMoney {
	if amount == nil {
		return nil
	}
	return &OptionalMoney{Amount: *amount, Currency: currency}
}

// Figures are totals in one currency over a period, as the lists and detail operations give them.
type Figures struct {
	Currency string `json:"currency" example:"USD"`
	ReportFigures
	Lines int64 `json:"lines" doc:"Attributed order lines, whatever their status"`
}

func figures(t model.Totals, currency string) Figures {
	return Figures{Currency: currency, ReportFigures: figuresOf(t, currency), Lines: t.Lines}
}

// OptionalMoney is Money that may be null: an amount not known yet (a commission the platform
// has not reported), which is not zero. huma makes only scalars nullable per field, so the
// type itself says it.
type OptionalMoney struct {
	_        struct{} `nullable:"true"`
	Amount   int64    `json:"amount" doc:"Minor units of the currency (cents for USD)" example:"123450"`
	Currency string   `json:"currency" doc:"ISO 4217 code" example:"USD"`
}
