package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// The creator list works on a snapshot of every creator of a workspace with their totals in a
// window, kept in memory and rebuilt when the workspace's data version moves. Computing it
// takes tens of milliseconds on 50,000 creators (decoding the window's rollup blobs, reading
// the creators); the list is asked for far more often than the data changes, and under 32
// concurrent clients on two cores a request may cost a few milliseconds at most.
//
// The version is read from the database on every request, so a server never shows a list
// older than the data another server (or the command line) committed: nothing here is state
// other nodes cannot see, only a copy of what they can.

// creatorSnapshot is every creator of a workspace with their totals in one window.
type creatorSnapshot struct {
	rows       []creatorEntry
	figures    map[string][]model.Totals // currency → totals by row index
	currencies []string                  // busiest (most orders) first
	regions    []string
	categories []string
	agencies   []string

	mu       sync.Mutex
	orders   map[orderSpec][]int32  // row indexes sorted per currency, sort and direction, made on first use
	filtered map[filterSpec][]int32 // row indexes passing a search and filters, in order: see matching
}

// creatorEntry is a list row without figures, and what a search looks in.
type creatorEntry struct {
	CreatorListRow
	hay string // lowercased handle, display name, email and account handles
}

type orderSpec struct {
	currency, sort string
	desc           bool
}

// order returns the row indexes sorted for a currency, sort and direction. Sorting 50,000 rows
// takes milliseconds, so each order is made once per snapshot.
func (sn *creatorSnapshot) order(currency, sort string, desc bool) []int32 {
	spec := orderSpec{currency, sort, desc}
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if o, ok := sn.orders[spec]; ok {
		return o
	}
	figures := sn.figures[currency]
	keys := make([]CreatorKey, len(sn.rows))
	o := make([]int32, len(sn.rows))
	for i := range o {
		o[i] = int32(i)
		keys[i] = sn.key(int32(i), figures, sort)
	}
	slices.SortFunc(o, func(a, b int32) int { return compareCreatorKeys(keys[a], keys[b], sort, desc) })
	sn.orders[spec] = o
	return o
}

// listCacheSize bounds the snapshots kept: a workspace has three periods, a server a handful of
// busy workspaces.
const listCacheSize = 24

type listCacheKey struct {
	s           *Store // tests open many stores in one process
	workspaceID int64
	window      Window
}

type listCacheEntry struct {
	version string
	ready   chan struct{} // closed when snap or err is set
	snap    *creatorSnapshot
	err     error
	used    time.Time
}

var creatorLists = struct {
	sync.Mutex
	m map[listCacheKey]*listCacheEntry
}{m: map[listCacheKey]*listCacheEntry{}}

