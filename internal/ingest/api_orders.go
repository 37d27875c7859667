package ingest

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// KindTikTokAPIOrders names affiliate-order syncs through the TikTok Shop API.
const KindTikTokAPIOrders = "tiktok_api_orders"

// apiRowLocale is how API lines are written as rows: the API's own number form ('.' for
// decimals, no grouping) and RFC 3339 UTC times, which ParseTime reads whatever the zone.
var apiRowLocale = intl.Locale{Tag: "API", Decimal: '.', Group: ',', DateOrder: intl.DMY}

// APIOrdersHeader is the header of the rows an API sync records: the English Seller Center
// export's, in its column order. A sync's rejected rows therefore download as an export file
// the importer reads, like any export's.
func APIOrdersHeader() []string {
	h := make([]string, orderFieldCount)
	for f := range orderFieldCount {
		h[f] = orderAliases[f][0]
	}
	return h
}

// ImportAPIOrders stores affiliate order lines read from the TikTok Shop API, through the same
// pipeline as an export: each line is written as the row Seller Center would export for it
// and read by the export's parser, so a line synced and the same line imported from a file
// are the same normalized line with the same hash (an export imported, then synced, is all
// unchanged). Batches, the import run, rejected rows, change history and rollups are the
// export's too. A line the parser refuses, or that the iterator yields as a
// *tiktokshop.LineError, is kept as a rejected row; any other error from lines ends the sync
// and is returned, with the batches already committed kept.
func ImportAPIOrders(ctx context.Context, s *store.Store, ws *model.Workspace, shop *model.Shop, lines iter.Seq2[tiktokshop.AffiliateOrderLine, error], opts Options) (*Summary, error) {
	start := time.Now()
	name := "TikTok Shop API sync " + start.UTC().Format("2006-01-02T15:04Z")
	header := APIOrdersHeader()
	parser, err := NewOrderRowParser(header, shop)
	if err != nil {
		return nil, err
	}
	// The rows are written in the API's forms, not the shop's locale and zone.
	parser.locale, parser.tz = apiRowLocale, time.UTC
	parser.lacks = apiLacks
	t := newAPITable(header, parser.currency)
	t.pull(lines)
	defer t.Close()
	// A row standing for a line the client could not read is rejected before parsing.
	unreadable := func(row []string) (*RowError, string) { return t.lineErr, row[ColOrderID] + "/" + row[ColSKUID] }
	return importOrderRows(ctx, s, ws, shop, t, parser, KindTikTokAPIOrders, name, opts, start, unreadable)
}

// apiLacks are the fields an API line does not carry: no payment method, commission model,
// commission payment time or platform, and a unit price as paid (the payment derived from it)
// where an export has the list price and the amount paid. A line stored from an export keeps
// its values for them (store.ParsedLine.Lacks).
const apiLacks = store.LacksPaymentMethod | store.LacksCommissionModel | store.LacksPlatform |
	store.LacksCommissionPaidAt | store.LacksPrice | store.LacksPayment

// APIOrderPage is one page of affiliate order lines read from the TikTok Shop API.
type APIOrderPage struct {
	Lines []tiktokshop.AffiliateOrderLine
	// Errs are the page's lines the client could not read (*tiktokshop.LineError): they are
	// kept as rejected rows.
	Errs []error
	// Commit, when set, runs in the transaction that stores the page (store.LineBatch.Commit).
	Commit func(ctx context.Context, tx *sql.Tx) error
}

// ImportAPIOrderPages is ImportAPIOrders for a walk that commits page by page, under an
// import run called name: each page is stored in a transaction of its own together with its
// Commit, so a sync records its page token with the page, and a sync killed mid-way resumes
// after the last page it stored. A page without lines stores nothing, and its Commit does not
// run: the next page's (or the caller's, once the walk ends) records the progress past it.
// An error from pages ends the import (the pages stored are kept) and is returned.
func ImportAPIOrderPages(ctx context.Context, s *store.Store, ws *model.Workspace, shop *model.Shop, name string, pages iter.Seq2[APIOrderPage, error], opts Options) (*Summary, error) {
	start := time.Now()
	header := APIOrdersHeader()
	parser, err := NewOrderRowParser(header, shop)
	if err != nil {
		return nil, err
	}
	parser.locale, parser.tz = apiRowLocale, time.UTC
	parser.lacks = apiLacks
	t := newAPITable(header, parser.currency)
	t.pull(t.flatten(pages))
	defer t.Close()
	unreadable := func(row []string) (*RowError, string) { return t.lineErr, row[ColOrderID] + "/" + row[ColSKUID] }
	return importOrderRows(ctx, s, ws, shop, t, parser, KindTikTokAPIOrders, name, opts, start, unreadable)
}

