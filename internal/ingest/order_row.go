package ingest

import (
	"errors"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// OrderRowParser turns rows of an affiliate-orders export into order lines for one shop.
type OrderRowParser struct {
	cols     ColumnMap
	currency intl.Currency
	locale   intl.Locale
	tz       *time.Location
	lacks    store.LineFields // fields the rows' source does not carry (store.ParsedLine.Lacks)
}

// NewOrderRowParser maps header to the export's fields. It fails, naming them, when columns
// without which no line can be built are missing.
func NewOrderRowParser(header []string, shop *model.Shop) (*OrderRowParser, error) {
	cols := MapColumns(header, orderAliases, int(orderFieldCount))
	if missing := cols.Missing(requiredOrderFields, orderAliases); len(missing) > 0 {
		return nil, &HeaderError{Missing: missing, Header: header}
	}
	cur, ok := intl.LookupCurrency(shop.Currency)
	if !ok {
		return nil, errors.New("shop " + shop.Slug + " has an unknown currency " + quote(shop.Currency))
	}
	loc, ok := intl.LookupLocale(shop.Locale)
	if !ok {
		loc = intl.DefaultLocale(shop.Currency)
	}
	return &OrderRowParser{cols: cols, currency: cur, locale: loc, tz: shop.Location()}, nil
}

// HeaderError says which required columns a file lacks.
type HeaderError struct {
	Missing []string
	Header  []string
}

func (e *HeaderError) Error() string {
	return "missing column(s) " + strings.Join(e.Missing, ", ") + " (the header row has: " + strings.Join(e.Header, ", ") + ")"
}

// Columns is the parser's column map.
func (p *OrderRowParser) Columns() ColumnMap { return p.cols }

// Parse reads one row. On failure it returns the first field at fault.
func (p *OrderRowParser) Parse(row []string) (store.ParsedLine, *RowError) {
	var l store.ParsedLine
	var err *RowError
	c := p.cols
	text := func(f Field) string { return c.Cell(row, f) }
	required := func(f Field) string {
		v := text(f)
		if v == "" && err == nil {
			err = &RowError{Column: c.Name(f), Reason: "is empty"}
		}
		return v
	}
	amount := func(f Field, optional bool) int64 {
		v := text(f)
		if v == "" && (optional || !c.Has(f)) {
			return 0
		}
		n, e := intl.ParseAmount(v, p.currency, p.locale)
		if e != nil && err == nil {
			err = &RowError{Column: c.Name(f), Value: v, Reason: reasonOf(e, v, "is empty")}
		}
		return n
	}
	optAmount := func(f Field) *int64 {
		if text(f) == "" {
			return nil
		}
		n := amount(f, false)
		return &n
	}
	rate := func(f Field) int64 {
		v := text(f)
		if v == "" {
			return 0
		}
		n, e := intl.ParseRate(v, p.locale)
		if e != nil && err == nil {
			err = &RowError{Column: c.Name(f), Value: v, Reason: e.Error()}
		}
		return n
	}
	optTime := func(f Field) *time.Time {
		v := text(f)
		if v == "" {
			return nil
		}
		t, e := intl.ParseTime(v, p.locale, p.tz)
		if e != nil && err == nil {
			err = &RowError{Column: c.Name(f), Value: v, Reason: e.Error()}
		}
		return &t
	}

	l.OrderID = required(ColOrderID)
	l.SKUID = required(ColSKUID)
	l.ProductID = required(ColProductID)
	l.ProductName = text(ColProductName)
	l.SellerSKU = text(ColSellerSKU)
	if u := model.CanonicalHandle(required(ColCreatorUsername)); u != "" {
		l.CreatorUsername = u
	}
	if cur := text(ColCurrency); cur != "" && !strings.EqualFold(cur, p.currency.Code) && err == nil {
		err = &RowError{Column: c.Name(ColCurrency), Value: cur, Reason: "does not match the shop's currency " + p.currency.Code}
	}
	l.Payment = amount(ColPaymentAmount, false)
	l.Price = amount(ColPrice, true)
	l.Quantity = 1
	if v := text(ColQuantity); v != "" {
		q, e := intl.ParseInt(v, p.locale)
		switch {
		case e != nil && err == nil:
			err = &RowError{Column: c.Name(ColQuantity), Value: v, Reason: e.Error()}
		case e == nil && q <= 0 && err == nil:
			err = &RowError{Column: c.Name(ColQuantity), Value: v, Reason: "must be a whole number of 1 or more"}
		}
		l.Quantity = q
	}
	if l.Payment < 0 && err == nil {
		err = &RowError{Column: c.Name(ColPaymentAmount), Value: text(ColPaymentAmount), Reason: "is negative"}
	}
	l.PaymentMethod = text(ColPaymentMethod)
	if v := required(ColOrderStatus); v != "" {
		st, ok := model.NormalizeStatus(v)
		if !ok && err == nil {
			err = &RowError{Column: c.Name(ColOrderStatus), Value: v, Reason: "is not an order status we know"}
		}
		l.Status = st
	}
	l.ContentType = text(ColContentType)
	l.ContentID = text(ColContentID)
	l.CommissionModel = text(ColCommissionModel)
	l.CommissionRateBP = rate(ColCommissionRate)
	l.EstBase = amount(ColEstBase, true)
	l.EstCommission = amount(ColEstCommission, true)
	l.ActualBase = optAmount(ColActualBase)
	l.ActualCommission = optAmount(ColActualCommission)
	l.ShopAdsRateBP = rate(ColShopAdsRate)
	l.EstShopAds = amount(ColEstShopAds, true)
	l.ActualShopAds = optAmount(ColActualShopAds)
	l.EstCofunded = amount(ColEstCofunded, true)
	l.ActualCofunded = optAmount(ColActualCofunded)
	if v := text(ColFullyRefunded); v != "" {
		b, ok := parseYesNo(v)
		if !ok && err == nil {
			err = &RowError{Column: c.Name(ColFullyRefunded), Value: v, Reason: "is neither Yes nor No"}
		}
		l.FullyRefunded = b
	}
	if v := required(ColTimeCreated); v != "" {
		if t := optTime(ColTimeCreated); t != nil {
			l.CreatedAt = *t
		}
	}
	l.PaidAt = optTime(ColPaymentTime)
	l.DeliveredAt = optTime(ColDeliveryTime)
	l.CommissionPaidAt = optTime(ColCommissionPaidTime)
	l.Platform = text(ColPlatform)
	if err != nil {
		return l, err
	}
	l.Hash = HashLine(&l.OrderLine)
	l.Lacks = p.lacks
	return l, nil
}

// reasonOf turns a parse error into a reason, saying emptyReason for an empty value.
func reasonOf(e error, v, emptyReason string) string {
	if errors.Is(e, intl.ErrEmpty) {
		return emptyReason
	}
	return e.Error()
}

var yesNo = map[string]bool{
	"yes": true, "y": true, "true": true, "1": true, "có": true, "ya": true, "ใช่": true,
	"no": false, "n": false, "false": false, "0": false, "không": false, "tidak": false, "ไม่": false,
}

func parseYesNo(s string) (value, ok bool) {
	value, ok = yesNo[strings.ToLower(strings.TrimSpace(s))]
	return value, ok
}
