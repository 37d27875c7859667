package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/model"
)

// The directory's sort keys (DirectoryQuery.Sort).
const (
	DirSortGMV30d     = "gmv_30d"
	DirSortGMV90d     = "gmv_90d"
	DirSortGMVAll     = "gmv_all"
	DirSortOrders30d  = "orders_30d"
	DirSortFollowers  = "followers"
	DirSortScore      = "score"
	DirSortLastSale   = "last_sale"
	DirSortStageSince = "stage_since"
	DirSortHandle     = "handle"
	DirSortCreated    = "created"
)

// DirectorySorts are the directory's sort keys, the default first.
var DirectorySorts = []string{DirSortGMV30d, DirSortGMV90d, DirSortGMVAll, DirSortOrders30d, DirSortFollowers,
	DirSortScore, DirSortLastSale, DirSortStageSince, DirSortHandle, DirSortCreated}

// dirSortColumn is the SQL expression of each sort. Every one is NOT NULL, so keyset paging
// compares plain values; a creator without a follower count sorts as -1 (last when largest
// first).
var dirSortColumn = map[string]string{
	DirSortGMV30d: "c.sales_gmv_30d", DirSortGMV90d: "c.sales_gmv_90d", DirSortGMVAll: "c.sales_gmv_all",
	DirSortOrders30d: "c.sales_orders_30d", DirSortFollowers: "COALESCE(c.followers, -1)", DirSortScore: "c.score",
	DirSortLastSale: "c.last_sale_day", DirSortStageSince: "c.stage_since", DirSortHandle: "c.username",
	DirSortCreated: "c.created_at",
}

// DirectoryMaxLimit caps a directory page.
const DirectoryMaxLimit = 500

// DirectoryCountCap is where the directory stops counting matches: past it the page says
// "10,000+". An exact count of a broad filter over a million creators reads every match
// (hundreds of milliseconds); nobody pages through ten thousand rows, and a narrower filter
// gets its exact count again.
const DirectoryCountCap = 10_000

// DirectoryQuery selects, orders and cuts a page of the creator directory: the CRM's list of a
// workspace's live (unmerged) creators, filtered and sorted on their CRM fields and
// precomputed sales columns only.
type DirectoryQuery struct {
	// Search matches the start of a handle (the creator's, or any of its platform accounts'),
	// of the display name or of the email, case-insensitively; a leading @ is ignored. Prefix
	// rather than substring so that every term is an index range at a million creators.
	Search string
	Stages []model.Stage // any of; none for all
	Tiers  []string      // any of ("" matches creators without a tier)
	// OwnerID keeps the creators that member owns; Unowned keeps those nobody owns. Both set
	// keep both ("mine and unowned", an outreach specialist's queue).
	OwnerID                            *int64
	Unowned                            bool
	Tags                               []string // all of (tags are normalized by NormalizeTag)
	Verticals                          []string // any of
	Region, Language, Agency, TimeZone string   // exact; "" for any
	HasEmail, HasDiscord               *bool
	// Sales ranges in minor units of the workspace's main currency; nil for no bound.
	MinGMV30d, MaxGMV30d, MinGMV90d, MaxGMV90d, MinGMVAll, MaxGMVAll *int64
	MinFollowers, MaxFollowers                                       *int64
	// Days YYYYMMDD (workspace zone), 0 for no bound; a bound leaves out creators who never sold.
	LastSaleFrom, LastSaleTo, FirstSaleFrom, FirstSaleTo int32
	MinScore                                             *int
	Sort                                                 string // one of DirectorySorts; "" for gmv_30d
	Desc                                                 bool
	// After continues the list after the row with this key (keyset paging: the "Next" link
	// and the API cursor); when nil, Offset rows are skipped.
	After  *DirectoryKey
	Offset int
	Limit  int // 50 when 0; at most DirectoryMaxLimit
	// SkipCount leaves Total at 0: for exports and API pages after the first, which page
	// through everything and need no count.
	SkipCount bool
}

// DirectoryKey is a row's place in a sorted directory: its sort value (Handle for the handle
// sort) and its id, which breaks ties so paging never skips or repeats a row.
type DirectoryKey struct {
	Value  int64
	Handle string
	ID     int64
}

// DirectoryRow is one creator of the directory.
type DirectoryRow struct {
	CRMProfile
}