// creatorSnapshot returns the workspace's snapshot for a window, building it when the data
// changed since the last one. Concurrent requests for a stale snapshot wait for one build.
func (s *Store) creatorSnapshot(ctx context.Context, workspaceID int64, w Window) (*creatorSnapshot, error) {
	version, err := s.dataVersion(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	key := listCacheKey{s, workspaceID, w}
	creatorLists.Lock()
	e := creatorLists.m[key]
	if e == nil || e.version != version {
		e = &listCacheEntry{version: version, ready: make(chan struct{}), used: time.Now()}
		creatorLists.m[key] = e
		evictCreatorLists()
		creatorLists.Unlock()
		// The build outlives a cancelled request: others may be waiting for it.
		e.snap, e.err = s.buildCreatorSnapshot(context.WithoutCancel(ctx), workspaceID, w)
		close(e.ready)
		if e.err != nil {
			creatorLists.Lock()
			if creatorLists.m[key] == e {
				delete(creatorLists.m, key)
			}
			creatorLists.Unlock()
		}
		return e.snap, e.err
	}
	e.used = time.Now()
	creatorLists.Unlock()
	select {
	case <-e.ready:
		return e.snap, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// evictCreatorLists drops the least recently used snapshots beyond listCacheSize. The caller
// holds the lock.
func evictCreatorLists() {
	for len(creatorLists.m) > listCacheSize {
		var oldest listCacheKey
		var at time.Time
		first := true
		for k, e := range creatorLists.m {
			if first || e.used.Before(at) {
				oldest, at, first = k, e.used, false
			}
		}
		delete(creatorLists.m, oldest)
	}
}

// buildCreatorSnapshot reads every creator of the workspace, their accounts and last sale, and
// their totals in the window.
func (s *Store) buildCreatorSnapshot(ctx context.Context, workspaceID int64, w Window) (*creatorSnapshot, error) {
	sn := &creatorSnapshot{figures: map[string][]model.Totals{}, orders: map[orderSpec][]int32{},
		filtered: map[filterSpec][]int32{}}
	index := map[int64]int32{}
	// A merged creator is no row of its own: its accounts and sales count for the creator it
	// was merged into (crm_merge.go), found through folded.
	folded := map[int64]int64{}
	rows, err := s.read.QueryContext(ctx, `SELECT c.id, c.username, c.display_name, c.email, c.category, c.region, c.agency, c.followers,
		c.merged_into FROM creators c WHERE c.workspace_id = $1 ORDER BY c.id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list creators: %w", err)
	}
	defer rows.Close()
	regions, categories, agencies := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for rows.Next() {
		var e creatorEntry
		var followers, mergedInto sql.NullInt64
		if err := rows.Scan(&e.ID, &e.Handle, &e.DisplayName, &e.Email, &e.Category, &e.Region, &e.Agency, &followers, &mergedInto); err != nil {
			return nil, fmt.Errorf("store: unable to list creators: %w", err)
		}
		if mergedInto.Valid {
			folded[e.ID] = mergedInto.Int64
			continue
		}
		e.Followers = optInt(followers)
		e.hay = strings.ToLower(e.Handle + "\x00" + e.DisplayName + "\x00" + e.Email)
		regions[e.Region], categories[e.Category], agencies[e.Agency] = true, true, true
		index[e.ID] = int32(len(sn.rows))
		sn.rows = append(sn.rows, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list creators: %w", err)
	}
	rows.Close()
	sn.regions, sn.categories, sn.agencies = choices(regions), choices(categories), choices(agencies)

	// Accounts other than the handle the creator was first seen with are searchable too.
	accounts, err := s.read.QueryContext(ctx, `SELECT creator_id, handle FROM creator_accounts WHERE workspace_id = $1`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list creator accounts: %w", err)
	}
	defer accounts.Close()
	for accounts.Next() {
		var id int64
		var handle string
		if err := accounts.Scan(&id, &handle); err != nil {
			return nil, fmt.Errorf("store: unable to list creator accounts: %w", err)
		}
		if k, ok := folded[id]; ok {
			id = k
		}
		if i, ok := index[id]; ok && handle != sn.rows[i].Handle {
			sn.rows[i].hay += "\x00" + strings.ToLower(handle)
		}
	}
	if err := accounts.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list creator accounts: %w", err)
	}

	if err := s.lastSaleDays(ctx, workspaceID, sn.rows, index, folded); err != nil {
		return nil, err
	}

	totals, err := s.CreatorTotals(ctx, workspaceID, w, 0)
	if err != nil {
		return nil, err
	}
	orders := map[string]int64{}
	for _, f := range totals {
		id := f.CreatorID
		if k, ok := folded[id]; ok {
			id = k
		}
		i, ok := index[id]
		if !ok {
			continue // created after the creators were read: the next version shows it
		}
		fs := sn.figures[f.Currency]
		if fs == nil {
			fs = make([]model.Totals, len(sn.rows))
			sn.figures[f.Currency] = fs
		}
		fs[i].Add(f.Totals)
		orders[f.Currency] += f.Orders
	}
	for c := range sn.figures {
		sn.currencies = append(sn.currencies, c)
	}
	slices.SortFunc(sn.currencies, func(a, b string) int { return cmp.Or(cmp.Compare(orders[b], orders[a]), cmp.Compare(a, b)) })
	return sn, nil
}

// choices lists the non-empty values of a filter, sorted.
func choices(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for v := range set {
		if v != "" {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// lastSaleDays sets each row's last sale day from the day rollups: every day blob of the
// workspace decoded once per data version, which costs less than any query of the lines (and
// needs no index by creator on them).
func (s *Store) lastSaleDays(ctx context.Context, workspaceID int64, rows []creatorEntry, index map[int64]int32, folded map[int64]int64) error {
	if len(rows) == 0 {
		return nil
	}
	// Creator ids of a workspace are mostly dense: a slice finds rows faster than the map.
	lo, hi := rows[0].ID, rows[len(rows)-1].ID
	var dense []int32
	if hi-lo < int64(4*len(rows)+4096) {
		dense = make([]int32, hi-lo+1)
		for i := range rows {
			dense[rows[i].ID-lo] = int32(i) + 1
		}
	}
	find := func(id int64) (int32, bool) {
		if len(folded) > 0 {
			if k, ok := folded[id]; ok {
				id = k
			}
		}
		if dense != nil {
			if id < lo || id > hi || dense[id-lo] == 0 {
				return 0, false
			}
			return dense[id-lo] - 1, true
		}
		i, ok := index[id]
		return i, ok
	}
	blobs, err := s.read.QueryContext(ctx, `SELECT period, data FROM rollup_creator_blobs WHERE workspace_id = $1 AND kind = 'day'`, workspaceID)
	if err != nil {
		return fmt.Errorf("store: unable to read the day rollups: %w", err)
	}
	defer blobs.Close()
	for blobs.Next() {
		var day int32
		var data []byte
		if err := blobs.Scan(&day, &data); err != nil {
			return fmt.Errorf("store: unable to read the day rollups: %w", err)
		}
		err := decodeCreatorBlob(data, func(id int64, t *model.Totals) {
			if i, ok := find(id); ok && t.Lines > 0 && day > rows[i].LastSaleDay {
				rows[i].LastSaleDay = day
			}
		})
		if err != nil {
			return err
		}
	}
	return blobs.Err()
}
