package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// CreatorAccount is one of a creator's accounts on a platform.
type CreatorAccount struct {
	Platform  string
	Handle    string
	CreatedAt time.Time
}

// CreatorDetail is what a creator's page shows besides figures.
type CreatorDetail struct {
	Creator
	Source    string // how we first learned of the creator: "orders" or "list"
	CreatedAt time.Time
	Accounts  []CreatorAccount
	FirstSale *time.Time // creation time of the creator's first order line (any status); nil before any
	LastSale  *time.Time
}

// CreatorDetail returns the workspace's creator with that id, or ErrNotFound — also when the
// id belongs to another workspace.
func (s *Store) CreatorDetail(ctx context.Context, workspaceID, id int64) (*CreatorDetail, error) {
	var d CreatorDetail
	var followers, gmv, engagement sql.NullInt64
	var created int64
	err := s.read.QueryRowContext(ctx, `SELECT c.id, c.username, c.display_name, c.followers, c.category, c.email, c.region,
		c.agency, c.gmv_30d, c.gmv_30d_currency, c.engagement_bp, c.source, c.created_at
		FROM creators c WHERE c.workspace_id = $1 AND c.id = $2`, workspaceID, id).Scan(
		&d.ID, &d.Username, &d.DisplayName, &followers, &d.Category, &d.Email, &d.Region, &d.Agency, &gmv, &d.Currency,
		&engagement, &d.Source, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch creator %d: %w", id, err)
	}
	d.Followers, d.GMV30d, d.EngagementBP = optInt(followers), optInt(gmv), optInt(engagement)
	d.CreatedAt = time.Unix(created, 0).UTC()
	if d.FirstSale, d.LastSale, err = s.creatorSaleSpan(ctx, workspaceID, id); err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT platform, handle, created_at FROM creator_accounts
		WHERE workspace_id = $1 AND creator_id = $2 ORDER BY created_at, id`, workspaceID, id)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the accounts of creator %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a CreatorAccount
		var at int64
		if err := rows.Scan(&a.Platform, &a.Handle, &at); err != nil {
			return nil, fmt.Errorf("store: unable to list the accounts of creator %d: %w", id, err)
		}
		a.CreatedAt = time.Unix(at, 0).UTC()
		d.Accounts = append(d.Accounts, a)
	}
	return &d, rows.Err()
}

// CreatorIDByHandle returns the id of the workspace's creator with that handle on any platform
// (or first seen with it), or ErrNotFound. The handle is matched in canonical form.
func (s *Store) CreatorIDByHandle(ctx context.Context, workspaceID int64, handle string) (int64, error) {
	h := model.CanonicalHandle(handle)
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT creator_id FROM creator_accounts WHERE workspace_id = $1 AND handle = $2
		UNION SELECT id FROM creators WHERE workspace_id = $1 AND username = $2 ORDER BY 1 LIMIT 1`, workspaceID, h).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: unable to look up creator %q: %w", h, err)
	}
	return id, nil
}

// CreatorWindowTotals returns one creator's totals in a window (Window{} for all time), one
// entry per currency it sold in, busiest first. It reads the same rollup blobs as the reports,
// stopping in each at the creator's id.
func (s *Store) CreatorWindowTotals(ctx context.Context, workspaceID, creatorID int64, w Window) ([]CreatorFigures, error) {
	m, h, t := rollupSpans(w)
	rows, err := s.read.QueryContext(ctx, `SELECT currency, data FROM rollup_creator_blobs WHERE workspace_id = $1 AND
		((kind = 'month' AND period BETWEEN $2 AND $3) OR (kind = 'day' AND (period BETWEEN $4 AND $5 OR period BETWEEN $6 AND $7)))`,
		workspaceID, m[0], m[1], h[0], h[1], t[0], t[1])
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the rollups of creator %d: %w", creatorID, err)
	}
	defer rows.Close()
	byCurrency := map[string]*model.Totals{}
	for rows.Next() {
		var currency string
		var data []byte
		if err := rows.Scan(&currency, &data); err != nil {
			return nil, fmt.Errorf("store: unable to read the rollups of creator %d: %w", creatorID, err)
		}
		got, ok, err := blobEntry(data, creatorID)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if byCurrency[currency] == nil {
			byCurrency[currency] = &model.Totals{}
		}
		byCurrency[currency].Add(got)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read the rollups of creator %d: %w", creatorID, err)
	}
	out := make([]CreatorFigures, 0, len(byCurrency))
	for c, t := range byCurrency {
		out = append(out, CreatorFigures{CreatorID: creatorID, Currency: c, Totals: *t})
	}
	slices.SortFunc(out, func(a, b CreatorFigures) int {
		return cmp.Or(cmp.Compare(b.Orders, a.Orders), cmp.Compare(a.Currency, b.Currency))
	})
	return out, nil
}