// DirectoryPage is a page of the directory.
type DirectoryPage struct {
	Rows []DirectoryRow
	// Total counts the creators matching the filters, up to DirectoryCountCap; TotalCapped
	// says the count stopped there (show "10,000+").
	Total       int
	TotalCapped bool
	Next        *DirectoryKey // the last row's key when more rows follow; nil on the last page
}

// ValidDirectorySort reports whether s is one of DirectorySorts.
func ValidDirectorySort(s string) bool {
	_, ok := dirSortColumn[s]
	return ok
}

// sqlArgs numbers a statement's arguments as they are added.
type sqlArgs struct {
	list []any
}

func (a *sqlArgs) add(v any) string {
	a.list = append(a.list, v)
	return "$" + strconv.Itoa(len(a.list))
}

// directoryWhere is the WHERE clause of q (without the keyset condition) and its arguments.
func (s *Store) directoryWhere(workspaceID int64, q *DirectoryQuery, a *sqlArgs) string {
	w := []string{"c.workspace_id = " + a.add(workspaceID), "c.merged_into IS NULL"}
	in := func(col string, values []string) string {
		if s.dialect == Postgres {
			return col + " = ANY(" + a.add(values) + ")"
		}
		ph := make([]string, len(values))
		for i, v := range values {
			ph[i] = a.add(v)
		}
		return col + " IN (" + strings.Join(ph, ",") + ")"
	}
	// has tests a '|a|b|' list column for one item.
	has := func(col, item string) string {
		if s.dialect == Postgres {
			return "strpos(" + col + ", " + a.add("|"+item+"|") + ") > 0"
		}
		return "instr(" + col + ", " + a.add("|"+item+"|") + ") > 0"
	}
	if term := searchTerm(q.Search); term != "" {
		lo, hi := prefixRange(term)
		n := strconv.Itoa(utf8.RuneCountInString(term))
		t, l, h := a.add(term), a.add(lo), a.add(hi)
		// Each term is a range of its own index (the substr test drops what a linguistic
		// collation, PostgreSQL's default, puts in the range without the prefix); the union is
		// read first and the rest of the filters apply to its rows. One OR of the four would
		// make both engines scan every creator.
		pre := func(col string) string {
			return col + " >= " + l + " AND " + col + " < " + h + " AND substr(" + col + ", 1, " + n + ") = " + t
		}
		ws := a.add(workspaceID)
		w = append(w, "c.id IN (SELECT id FROM creators WHERE workspace_id = "+ws+" AND "+pre("username")+
			" UNION SELECT id FROM creators WHERE workspace_id = "+ws+" AND "+pre("lower(display_name)")+
			" UNION SELECT id FROM creators WHERE workspace_id = "+ws+" AND "+pre("lower(email)")+
			" UNION SELECT creator_id FROM creator_accounts WHERE workspace_id = "+ws+" AND "+pre("handle")+")")
	}
	if len(q.Stages) > 0 {
		vals := make([]string, len(q.Stages))
		for i, st := range q.Stages {
			vals[i] = string(st)
		}
		w = append(w, in("c.stage", vals))
	}
	if len(q.Tiers) > 0 {
		w = append(w, in("c.tier", q.Tiers))
	}
	switch {
	case q.OwnerID != nil && q.Unowned:
		w = append(w, "(c.owner_id = "+a.add(*q.OwnerID)+" OR c.owner_id IS NULL)")
	case q.OwnerID != nil:
		w = append(w, "c.owner_id = "+a.add(*q.OwnerID))
	case q.Unowned:
		w = append(w, "c.owner_id IS NULL")
	}
	for _, t := range q.Tags {
		if t = NormalizeTag(t); t != "" {
			w = append(w, has("c.tags", t))
		}
	}
	var vs []string
	for _, v := range q.Verticals {
		if v = strings.TrimSpace(v); v != "" {
			vs = append(vs, has("c.verticals", v))
		}
	}
	if len(vs) > 0 {
		w = append(w, "("+strings.Join(vs, " OR ")+")")
	}
	for _, f := range []struct{ col, v string }{{"c.region", q.Region}, {"c.language", q.Language},
		{"c.agency", q.Agency}, {"c.time_zone", q.TimeZone}} {
		if f.v != "" {
			w = append(w, f.col+" = "+a.add(f.v))
		}
	}
	for _, f := range []struct {
		col string
		v   *bool
	}{{"c.email", q.HasEmail}, {"c.discord", q.HasDiscord}} {
		if f.v != nil {
			w = append(w, f.col+map[bool]string{true: " <> ''", false: " = ''"}[*f.v])
		}
	}
	for _, f := range []struct {
		col string
		min bool
		v   *int64
	}{{"c.sales_gmv_30d", true, q.MinGMV30d}, {"c.sales_gmv_30d", false, q.MaxGMV30d},
		{"c.sales_gmv_90d", true, q.MinGMV90d}, {"c.sales_gmv_90d", false, q.MaxGMV90d},
		{"c.sales_gmv_all", true, q.MinGMVAll}, {"c.sales_gmv_all", false, q.MaxGMVAll},
		{"c.followers", true, q.MinFollowers}, {"c.followers", false, q.MaxFollowers}} {
		if f.v != nil {
			w = append(w, f.col+map[bool]string{true: " >= ", false: " <= "}[f.min]+a.add(*f.v))
		}
	}
	for _, f := range []struct {
		col      string
		from, to int32
	}{{"c.last_sale_day", q.LastSaleFrom, q.LastSaleTo}, {"c.first_sale_day", q.FirstSaleFrom, q.FirstSaleTo}} {
		if f.from > 0 {
			w = append(w, f.col+" >= "+a.add(f.from))
		}
		if f.to > 0 {
			w = append(w, f.col+" > 0", f.col+" <= "+a.add(f.to))
		}
	}
	if q.MinScore != nil {
		w = append(w, "c.score >= "+a.add(*q.MinScore))
	}
	return strings.Join(w, " AND ")
}

