package ingest

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"iter"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/shopee"
	"github.com/creatorops/creatorops/internal/store"
)

// KindShopeeAPIOrders names affiliate-order syncs through the Shopee AMS conversion report.
const KindShopeeAPIOrders = "shopee_api_orders"

// ShopeePage is one page of the Shopee AMS conversion report.
type ShopeePage struct {
	Conversions []shopee.Conversion
	// Commit, when set, runs in the transaction that stores the page (store.LineBatch.Commit).
	Commit func(ctx context.Context, tx *sql.Tx) error
}

// ImportShopeeConversions stores conversions read from the Shopee AMS conversion report
// into a Shopee shop under an import run of its own: ImportShopeePages without page
// boundaries of the caller's, for a one-off read of the report.
func ImportShopeeConversions(ctx context.Context, s *store.Store, ws *model.Workspace, shop *model.Shop, name string, convs iter.Seq2[shopee.Conversion, error], opts Options) (*Summary, error) {
	const perPage = 500
	pages := func(yield func(ShopeePage, error) bool) {
		var p ShopeePage
		for cv, err := range convs {
			if err != nil {
				yield(ShopeePage{}, err)
				return
			}
			if p.Conversions = append(p.Conversions, cv); len(p.Conversions) == perPage {
				if !yield(p, nil) {
					return
				}
				p = ShopeePage{}
			}
		}
		if len(p.Conversions) > 0 {
			yield(p, nil)
		}
	}
	return ImportShopeePages(ctx, s, ws, shop, name, pages, opts)
}

// ImportShopeePages stores the pages of a Shopee AMS conversion report walk into a Shopee
// shop under an import run called name, through the export importer's pipeline: each item
// of a conversion is written as the affiliate-orders export row it stands for (order_sn →
// order, item → product, model → SKU, affiliate → creator, purchase value → payment) and read
// by the export's parser, so normalization, hashing, upsert, change history, rejected rows
// and rollups are the ones every import has. Each page is stored in a transaction of its
// own with its Commit and the affiliates' Shopee ids (creator_accounts.external_id), so a
// sync killed mid-way resumes after the last page it stored. A page without items stores
// nothing and its Commit does not run. An error from pages ends the import (the pages stored
// are kept) and is returned.
func ImportShopeePages(ctx context.Context, s *store.Store, ws *model.Workspace, shop *model.Shop, name string, pages iter.Seq2[ShopeePage, error], opts Options) (*Summary, error) {
	start := time.Now()
	if shop.Platform != model.PlatformShopee {
		return nil, errors.New("shop " + shop.Slug + " sells on " + shop.Platform + ", not Shopee: Shopee orders go into a Shopee shop")
	}
	header := APIOrdersHeader()
	parser, err := NewOrderRowParser(header, shop)
	if err != nil {
		return nil, err
	}
	// The rows are written in the API's forms (RFC 3339 UTC times), not the shop's locale.
	parser.locale, parser.tz = apiRowLocale, time.UTC
	t := &shopeeTable{header: header, cur: parser.currency, accounts: store.AccountPlatform(shop.Platform)}
	t.next, t.stop = iter.Pull2(pages)
	t.setIDs = func(ctx context.Context, tx *sql.Tx, ids map[string]string) error {
		return s.SetAccountExternalIDsTx(ctx, tx, ws.ID, t.accounts, ids)
	}
	defer t.Close()
	return importOrderRows(ctx, s, ws, shop, t, parser, KindShopeeAPIOrders, name, opts, start, nil)
}

// shopeeTable is the Table of a conversion report walk: each item of a conversion is a row
// in APIOrdersHeader's columns, numbered from 2 as in an export of the walk.
type shopeeTable struct {
	header   []string
	cur      intl.Currency
	accounts string
	next     func() (ShopeePage, error, bool)
	stop     func()
	setIDs   func(ctx context.Context, tx *sql.Tx, ids map[string]string) error
	rows     [][]string // the current page's rows not returned yet
	n        int64
	cut      bool
	commit   func(ctx context.Context, tx *sql.Tx) error
}

func (t *shopeeTable) Header() []string { return t.header }

// Progress is always 0: a walk's length is unknown until its last page.
func (t *shopeeTable) Progress() float64 { return 0 }

// Close stops the walk; runBatches has returned by then, so no Next runs concurrently.
func (t *shopeeTable) Close() error {
	t.stop()
	return nil
}

// CutBatch implements batchCutter: a batch ends with the last row of a page, with the page's
// Commit and its affiliates' ids.
func (t *shopeeTable) CutBatch() (bool, func(ctx context.Context, tx *sql.Tx) error) {
	if !t.cut {
		return false, nil
	}
	return true, t.commit
}