// CreatorDailyTotals returns one creator's totals per day of a window (both ends set), oldest
// first; days without lines are absent.
func (s *Store) CreatorDailyTotals(ctx context.Context, workspaceID, creatorID int64, w Window) ([]DayFigures, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT period, currency, data FROM rollup_creator_blobs
		WHERE workspace_id = $1 AND kind = 'day' AND period BETWEEN $2 AND $3 ORDER BY period, currency`, workspaceID, w.From, w.To)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the days of creator %d: %w", creatorID, err)
	}
	defer rows.Close()
	var out []DayFigures
	for rows.Next() {
		var f DayFigures
		var data []byte
		if err := rows.Scan(&f.Day, &f.Currency, &data); err != nil {
			return nil, fmt.Errorf("store: unable to read the days of creator %d: %w", creatorID, err)
		}
		got, ok, err := blobEntry(data, creatorID)
		if err != nil {
			return nil, err
		}
		if ok {
			f.Totals = got
			out = append(out, f)
		}
	}
	return out, rows.Err()
}

// blobEntry finds one creator's totals in a creator blob. Entries are sorted by id, so the
// reader stops at the first id past it and skips blobs whose id range leaves it out.
func blobEntry(data []byte, id int64) (model.Totals, bool, error) {
	h, err := readBlobHeader(data)
	if err != nil || h.count == 0 || id < h.lo || id > h.hi {
		return model.Totals{}, false, err
	}
	r := blobReader{b: h.body}
	var cur int64
	var t model.Totals
	for i := 0; i < h.count; i++ {
		cur += int64(r.uvarint())
		t.GMV, t.Orders, t.Units, t.Lines = r.varint(), r.varint(), r.varint(), r.varint()
		t.EstCommission, t.PaidCommission, t.Refunds = r.varint(), r.varint(), r.varint()
		switch {
		case r.bad:
			return model.Totals{}, false, errBadBlob
		case cur == id:
			return t, true, nil
		case cur > id:
			return model.Totals{}, false, nil
		}
	}
	return model.Totals{}, false, nil
}

// creatorSaleSpan returns the creation times of a creator's first and last lines. The rollups
// name the first and last day with lines (a month blob, then that month's day blobs); one day
// of order_lines_created then gives the exact time.
func (s *Store) creatorSaleSpan(ctx context.Context, workspaceID, id int64) (first, last *time.Time, err error) {
	months, err := s.creatorPeriods(ctx, workspaceID, id, "month", 0, 999999)
	if err != nil || len(months) == 0 {
		return nil, nil, err
	}
	loc, err := s.workspaceLocation(ctx, workspaceID)
	if err != nil {
		return nil, nil, err
	}
	edge := func(month int32, agg string, pick func([]int32) int32) (*time.Time, error) {
		days, err := s.creatorPeriods(ctx, workspaceID, id, "day", month*100, month*100+99)
		if err != nil || len(days) == 0 {
			return nil, err
		}
		from, to := dayBounds(pick(days), loc)
		var at sql.NullInt64
		if err := s.read.QueryRowContext(ctx, `SELECT `+agg+`(created_at) FROM order_lines WHERE workspace_id = $1
			AND created_at >= $2 AND created_at < $3 AND creator_id = $4`, workspaceID, from, to, id).Scan(&at); err != nil {
			return nil, fmt.Errorf("store: unable to find the sales of creator %d: %w", id, err)
		}
		return optTime(at), nil
	}
	if first, err = edge(months[0], "MIN", func(d []int32) int32 { return d[0] }); err != nil {
		return nil, nil, err
	}
	last, err = edge(months[len(months)-1], "MAX", func(d []int32) int32 { return d[len(d)-1] })
	return first, last, err
}

// creatorPeriods returns, oldest first, the periods of a kind ("day" or "month") between from
// and to in which the creator has lines in any currency.
func (s *Store) creatorPeriods(ctx context.Context, workspaceID, id int64, kind string, from, to int32) ([]int32, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT period, data FROM rollup_creator_blobs
		WHERE workspace_id = $1 AND kind = $2 AND period BETWEEN $3 AND $4 ORDER BY period`, workspaceID, kind, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the rollups of creator %d: %w", id, err)
	}
	defer rows.Close()
	var out []int32
	for rows.Next() {
		var period int32
		var data []byte
		if err := rows.Scan(&period, &data); err != nil {
			return nil, fmt.Errorf("store: unable to read the rollups of creator %d: %w", id, err)
		}
		t, ok, err := blobEntry(data, id)
		if err != nil {
			return nil, err
		}
		if ok && t.Lines > 0 && (len(out) == 0 || out[len(out)-1] != period) {
			out = append(out, period)
		}
	}
	return out, rows.Err()
}