// searchTerm is the search as stored: lowercase, without a leading @.
func searchTerm(s string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "@"))
}

// prefixRange returns the bounds [lo, hi) of the strings starting with term in byte order.
func prefixRange(term string) (string, string) {
	r := []rune(term)
	last := r[len(r)-1]
	if last == utf8.MaxRune {
		return term, term + string(utf8.MaxRune)
	}
	next := last + 1
	if next >= 0xD800 && next <= 0xDFFF { // no surrogates in strings
		next = 0xE000
	}
	return term, string(r[:len(r)-1]) + string(next)
}

// Directory returns a page of the workspace's creator directory.
func (s *Store) Directory(ctx context.Context, workspaceID int64, q DirectoryQuery) (*DirectoryPage, error) {
	if q.Sort == "" {
		q.Sort = DirSortGMV30d
	}
	col, ok := dirSortColumn[q.Sort]
	if !ok {
		return nil, fmt.Errorf("store: unknown directory sort %q", q.Sort)
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	q.Limit = min(q.Limit, DirectoryMaxLimit)
	var a sqlArgs
	where := s.directoryWhere(workspaceID, &q, &a)
	countArgs := append([]any(nil), a.list...)

	dir, cmp := "ASC", ">"
	if q.Desc {
		dir, cmp = "DESC", "<"
	}
	page := where
	if k := q.After; k != nil {
		var v any = k.Value
		if q.Sort == DirSortHandle {
			v = k.Handle
		}
		page += " AND (" + col + ", c.id) " + cmp + " (" + a.add(v) + ", " + a.add(k.ID) + ")"
	}
	from := ` FROM creators c`
	if s.dialect == SQLite && q.Region != "" && q.Sort == DirSortGMV30d && searchTerm(q.Search) == "" {
		// SQLite keeps no statistics here (nobody runs ANALYZE), and with a GMV range on both
		// sides it takes creators_dir_gmv30 for the typical page, then reads the row of every
		// creator in the range of every region (0.6 s at a million instead of 3 ms).
		from += ` INDEXED BY creators_dir_region`
	}
	query := `SELECT ` + col + `, ` + crmProfileColumns + from + ` LEFT JOIN users u ON u.id = c.owner_id WHERE ` + page +
		` ORDER BY ` + col + ` ` + dir + `, c.id ` + dir + ` LIMIT ` + a.add(q.Limit+1)
	if q.After == nil && q.Offset > 0 {
		query += ` OFFSET ` + a.add(q.Offset)
	}
	rows, err := s.read.QueryContext(ctx, query, a.list...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the directory: %w", err)
	}
	defer rows.Close()
	out := &DirectoryPage{}
	var keys []DirectoryKey
	for rows.Next() {
		var sv any
		p, err := scanCRMProfile(prefixScanner{rows, []any{&sv}})
		if err != nil {
			return nil, fmt.Errorf("store: unable to read the directory: %w", err)
		}
		k := DirectoryKey{ID: p.ID}
		if q.Sort == DirSortHandle {
			k.Handle = p.Username
		} else {
			k.Value = anyInt64(sv)
		}
		out.Rows = append(out.Rows, DirectoryRow{CRMProfile: *p})
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read the directory: %w", err)
	}
	if len(out.Rows) > q.Limit {
		out.Rows = out.Rows[:q.Limit]
		out.Next = &keys[q.Limit-1]
	}
	if q.SkipCount {
		return out, nil
	}
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1`+from+` WHERE `+where+
		` LIMIT `+strconv.Itoa(DirectoryCountCap+1)+`) m`, countArgs...).Scan(&out.Total); err != nil {
		return nil, fmt.Errorf("store: unable to count the directory: %w", err)
	}
	if out.Total > DirectoryCountCap {
		out.Total, out.TotalCapped = DirectoryCountCap, true
	}
	return out, nil
}

// HasLiveCreators reports whether the workspace has any creator in the directory, so an empty
// page can tell "nothing yet" from "no match".
func (s *Store) HasLiveCreators(ctx context.Context, workspaceID int64) (bool, error) {
	var one int
	err := s.read.QueryRowContext(ctx, `SELECT 1 FROM creators WHERE workspace_id = $1 AND merged_into IS NULL LIMIT 1`,
		workspaceID).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: unable to look for creators: %w", err)
	}
	return true, nil
}

// prefixScanner scans leading extra columns before the ones a scan function knows.
type prefixScanner struct {
	rows  *sql.Rows
	extra []any
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.rows.Scan(append(append([]any(nil), p.extra...), dest...)...)
}

// anyInt64 reads an integer column scanned into an any (int64 on both drivers).
func anyInt64(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case float64:
		return int64(x)
	case []byte:
		n, _ := strconv.ParseInt(string(x), 10, 64)
		return n
	case string:
		n, _ := strconv.ParseInt(x, 10, 64)
		return n
	}
	return 0
}

// DirectoryIDs returns the ids of the creators matching q's filters (its sort, cursor and
// limit are ignored), at most limit+1 of them so a caller can tell "too many" from "all": a
// bulk action on "every matching creator" acts on these.
func (s *Store) DirectoryIDs(ctx context.Context, workspaceID int64, q DirectoryQuery, limit int) ([]int64, error) {
	var a sqlArgs
	where := s.directoryWhere(workspaceID, &q, &a)
	rows, err := s.read.QueryContext(ctx, `SELECT c.id FROM creators c WHERE `+where+` ORDER BY c.id LIMIT `+
		a.add(limit+1), a.list...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the matching creators: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: unable to list the matching creators: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// DirectoryCreators returns the workspace's live creators with these ids, in id order; ids
// that are not (another workspace's, merged, unknown) are left out, so a caller compares
// lengths to refuse them.
func (s *Store) DirectoryCreators(ctx context.Context, workspaceID int64, ids []int64) ([]DirectoryRow, error) {
	var out []DirectoryRow
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		in, args := s.int64In("c.id", 2, part)
		rows, err := s.read.QueryContext(ctx, `SELECT `+crmProfileColumns+crmProfileFrom+`
			WHERE c.workspace_id = $1 AND c.merged_into IS NULL AND `+in+` ORDER BY c.id`, append([]any{workspaceID}, args...)...)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read creators: %w", err)
		}
		for rows.Next() {
			p, err := scanCRMProfile(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: unable to read creators: %w", err)
			}
			out = append(out, DirectoryRow{CRMProfile: *p})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: unable to read creators: %w", err)
		}
	}
	return out, nil
}

// DirectoryCurrency is the currency of the directory's sales columns (the workspace's main
// currency, as the last sales refresh wrote it), or the first shop's before any refresh; ""
// for a workspace without shops.
func (s *Store) DirectoryCurrency(ctx context.Context, workspaceID int64) (string, error) {
	var cur string
	err := s.read.QueryRowContext(ctx, `SELECT sales_currency FROM creators WHERE workspace_id = $1 AND sales_currency <> ''
		LIMIT 1`, workspaceID).Scan(&cur)
	if err == sql.ErrNoRows {
		err = s.read.QueryRowContext(ctx, `SELECT currency FROM shops WHERE workspace_id = $1 ORDER BY id LIMIT 1`,
			workspaceID).Scan(&cur)
	}
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to read the directory's currency: %w", err)
	}
	return cur, nil
}