func (t *shopeeTable) Next() ([]string, int64, error) {
	for len(t.rows) == 0 {
		p, err, ok := t.next()
		if !ok {
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, t.n, err
		}
		ids := map[string]string{}
		for i := range p.Conversions {
			cv := &p.Conversions[i]
			t.rows = append(t.rows, t.render(cv)...)
			if h := model.CanonicalHandle(shopeeHandle(cv)); h != "" && cv.AffiliateID != "" {
				ids[h] = cv.AffiliateID
			}
		}
		pageCommit := p.Commit
		t.commit = func(ctx context.Context, tx *sql.Tx) error {
			if len(ids) > 0 {
				if err := t.setIDs(ctx, tx, ids); err != nil {
					return err
				}
			}
			if pageCommit != nil {
				return pageCommit(ctx, tx)
			}
			return nil
		}
	}
	row := t.rows[0]
	t.rows = t.rows[1:]
	t.n++
	t.cut = len(t.rows) == 0
	return row, t.n, nil
}

// shopeeHandle is the creator's handle: the affiliate's username, or its id for an
// affiliate the report names without one, so its sales are kept rather than rejected.
func shopeeHandle(cv *shopee.Conversion) string {
	if cv.AffiliateUsername != "" {
		return cv.AffiliateUsername
	}
	return cv.AffiliateID
}

// ShopeeSKU is the SKU id of a report item: its model id, or the item id for an item
// without variations (model 0). Shopee model ids are unique across a shop's items.
func ShopeeSKU(it *shopee.ConversionItem) string {
	if it.ModelID != "" && it.ModelID != "0" {
		return it.ModelID
	}
	return it.ItemID
}

// ShopeeLineCount is how many order lines cv makes: one per SKU (see render).
func ShopeeLineCount(cv *shopee.Conversion) int {
	seen := make(map[string]bool, len(cv.Items))
	for i := range cv.Items {
		seen[ShopeeSKU(&cv.Items[i])] = true
	}
	return len(seen)
}

// render writes the items of cv as the export rows they stand for. Items of one conversion
// with the same SKU (Shopee lists an item once per promotion) become one line, their
// amounts added, as the store keeps one line per order and SKU.
func (t *shopeeTable) render(cv *shopee.Conversion) [][]string {
	items := make([]shopee.ConversionItem, 0, len(cv.Items))
	at := map[string]int{}
	for _, it := range cv.Items {
		sku := ShopeeSKU(&it)
		if i, ok := at[sku]; ok {
			m := &items[i]
			m.Quantity += it.Quantity
			m.PurchaseValue += it.PurchaseValue
			m.RefundAmount += it.RefundAmount
			m.BrandCommission += it.BrandCommission
			m.CommissionToAffiliate += it.CommissionToAffiliate
			continue
		}
		at[sku] = len(items)
		items = append(items, it)
	}
	amount := func(v int64) string { return intl.FormatPlain(v, t.cur, apiRowLocale) }
	when := func(at time.Time) string {
		if at.IsZero() {
			return ""
		}
		return at.UTC().Format(time.RFC3339)
	}
	out := make([][]string, 0, len(items))
	for i := range items {
		it := &items[i]
		r := make([]string, len(t.header))
		r[ColOrderID] = cv.OrderSN
		r[ColProductID] = it.ItemID
		r[ColProductName] = it.ItemName
		r[ColSKUID] = ShopeeSKU(it)
		r[ColPrice] = amount(it.Price)
		// GMV is net of refunds, and a line is refunded whole or not at all: a partial refund
		// lowers the payment, a full one marks the line refunded with what was paid.
		fully := it.RefundAmount > 0 && it.RefundAmount >= it.PurchaseValue
		payment := it.PurchaseValue
		if !fully {
			payment -= it.RefundAmount
		}
		r[ColPaymentAmount] = amount(payment)
		r[ColCurrency] = cv.Currency
		r[ColQuantity] = strconv.FormatInt(it.Quantity, 10)
		r[ColOrderStatus] = cv.OrderStatus
		r[ColCreatorUsername] = shopeeHandle(cv)
		r[ColContentType] = cv.Channel
		r[ColCommissionModel] = it.SellerCampaignType
		r[ColCommissionRate] = intl.FormatRate(it.CommissionRateToAffiliate)
		r[ColEstBase] = amount(payment)
		r[ColEstCommission] = amount(it.CommissionToAffiliate)
		// Shopee settles a conversion once it is verified: Valid pays the commission shown,
		// Invalid pays nothing; before that the actual figures are not known.
		switch cv.VerifiedStatus {
		case "Valid":
			r[ColActualBase] = amount(it.PurchaseValue - it.RefundAmount)
			r[ColActualCommission] = amount(it.CommissionToAffiliate)
			r[ColCommissionPaidTime] = when(cv.ConversionCompletedAt)
		case "Invalid":
			r[ColActualBase], r[ColActualCommission] = amount(0), amount(0)
		}
		r[ColFullyRefunded] = "No"
		if fully {
			r[ColFullyRefunded] = "Yes"
		}
		r[ColTimeCreated] = when(cv.PlacedAt)
		r[ColDeliveryTime] = when(cv.CompletedAt)
		out = append(out, r)
	}
	return out
}