// eachCreatorDay calls fn for the days (YYYYMMDD) on which a creator has lines, newest first
// when desc, skipping days wholly outside [lo, hi) (Unix seconds, 0 for open ends), until fn
// says stop. Day blobs are read a month at a time, and only for months with lines, so a page
// of a creator's latest lines reads a handful of blobs.
func (s *Store) eachCreatorDay(ctx context.Context, workspaceID, id int64, loc *time.Location, desc bool, lo, hi int64,
	fn func(day int32, from, to int64) (bool, error)) error {
	months, err := s.creatorPeriods(ctx, workspaceID, id, "month", 0, 999999)
	if err != nil {
		return err
	}
	outside := func(from, to int64) bool { return lo != 0 && to <= lo || hi != 0 && from >= hi }
	if desc {
		slices.Reverse(months)
	}
	for _, m := range months {
		mFrom, _ := dayBounds(m*100+1, loc)
		_, mTo := dayBounds(dayKey(dateOf(m*100+1).AddDate(0, 1, -1)), loc)
		if outside(mFrom, mTo) {
			continue
		}
		days, err := s.creatorPeriods(ctx, workspaceID, id, "day", m*100, m*100+99)
		if err != nil {
			return err
		}
		if desc {
			slices.Reverse(days)
		}
		for _, d := range days {
			from, to := dayBounds(d, loc)
			if outside(from, to) {
				continue
			}
			if more, err := fn(d, from, to); err != nil || !more {
				return err
			}
		}
	}
	return nil
}

// dayBounds is the span of a YYYYMMDD day in loc, in Unix seconds: from included, to excluded.
func dayBounds(day int32, loc *time.Location) (from, to int64) {
	t := dateOf(day)
	start := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	return start.Unix(), start.AddDate(0, 0, 1).Unix()
}

// workspaceLocation is the time zone a workspace's rollups cut days in.
func (s *Store) workspaceLocation(ctx context.Context, workspaceID int64) (*time.Location, error) {
	var tz string
	if err := s.read.QueryRowContext(ctx, `SELECT timezone FROM workspaces WHERE id = $1`, workspaceID).Scan(&tz); err != nil {
		return nil, fmt.Errorf("store: unable to read the time zone of workspace %d: %w", workspaceID, err)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC, nil
	}
	return loc, nil
}