// flatten yields the lines of pages in order, marking the last line of each page so that
// CutBatch ends the batch there with the page's Commit.
func (t *apiTable) flatten(pages iter.Seq2[APIOrderPage, error]) iter.Seq2[tiktokshop.AffiliateOrderLine, error] {
	return func(yield func(tiktokshop.AffiliateOrderLine, error) bool) {
		var zero tiktokshop.AffiliateOrderLine
		for p, err := range pages {
			if err != nil {
				t.cut, t.commit = false, nil
				yield(zero, err)
				return
			}
			n, i := len(p.Errs)+len(p.Lines), 0
			mark := func() {
				i++
				t.cut, t.commit = i == n, nil
				if t.cut {
					t.commit = p.Commit
				}
			}
			for _, e := range p.Errs {
				if mark(); !yield(zero, e) {
					return
				}
			}
			for _, l := range p.Lines {
				if mark(); !yield(l, nil) {
					return
				}
			}
		}
	}
}

// CutBatch implements batchCutter: a batch ends with the last line of an API page.
func (t *apiTable) CutBatch() (bool, func(ctx context.Context, tx *sql.Tx) error) {
	return t.cut, t.commit
}

// apiTable is the Table of an API walk: each line is a row in APIOrdersHeader's columns,
// numbered as in an export of the walk (the header is row 1, the first line row 2), so a
// rejected row reads the same wherever it came from.
type apiTable struct {
	header  []string
	next    func() (tiktokshop.AffiliateOrderLine, error, bool)
	stop    func()
	shopCur intl.Currency
	n       int64
	row     []string
	// lineErr is set when the row just returned stands for a line the client could not read;
	// runBatches hands that row to the parse function before it calls Next again.
	lineErr *RowError
	// cut and commit are set by flatten for the row just returned: it ends a page.
	cut    bool
	commit func(ctx context.Context, tx *sql.Tx) error
}

func newAPITable(header []string, shopCur intl.Currency) *apiTable {
	return &apiTable{header: header, shopCur: shopCur, n: 1, row: make([]string, len(header))}
}

// pull makes lines the rows of the table.
func (t *apiTable) pull(lines iter.Seq2[tiktokshop.AffiliateOrderLine, error]) {
	t.next, t.stop = iter.Pull2(lines)
}

func (t *apiTable) Header() []string { return t.header }

// Progress is always 0: a walk's length is unknown until its last page.
func (t *apiTable) Progress() float64 { return 0 }

// Close stops the walk; runBatches has returned by then, so no Next runs concurrently.
func (t *apiTable) Close() error {
	t.stop()
	return nil
}

func (t *apiTable) Next() ([]string, int64, error) {
	l, err, ok := t.next()
	if !ok {
		return nil, 0, io.EOF
	}
	t.n++
	t.lineErr = nil
	var le *tiktokshop.LineError
	switch {
	case errors.As(err, &le):
		clear(t.row)
		t.row[ColOrderID], t.row[ColSKUID] = lineErrorKey(le.ID)
		t.lineErr = &RowError{Column: le.Field, Reason: "the API sent a value that cannot be read: " + le.Err.Error()}
		return t.row, t.n, nil
	case err != nil:
		return nil, t.n, err
	}
	if l.Quantity > 0 && (l.Price.Amount > math.MaxInt64/l.Quantity || l.Price.Amount < math.MinInt64/l.Quantity) {
		t.lineErr = &RowError{Column: "quantity", Value: strconv.FormatInt(l.Quantity, 10), Reason: "price × quantity is beyond any amount we can store"}
	}
	t.render(&l)
	return t.row, t.n, nil
}

