package shopee

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
)

// PathConversionReport is the AMS conversion report: affiliate orders with their items and
// commissions, paged by page_no.
const PathConversionReport = "/api/v2/ams/get_conversion_report"

// Paging limits of the conversion report.
const (
	DefaultPageSize = 100
	MaxPageSize     = 500
	MaxReportRows   = 10000 // page_no × page_size may not exceed this
)

// ErrReportTooLarge is returned when a query's rows go past what paging can reach: split the
// time range and ask again.
var ErrReportTooLarge = errors.New("shopee: conversion report has more rows than paging reaches; narrow the time range")

// ReportQuery filters the conversion report. Zero fields are left out; the time bounds are
// inclusive and sent as Unix seconds. Sync by a closed, past window of place-order time so
// pages do not shift under the iterator.
type ReportQuery struct {
	PlacedFrom, PlacedTo                           time.Time
	CompletedFrom, CompletedTo                     time.Time
	ConversionCompletedFrom, ConversionCompletedTo time.Time
	OrderSN                                        string
	AffiliateID                                    string
	OrderStatus                                    string // Unpaid, Pending, Completed, Cancelled
	VerifiedStatus                                 string // Unverified, Valid, Invalid
	PageSize                                       int    // DefaultPageSize when zero, at most MaxPageSize
}

// values builds the query string for page pageNo.
func (q ReportQuery) values(pageNo, pageSize int) url.Values {
	v := url.Values{}
	v.Set("page_no", strconv.Itoa(pageNo))
	v.Set("page_size", strconv.Itoa(pageSize))
	setTime := func(k string, t time.Time) {
		if !t.IsZero() {
			v.Set(k, strconv.FormatInt(t.Unix(), 10))
		}
	}
	setTime("place_order_time_start", q.PlacedFrom)
	setTime("place_order_time_end", q.PlacedTo)
	setTime("order_completed_time_start", q.CompletedFrom)
	setTime("order_completed_time_end", q.CompletedTo)
	setTime("conversion_completed_time_start", q.ConversionCompletedFrom)
	setTime("conversion_completed_time_end", q.ConversionCompletedTo)
	for k, s := range map[string]string{"order_sn": q.OrderSN, "affiliate_id": q.AffiliateID,
		"order_status": q.OrderStatus, "verified_status": q.VerifiedStatus} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// pageSize is the effective page size of q.
func (q ReportQuery) pageSize() (int, error) {
	switch {
	case q.PageSize == 0:
		return DefaultPageSize, nil
	case q.PageSize < 0 || q.PageSize > MaxPageSize:
		return 0, fmt.Errorf("shopee: page size %d is outside 1–%d", q.PageSize, MaxPageSize)
	}
	return q.PageSize, nil
}

// ConversionPage is one page of the report, mapped.
type ConversionPage struct {
	PageNo      int
	Conversions []Conversion
	HasMore     bool
	TotalCount  int
	RequestID   string
}

// ConversionReportPage fetches page pageNo (from 1) of the report for shop.
func (c *Client) ConversionReportPage(ctx context.Context, shop Shop, q ReportQuery, pageNo int) (*ConversionPage, error) {
	size, err := q.pageSize()
	if err != nil {
		return nil, err
	}
	if pageNo < 1 {
		return nil, fmt.Errorf("shopee: page %d: pages start at 1", pageNo)
	}
	if pageNo*size > MaxReportRows {
		return nil, fmt.Errorf("%w (shop %d, page %d of %d rows)", ErrReportTooLarge, shop.ID, pageNo, size)
	}
	rd, err := newReportReader(shop)
	if err != nil {
		return nil, err
	}
	raw, _, err := c.do(ctx, request{method: http.MethodGet, path: PathConversionReport,
		shopID: shop.ID, token: shop.AccessToken, shopLevel: true, query: q.values(pageNo, size)})
	if err != nil {
		return nil, err
	}
	p, err := rd.decodePage(raw)
	if err != nil {
		return nil, fmt.Errorf("shopee: GET %s (shop %d) page %d: %w", PathConversionReport, shop.ID, pageNo, err)
	}
	p.PageNo = pageNo
	return p, nil
}

// ConversionReport yields every conversion of the query, page after page. It stops at the
// first error, which it yields with a zero Conversion.
func (c *Client) ConversionReport(ctx context.Context, shop Shop, q ReportQuery) iter.Seq2[Conversion, error] {
	return func(yield func(Conversion, error) bool) {
		for pageNo := 1; ; pageNo++ {
			p, err := c.ConversionReportPage(ctx, shop, q, pageNo)
			if err != nil {
				yield(Conversion{}, err)
				return
			}
			for _, cv := range p.Conversions {
				if !yield(cv, nil) {
					return
				}
			}
			if !p.HasMore {
				return
			}
			if len(p.Conversions) == 0 {
				// More pages promised but none given: stop rather than loop on empty pages.
				yield(Conversion{}, fmt.Errorf("shopee: GET %s (shop %d) page %d: has_more with an empty page, request_id %s",
					PathConversionReport, shop.ID, pageNo, p.RequestID))
				return
			}
		}
	}
}

// reportReader converts one shop's report values: amounts in its currency, times in its zone.
type reportReader struct {
	cur intl.Currency
	tz  *time.Location
}

// newReportReader checks that shop says how to read its reports.
func newReportReader(shop Shop) (reportReader, error) {
	cur, ok := intl.LookupCurrency(shop.Currency)
	if !ok {
		return reportReader{}, fmt.Errorf("shopee: shop %d: currency %q is not a known ISO 4217 code", shop.ID, shop.Currency)
	}
	if shop.Location == nil {
		return reportReader{}, fmt.Errorf("shopee: shop %d: no time zone to read report times in", shop.ID)
	}
	return reportReader{cur: cur, tz: shop.Location}, nil
}

// decodePage reads a report answer body.
func (rd reportReader) decodePage(raw []byte) (*ConversionPage, error) {
	var env struct {
		RequestID string `json:"request_id"`
		Response  *struct {
			List       []wireConversion `json:"list"`
			TotalCount int              `json:"total_count"`
			HasMore    bool             `json:"has_more"`
		} `json:"response"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, fmt.Errorf("decoding report: %w", err)
	}
	if env.Response == nil {
		return nil, fmt.Errorf("answer has no response, request_id %s", env.RequestID)
	}
	p := &ConversionPage{
		Conversions: make([]Conversion, 0, len(env.Response.List)),
		HasMore:     env.Response.HasMore,
		TotalCount:  env.Response.TotalCount,
		RequestID:   env.RequestID,
	}
	for i := range env.Response.List {
		cv, err := rd.conversion(&env.Response.List[i])
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i+1, err)
		}
		p.Conversions = append(p.Conversions, cv)
	}
	return p, nil
}
