package tiktokshop

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
)

// OrdersPage is one page of affiliate order lines.
type OrdersPage struct {
	Lines []AffiliateOrderLine
	// Errs are the page's lines that could not be read, as *LineError.
	Errs []error
	// NextPageToken asks for the page after this one; "" on the last page.
	NextPageToken string
}

// AffiliateOrdersPage fetches one page of q's affiliate order lines: the first when token is
// "", else the page the token names (a NextPageToken of the same query). A sync that stores
// each page before asking for the next keeps the token, and resumes from it after a crash.
func (cl *Client) AffiliateOrdersPage(ctx context.Context, shop ShopAuth, q OrdersQuery, token string) (*OrdersPage, error) {
	size := q.PageSize
	if size == 0 {
		size = DefaultOrdersPageSize
	}
	if size < 1 || size > MaxOrdersPageSize {
		return nil, fmt.Errorf("tiktokshop: POST %s: page size %d is outside 1–%d", ordersPath, size, MaxOrdersPageSize)
	}
	c := cl.shopCall(http.MethodPost, ordersPath, shop, q.body(), false)
	c.query.Set("page_size", strconv.Itoa(size))
	if token != "" {
		c.query.Set("page_token", token)
	}
	var w ordersPage
	if err := cl.do(ctx, c, &w); err != nil {
		return nil, err
	}
	p := w.lines()
	return &OrdersPage{Lines: p.items, Errs: p.errs, NextPageToken: p.next}, nil
}
