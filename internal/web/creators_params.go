package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// This file holds what the creators, products and orders lists (and their CSV exports) share:
// reading their query strings, building their links, and the window their figures cover.

// listPageSize is how many rows a list page shows.
const listPageSize = 50

// listQuery reads a list's query string. The first bad value is kept as a message naming the
// parameter and the value, which the page answers with a 400 instead of guessing.
type listQuery struct {
	v     url.Values
	err   string
	field string // the parameter of err, which the page's form marks
}

func newListQuery(r *http.Request) *listQuery { return &listQuery{v: r.URL.Query()} }

// fail keeps the first problem, of the parameter field.
func (q *listQuery) fail(field, format string, args ...any) {
	if q.err == "" {
		q.err, q.field = fmt.Sprintf(format, args...), field
	}
}

// problem is the first problem for the page, "" Message when there is none.
func (q *listQuery) problem(clearURL string) listProblem {
	if q.err == "" {
		return listProblem{}
	}
	return problemAt(q.field, q.err, clearURL)
}

// text returns a trimmed free-text parameter of at most 200 characters.
func (q *listQuery) text(name string) string {
	s := strings.TrimSpace(q.v.Get(name))
	if utf8.RuneCountInString(s) > 200 {
		q.fail(name, "%s is longer than 200 characters.", name)
		return ""
	}
	return s
}

// choice returns a parameter that must be one of allowed, or def when absent.
func (q *listQuery) choice(name string, allowed []string, def string) string {
	s := q.v.Get(name)
	if s == "" {
		return def
	}
	if !slices.Contains(allowed, s) {
		q.fail(name, "%s %q is not one of: %s.", name, s, strings.Join(allowed, ", "))
		return def
	}
	return s
}

// desc reads dir (asc or desc); def applies when it is absent.
func (q *listQuery) desc(def bool) bool {
	d := "asc"
	if def {
		d = "desc"
	}
	return q.choice("dir", []string{"asc", "desc"}, d) == "desc"
}

// pageNumber reads page, counted from 1.
func (q *listQuery) pageNumber() int {
	s := q.v.Get("page")
	if s == "" {
		return 1
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1_000_000 {
		q.fail("page", "page %q is not a page number (1, 2, 3…).", s)
		return 1
	}
	return n
}

// day reads a YYYY-MM-DD date as the start of that day in loc.
func (q *listQuery) day(name string, loc *time.Location) time.Time {
	s := strings.TrimSpace(q.v.Get(name))
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		q.fail(name, "%s %q is not a date like 2026-11-15.", name, s)
		return time.Time{}
	}
	return t
}

// listURL is path with the query v, changed by pairs of name and value (an empty value drops
// the parameter). Links keep the filters a user set and change one thing.
func listURL(path string, v url.Values, pairs ...string) string {
	c := url.Values{}
	for k, vs := range v {
		if len(vs) > 0 && vs[0] != "" {
			c.Set(k, vs[0])
		}
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			c.Del(pairs[i])
		} else {
			c.Set(pairs[i], pairs[i+1])
		}
	}
	if len(c) == 0 {
		return path
	}
	return path + "?" + c.Encode()
}

// sortLink is a sortable column heading.
type sortLink struct {
	Label string
	URL   string
	Arrow string // ▲ or ▼ on the current sort
	Num   bool   // a figure column, right-aligned
	Title string
}

// sortLinks builds the headings of sortable columns: a click sorts by the column, in its
// natural direction first (largest first for figures, A→Z for names), and a second click on
// the current column turns the direction around.
func sortLinks(path string, v url.Values, current string, desc bool, cols []sortLink, keys []string, descFirst map[string]bool) []sortLink {
	out := make([]sortLink, len(cols))
	for i, c := range cols {
		key := keys[i]
		dir := "asc"
		if descFirst[key] {
			dir = "desc"
		}
		if key == current {
			c.Arrow = "▲"
			if desc {
				c.Arrow = "▼"
			}
			if desc == descFirst[key] {
				dir = map[string]string{"asc": "desc", "desc": "asc"}[dir]
			}
		}
		c.URL = listURL(path, v, "sort", key, "dir", dir, "page", "", "after", "", "before", "")
		out[i] = c
	}
	return out
}

// figureWindow is the window of days the list figures cover: days ending on the workspace's
// last order day, as on the overview, or on today (in its zone) before any order.
func (h *handler) figureWindow(ctx context.Context, ws *model.Workspace, days int) (store.Window, error) {
	last, err := h.store.LastOrderDay(ctx, ws.ID)
	if err != nil {
		return store.Window{}, err
	}
	if last == 0 {
		t := time.Now().In(ws.Location())
		last = int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
	}
	return store.WindowEnding(last, days), nil
}

// periodLinksFor are the 7/30/90 days links of a list, keeping its filters.
func periodLinksFor(path string, v url.Values, days int) []periodLink {
	out := make([]periodLink, 0, len(periods))
	for _, d := range periods {
		out = append(out, periodLink{Days: d, URL: listURL(path, v, "days", strconv.Itoa(d), "page", ""), Current: d == days})
	}
	return out
}

// plainMoney writes minor units as a plain decimal with a point ("1234.50"): the form every
// spreadsheet reads back as a number, whatever the currency's market writes.
func plainMoney(minor int64, code string) string {
	cur, ok := intl.LookupCurrency(code)
	if !ok {
		cur = intl.Currency{Code: code, MinorUnits: 2}
	}
	return intl.FormatPlain(minor, cur, intl.Locale{})
}

// optCount writes an optional count ("" when unknown).
func optCount(n *int64) string {
	if n == nil {
		return ""
	}
	return strconv.FormatInt(*n, 10)
}

// compact writes a follower count the way people say it: 950, 12.4K, 3.1M.
func compact(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10)
	case n < 999_950: // rounds below 1000.0K
		return trimZero(fmt.Sprintf("%.1f", float64(n)/1000)) + "K"
	default:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/1_000_000)) + "M"
	}
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }

// dateIn writes an instant's date in loc: "15 Nov 2026"; "—" for none.
func dateIn(t *time.Time, loc *time.Location) string {
	if t == nil {
		return "—"
	}
	return t.In(loc).Format("2 Jan 2006")
}
