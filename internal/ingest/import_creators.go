package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// KindCreators names creator-list imports.
const KindCreators = "creators"

// CreatorListOptions say how to read a creator list.
type CreatorListOptions struct {
	Platform string // whose handles the list holds: "tiktok" unless said
	Currency string // of its GMV column: USD unless said
	Locale   string // its number format: the currency's usual one unless said
	Options
}

// CreatorRowParser reads rows of a creator list.
type CreatorRowParser struct {
	cols     ColumnMap
	currency intl.Currency
	locale   intl.Locale
}

// NewCreatorRowParser maps a creator list's header.
func NewCreatorRowParser(header []string, currency, locale string) (*CreatorRowParser, error) {
	cols := MapColumns(header, creatorAliases, int(creatorFieldCount))
	if missing := cols.Missing(requiredCreatorFields, creatorAliases); len(missing) > 0 {
		return nil, &HeaderError{Missing: missing, Header: header}
	}
	cur, ok := intl.LookupCurrency(currency)
	if !ok {
		return nil, fmt.Errorf("%q is not a currency creatorops knows", currency)
	}
	loc, ok := intl.LookupLocale(locale)
	if !ok {
		loc = intl.DefaultLocale(cur.Code)
	}
	return &CreatorRowParser{cols: cols, currency: cur, locale: loc}, nil
}

// Parse reads one row of a creator list.
func (p *CreatorRowParser) Parse(row []string) (store.CreatorProfile, *RowError) {
	c := p.cols
	var err *RowError
	text := func(f Field) string { return c.Cell(row, f) }
	number := func(f Field) *int64 {
		v := text(f)
		if v == "" {
			return nil
		}
		n, e := intl.ParseInt(v, p.locale)
		if e != nil && err == nil {
			err = &RowError{Column: c.Name(f), Value: v, Reason: e.Error()}
		}
		return &n
	}
	prof := store.CreatorProfile{Handle: model.CanonicalHandle(text(CreatorUsername)), DisplayName: text(CreatorNickname),
		Category: text(CreatorCategory), Email: strings.ToLower(text(CreatorEmail)), Region: strings.ToUpper(text(CreatorRegion)),
		Agency: text(CreatorAgency), Currency: p.currency.Code}
	if prof.Handle == "" {
		err = &RowError{Column: c.Name(CreatorUsername), Reason: "is empty"}
	}
	prof.Followers = number(CreatorFollowers)
	prof.Units30d = number(CreatorUnits30d)
	prof.AvgViews = number(CreatorAvgViews)
	if v := text(CreatorGMV30d); v != "" {
		n, e := intl.ParseAmount(v, p.currency, p.locale)
		if e != nil && err == nil {
			err = &RowError{Column: c.Name(CreatorGMV30d), Value: v, Reason: e.Error()}
		}
		prof.GMV30d = &n
	}
	if v := text(CreatorEngagement); v != "" {
		n, e := intl.ParseRate(v, p.locale)
		if e != nil && err == nil {
			err = &RowError{Column: c.Name(CreatorEngagement), Value: v, Reason: e.Error()}
		}
		prof.EngagementBP = &n
	}
	if e := prof.Email; e != "" && (!strings.Contains(e, "@") || strings.ContainsAny(e, " ,;")) && err == nil {
		err = &RowError{Column: c.Name(CreatorEmail), Value: text(CreatorEmail), Reason: "is not an email address"}
	}
	return prof, err
}

// ImportCreators imports a creator list (CSV or XLSX), creating or updating creators by handle.
func ImportCreators(ctx context.Context, s *store.Store, ws *model.Workspace, path string, o CreatorListOptions) (*Summary, error) {
	start := time.Now()
	name := filepath.Base(path)
	if o.Platform == "" {
		o.Platform = "tiktok"
	}
	if o.Currency == "" {
		o.Currency = "USD"
	}
	t, err := OpenTable(path)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	parser, err := NewCreatorRowParser(t.Header(), o.Currency, o.Locale)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	runID, err := o.startRun(ctx, s, ws.ID, 0, KindCreators, name, t.Header())
	if err != nil {
		return nil, err
	}
	var tot store.BatchResult
	var rows int64
	var profiles []store.CreatorProfile
	var rejected []store.RejectedRow
	flush := func() error {
		res, err := s.UpsertCreatorProfiles(ctx, ws.ID, o.Platform, runID, profiles, rejected, rows, tot)
		if err != nil {
			return err
		}
		tot.Add(res)
		profiles, rejected = profiles[:0], rejected[:0]
		if o.OnProgress != nil {
			o.OnProgress(Progress{File: name, Fraction: t.Progress(), Rows: rows, BatchResult: tot})
		}
		return nil
	}
	err = func() error {
		for {
			row, n, err := t.Next()
			if errors.Is(err, io.EOF) {
				return flush()
			}
			var rerr *RowError
			if err != nil && !errors.As(err, &rerr) {
				return err
			}
			rows++
			if rerr == nil {
				var p store.CreatorProfile
				if p, rerr = parser.Parse(row); rerr == nil {
					profiles = append(profiles, p)
				}
			}
			if rerr != nil {
				rejected = append(rejected, rejectedRow(row, n, rerr, ""))
			}
			if len(profiles)+len(rejected) >= 1000 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}()
	if err = o.finishRun(ctx, s, runID, err); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d := time.Since(start)
	return &Summary{File: name, RunID: runID, Rows: rows, Inserted: tot.Inserted, Updated: tot.Updated,
		Unchanged: tot.Unchanged, Rejected: tot.Rejected, Duration: d, Seconds: d.Seconds()}, nil
}
