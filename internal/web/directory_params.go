package web

import (
	"errors"
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

// The directory's query string, shared by the page, its CSV export, bulk "every matching
// creator" actions and the pipeline board. Each filter's parameter is also its form input's
// name (and, prefixed with "f-", its id):
//
//	q                      search: start of a handle, display name or email
//	stage, tier            repeatable; any of
//	owner                  a member's user id, or "me"
//	unowned                "1": nobody owns them (with owner: theirs or nobody's)
//	tag                    repeatable; all of
//	vertical               repeatable; any of
//	region, language, agency, tz   exact
//	email, discord         "yes" or "no": has one or not
//	gmv30_min … gmvall_max amounts in the directory's currency ("1500" or "1500.50")
//	currency               the currency of those amounts (the page sends its own)
//	followers_min/_max     counts; "12k" and "1.5m" are read too
//	last_sale_from/_to, first_sale_from/_to   dates, 2026-11-15
//	score_min              0 to 100
//	sort, dir              one of store.DirectorySorts; asc or desc
//	after                  the keyset cursor of the "Next" link

// directoryFilterParams are the parameters that filter (not sort or page), for "Clear
// filters" and for telling a filtered empty page from an empty directory.
var directoryFilterParams = []string{"q", "stage", "tier", "owner", "unowned", "tag", "vertical", "region", "language",
	"agency", "tz", "email", "discord", "gmv30_min", "gmv30_max", "gmv90_min", "gmv90_max", "gmvall_min", "gmvall_max",
	"followers_min", "followers_max", "last_sale_from", "last_sale_to", "first_sale_from", "first_sale_to", "score_min"}

// directorySortDescFirst says which directory sorts start largest (or latest) first.
var directorySortDescFirst = map[string]bool{store.DirSortGMV30d: true, store.DirSortGMV90d: true,
	store.DirSortGMVAll: true, store.DirSortOrders30d: true, store.DirSortFollowers: true, store.DirSortScore: true,
	store.DirSortLastSale: true, store.DirSortStageSince: false, store.DirSortHandle: false, store.DirSortCreated: true}

// parseDirectoryQuery reads the directory's filters, sort and cursor from the request's query
// string. A bad value is a *dirQueryError naming the parameter and the value (answer it with
// a 400: the pages with their form and the field marked, the exports plainly).
// Limit is left 0 (the store's default page).
func parseDirectoryQuery(r *http.Request) (store.DirectoryQuery, error) {
	v := r.URL.Query()
	p := &dirParser{v: v}
	q := store.DirectoryQuery{Search: p.text("q"), Region: p.text("region"), Language: p.text("language"),
		Agency: p.text("agency"), TimeZone: p.text("tz")}
	for _, s := range p.list("stage") {
		st, ok := model.ParseStage(s)
		if !ok {
			p.fail("stage", "stage %q is not a stage (prospect, contacted, engaged, onboarded, sampled, activated, active, at_risk, churned, do_not_contact, banned).", s)
			continue
		}
		q.Stages = append(q.Stages, st)
	}
	q.Tiers = p.list("tier")
	q.Tags = p.list("tag")
	q.Verticals = p.list("vertical")
	switch o := strings.TrimSpace(v.Get("owner")); o {
	case "":
	case "me":
		if pr := principalOf(r); pr != nil && pr.User != nil {
			id := pr.User.ID
			q.OwnerID = &id
		} else {
			p.fail("owner", "owner \"me\" needs a signed-in member.")
		}
	default:
		id, err := strconv.ParseInt(o, 10, 64)
		if err != nil || id <= 0 {
			p.fail("owner", "owner %q is not a member id (or \"me\").", o)
		} else {
			q.OwnerID = &id
		}
	}
	q.Unowned = p.flag("unowned")
	q.HasEmail, q.HasDiscord = p.yesNo("email"), p.yesNo("discord")
	cur := intl.Currency{MinorUnits: 2}
	if c := strings.TrimSpace(v.Get("currency")); c != "" {
		if found, ok := intl.LookupCurrency(c); ok {
			cur = found
		} else {
			p.fail("currency", "currency %q is not a currency code like USD.", c)
		}
	}
	q.MinGMV30d, q.MaxGMV30d = p.amount("gmv30_min", cur), p.amount("gmv30_max", cur)
	q.MinGMV90d, q.MaxGMV90d = p.amount("gmv90_min", cur), p.amount("gmv90_max", cur)
	q.MinGMVAll, q.MaxGMVAll = p.amount("gmvall_min", cur), p.amount("gmvall_max", cur)
	q.MinFollowers, q.MaxFollowers = p.count("followers_min"), p.count("followers_max")
	q.LastSaleFrom, q.LastSaleTo = p.day("last_sale_from"), p.day("last_sale_to")
	q.FirstSaleFrom, q.FirstSaleTo = p.day("first_sale_from"), p.day("first_sale_to")
	if s := strings.TrimSpace(v.Get("score_min")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 100 {
			p.fail("score_min", "score_min %q is not a score from 0 to 100.", s)
		} else {
			q.MinScore = &n
		}
	}
	q.Sort = store.DirSortGMV30d
	if s := v.Get("sort"); s != "" {
		if !store.ValidDirectorySort(s) {
			p.fail("sort", "sort %q is not one of: %s.", s, strings.Join(store.DirectorySorts, ", "))
		} else {
			q.Sort = s
		}
	}
	q.Desc = directorySortDescFirst[q.Sort]
	switch d := v.Get("dir"); d {
	case "":
	case "asc", "desc":
		q.Desc = d == "desc"
	default:
		p.fail("dir", "dir %q is not asc or desc.", d)
	}
	if a := v.Get("after"); a != "" {
		k, ok := parseDirectoryCursor(a, q.Sort)
		if !ok {
			p.fail("after", "after %q is not a position in this list: follow the Next link.", a)
		}
		q.After = k
	}
	if p.err != "" {
		return store.DirectoryQuery{}, &dirQueryError{Field: p.field, Message: p.err}
	}
	return q, nil
}

// directoryCursor writes a row's key as the after parameter: "id.value", or "id.handle" for
// the handle sort.
func directoryCursor(k *store.DirectoryKey, sort string) string {
	if sort == store.DirSortHandle {
		return strconv.FormatInt(k.ID, 10) + "." + k.Handle
	}
	return strconv.FormatInt(k.ID, 10) + "." + strconv.FormatInt(k.Value, 10)
}

// parseDirectoryCursor reads an after parameter made by directoryCursor for sort.
func parseDirectoryCursor(s, sort string) (*store.DirectoryKey, bool) {
	id, rest, ok := strings.Cut(s, ".")
	if !ok {
		return nil, false
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return nil, false
	}
	k := &store.DirectoryKey{ID: n}
	if sort == store.DirSortHandle {
		k.Handle = rest
		return k, true
	}
	if k.Value, err = strconv.ParseInt(rest, 10, 64); err != nil {
		return nil, false
	}
	return k, true
}

// dirQueryError is a directory query parameter that cannot be used: the parameter (the form
// field the directory and the board mark) and the message naming it and its value.
type dirQueryError struct{ Field, Message string }

func (e *dirQueryError) Error() string { return e.Message }

// dirQueryProblem is err as a list page's problem when it is a bad parameter (ok false for
// any other error).
func dirQueryProblem(err error, clearURL string) (listProblem, bool) {
	var bad *dirQueryError
	if !errors.As(err, &bad) {
		return listProblem{}, false
	}
	return problemAt(bad.Field, bad.Message, clearURL), true
}

// dirParser reads the directory's parameters, keeping the first problem as the message.
type dirParser struct {
	v     url.Values
	err   string
	field string // the parameter of err
}

func (p *dirParser) fail(field, format string, args ...any) {
	if p.err == "" {
		p.err, p.field = fmt.Sprintf(format, args...), field
	}
}

func (p *dirParser) text(name string) string {
	s := strings.TrimSpace(p.v.Get(name))
	if utf8.RuneCountInString(s) > 200 {
		p.fail(name, "%s is longer than 200 characters.", name)
		return ""
	}
	return s
}

// list reads a repeatable parameter; "a,b" in one value counts as two (the API's style).
func (p *dirParser) list(name string) []string {
	var out []string
	for _, raw := range p.v[name] {
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
				if utf8.RuneCountInString(s) > 100 {
					p.fail(name, "%s %q is longer than 100 characters.", name, s)
					continue
				}
				out = append(out, s)
			}
		}
	}
	if len(out) > 50 {
		p.fail(name, "%s is given %d times; at most 50.", name, len(out))
	}
	return out
}

