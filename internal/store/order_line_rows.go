package store

import (
	"database/sql"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// lineColumns are order_lines' columns in the order lineArgs and scanLine use.
const lineColumns = `shop_id, order_id, sku_id, workspace_id, product_id, creator_id, quantity, price, payment,
payment_method, status, content_type, content_id, commission_model, commission_rate_bp, est_base, est_commission,
actual_base, actual_commission, shop_ads_rate_bp, est_shop_ads, actual_shop_ads, est_cofunded, actual_cofunded,
fully_refunded, created_at, paid_at, delivered_at, commission_paid_at, platform, row_hash, first_run_id, last_run_id`

const lineColumnCount = 33

// lineUpdateSet is the ON CONFLICT clause: every column but the key and first_run_id.
const lineUpdateSet = `product_id = excluded.product_id, creator_id = excluded.creator_id, quantity = excluded.quantity,
price = excluded.price, payment = excluded.payment, payment_method = excluded.payment_method, status = excluded.status,
content_type = excluded.content_type, content_id = excluded.content_id, commission_model = excluded.commission_model,
commission_rate_bp = excluded.commission_rate_bp, est_base = excluded.est_base, est_commission = excluded.est_commission,
actual_base = excluded.actual_base, actual_commission = excluded.actual_commission, shop_ads_rate_bp = excluded.shop_ads_rate_bp,
est_shop_ads = excluded.est_shop_ads, actual_shop_ads = excluded.actual_shop_ads, est_cofunded = excluded.est_cofunded,
actual_cofunded = excluded.actual_cofunded, fully_refunded = excluded.fully_refunded, created_at = excluded.created_at,
paid_at = excluded.paid_at, delivered_at = excluded.delivered_at, commission_paid_at = excluded.commission_paid_at,
platform = excluded.platform, row_hash = excluded.row_hash, last_run_id = excluded.last_run_id`

// storedLine is an order line as the table holds it: with our ids for its product and creator.
type storedLine struct {
	model.OrderLine
	shopID, workspaceID   int64
	productID, creatorID  int64
	hash                  int64
	firstRunID, lastRunID int64
}

func unixOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Unix()
}

func (l *storedLine) appendArgs(args []any) []any {
	refunded := 0
	if l.FullyRefunded {
		refunded = 1
	}
	return append(args, l.shopID, l.OrderID, l.SKUID, l.workspaceID, l.productID, l.creatorID,
		l.Quantity, l.Price, l.Payment, l.PaymentMethod, l.Status, l.ContentType, l.ContentID,
		l.CommissionModel, l.CommissionRateBP, l.EstBase, l.EstCommission, nullInt(l.ActualBase),
		nullInt(l.ActualCommission), l.ShopAdsRateBP, l.EstShopAds, nullInt(l.ActualShopAds),
		l.EstCofunded, nullInt(l.ActualCofunded), refunded, l.CreatedAt.Unix(), unixOrNil(l.PaidAt),
		unixOrNil(l.DeliveredAt), unixOrNil(l.CommissionPaidAt), l.Platform, l.hash, l.firstRunID, l.lastRunID)
}

func optInt(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

func optTime(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := time.Unix(n.Int64, 0).UTC()
	return &t
}

func scanLine(row interface{ Scan(...any) error }) (*storedLine, error) {
	var l storedLine
	var actualBase, actualCommission, actualShopAds, actualCofunded sql.NullInt64
	var paidAt, deliveredAt, commissionPaidAt sql.NullInt64
	var refunded, created int64
	err := row.Scan(&l.shopID, &l.OrderID, &l.SKUID, &l.workspaceID, &l.productID, &l.creatorID,
		&l.Quantity, &l.Price, &l.Payment, &l.PaymentMethod, &l.Status, &l.ContentType, &l.ContentID,
		&l.CommissionModel, &l.CommissionRateBP, &l.EstBase, &l.EstCommission, &actualBase,
		&actualCommission, &l.ShopAdsRateBP, &l.EstShopAds, &actualShopAds,
		&l.EstCofunded, &actualCofunded, &refunded, &created, &paidAt,
		&deliveredAt, &commissionPaidAt, &l.Platform, &l.hash, &l.firstRunID, &l.lastRunID)
	if err != nil {
		return nil, err
	}
	l.ActualBase, l.ActualCommission = optInt(actualBase), optInt(actualCommission)
	l.ActualShopAds, l.ActualCofunded = optInt(actualShopAds), optInt(actualCofunded)
	l.FullyRefunded = refunded != 0
	l.CreatedAt = time.Unix(created, 0).UTC()
	l.PaidAt, l.DeliveredAt, l.CommissionPaidAt = optTime(paidAt), optTime(deliveredAt), optTime(commissionPaidAt)
	return &l, nil
}