// lineErrorKey reads the order and SKU ids back from a LineError's "order X sku Y".
func lineErrorKey(id string) (order, sku string) {
	rest, ok := strings.CutPrefix(id, "order ")
	if !ok {
		return "", ""
	}
	order, sku, _ = strings.Cut(rest, " sku ")
	return order, sku
}

// render writes l as the export row Seller Center would write for it.
func (t *apiTable) render(l *tiktokshop.AffiliateOrderLine) {
	r := t.row
	clear(r)
	// The Currency cell names the first currency that is not the shop's, if any, so the
	// parser refuses the line as it refuses an export row in another currency.
	code := t.shopCur.Code
	for _, m := range []*tiktokshop.Money{&l.Price, &l.EstimatedCommissionBase, &l.EstimatedCommission,
		&l.EstimatedShopAdsCommission, &l.EstimatedCofundedBonus, l.ActualCommissionBase, l.ActualCommission,
		l.ActualShopAdsCommission, l.ActualCofundedBonus} {
		if m != nil && m.Currency != "" && !strings.EqualFold(m.Currency, t.shopCur.Code) {
			code = m.Currency
			break
		}
	}
	amount := func(m tiktokshop.Money) string {
		cur, ok := intl.LookupCurrency(m.Currency)
		if !ok {
			cur = t.shopCur
		}
		return intl.FormatPlain(m.Amount, cur, apiRowLocale)
	}
	optAmount := func(m *tiktokshop.Money) string {
		if m == nil { // not known yet: an empty cell, as in an export
			return ""
		}
		return amount(*m)
	}
	when := func(at time.Time) string {
		if at.IsZero() {
			return ""
		}
		return at.UTC().Format(time.RFC3339)
	}
	r[ColOrderID] = l.OrderID
	r[ColProductID] = l.ProductID
	r[ColProductName] = l.ProductName
	r[ColSKUID] = l.SKUID
	r[ColPrice] = amount(l.Price)
	// The price is per unit as the buyer paid it, so the line's payment is price × quantity.
	r[ColPaymentAmount] = amount(tiktokshop.Money{Amount: l.Price.Amount * l.Quantity, Currency: l.Price.Currency})
	r[ColCurrency] = code
	r[ColQuantity] = strconv.FormatInt(l.Quantity, 10)
	// The API writes statuses in capitals with underscores (AWAITING_SHIPMENT), the export
	// in words; NormalizeStatus knows the words.
	r[ColOrderStatus] = strings.ReplaceAll(l.OrderStatus, "_", " ")
	r[ColCreatorUsername] = l.CreatorUsername
	r[ColContentType] = l.ContentType
	r[ColContentID] = l.ContentID
	r[ColCommissionRate] = intl.FormatRate(l.CommissionRateBP)
	r[ColEstBase] = amount(l.EstimatedCommissionBase)
	r[ColEstCommission] = amount(l.EstimatedCommission)
	r[ColActualBase] = optAmount(l.ActualCommissionBase)
	r[ColActualCommission] = optAmount(l.ActualCommission)
	r[ColShopAdsRate] = intl.FormatRate(l.ShopAdsCommissionRateBP)
	r[ColEstShopAds] = amount(l.EstimatedShopAdsCommission)
	r[ColActualShopAds] = optAmount(l.ActualShopAdsCommission)
	r[ColEstCofunded] = amount(l.EstimatedCofundedBonus)
	r[ColActualCofunded] = optAmount(l.ActualCofundedBonus)
	r[ColFullyRefunded] = "No"
	if l.Quantity > 0 && l.RefundedQuantity+l.ReturnedQuantity >= l.Quantity {
		r[ColFullyRefunded] = "Yes"
	}
	r[ColTimeCreated] = when(l.CreatedAt)
	r[ColPaymentTime] = when(l.PaidAt)
	r[ColDeliveryTime] = when(l.DeliveredAt)
	// The API sends no seller SKU, payment method, commission model, commission payment time
	// or platform: those cells stay empty.
}