func (p *dirParser) flag(name string) bool {
	switch s := p.v.Get(name); s {
	case "", "0", "false":
		return false
	case "1", "true", "on", "yes":
		return true
	default:
		p.fail(name, "%s %q is not 1 or 0.", name, s)
		return false
	}
}

func (p *dirParser) yesNo(name string) *bool {
	switch s := p.v.Get(name); s {
	case "":
		return nil
	case "yes", "true", "1":
		t := true
		return &t
	case "no", "false", "0":
		f := false
		return &f
	default:
		p.fail(name, "%s %q is not yes or no.", name, s)
		return nil
	}
}

// amount reads a non-negative plain decimal ("1500", "1500.50", "1,500") in cur's minor units.
func (p *dirParser) amount(name string, cur intl.Currency) *int64 {
	s := strings.ReplaceAll(strings.TrimSpace(p.v.Get(name)), ",", "")
	if s == "" {
		return nil
	}
	whole, frac, _ := strings.Cut(s, ".")
	bad := whole == "" || len(whole) > 13 || len(frac) > cur.MinorUnits || strings.Trim(whole, "0123456789") != "" ||
		strings.Trim(frac, "0123456789") != ""
	if bad {
		p.fail(name, "%s %q is not an amount like 1500 or 1500.50.", name, p.v.Get(name))
		return nil
	}
	n, _ := strconv.ParseInt(whole, 10, 64)
	for range cur.MinorUnits {
		n *= 10
	}
	if frac != "" {
		f, _ := strconv.ParseInt(frac, 10, 64)
		for range cur.MinorUnits - len(frac) {
			f *= 10
		}
		n += f
	}
	return &n
}

// count reads a non-negative count; "12k" and "1.5m" are read as people write them.
func (p *dirParser) count(name string) *int64 {
	raw := strings.TrimSpace(p.v.Get(name))
	s := strings.ToLower(strings.ReplaceAll(raw, ",", ""))
	if s == "" {
		return nil
	}
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "k"):
		mult, s = 1e3, strings.TrimSuffix(s, "k")
	case strings.HasSuffix(s, "m"):
		mult, s = 1e6, strings.TrimSuffix(s, "m")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f*mult > 1e12 || strings.ContainsAny(s, "eEinIN") {
		p.fail(name, "%s %q is not a count like 5000 or 12k.", name, raw)
		return nil
	}
	n := int64(f*mult + 0.5)
	return &n
}

// day reads a date (2026-11-15) as YYYYMMDD.
func (p *dirParser) day(name string) int32 {
	s := strings.TrimSpace(p.v.Get(name))
	if s == "" {
		return 0
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		p.fail(name, "%s %q is not a date like 2026-11-15.", name, s)
		return 0
	}
	return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
}
