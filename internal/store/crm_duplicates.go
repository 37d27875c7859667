package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The reasons two creators may be one person, strongest first.
const (
	DupEmail   = "email"   // the same email address (case and spaces aside)
	DupHandle  = "handle"  // the same handle on two platforms
	DupName    = "name"    // names equal once case, punctuation, trailing digits and accents are dropped
	DupSimilar = "similar" // handles of 6 characters or more, one typo apart
)

var dupWeight = map[string]int{DupEmail: 8, DupHandle: 8, DupName: 3, DupSimilar: 2}

// maxDupGroup bounds how many creators share a key before the key stops meaning anything:
// forty "creator1…creator40" names, or an agency's shared inbox, are not forty duplicates.
const maxDupGroup = 8

// DuplicateReason is why a pair is offered, with what they share ("anna@x.com", "@anna").
type DuplicateReason struct {
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
}

// Label is the reason as pages show it.
func (r DuplicateReason) Label() string {
	switch r.Kind {
	case DupEmail:
		return "Same email " + r.Detail
	case DupHandle:
		return "Same handle " + r.Detail
	case DupName:
		return "Near-same name " + r.Detail
	case DupSimilar:
		return "Handles one letter apart " + r.Detail
	}
	return r.Kind
}

// DuplicatePair is two live creators of a workspace that may be the same person; A has the
// smaller id.
type DuplicatePair struct {
	A, B    *DuplicateSide
	Reasons []DuplicateReason
	weight  int
}

// DuplicateSide is one creator of a pair, with what a member compares before merging.
type DuplicateSide struct {
	*CRMProfile
	Accounts []string // "tiktok @anna", "shopee @123"
}

// Sides is the pair as a list, left (A) then right (B), for pages.
func (p *DuplicatePair) Sides() []*DuplicateSide { return []*DuplicateSide{p.A, p.B} }

// FieldDiff is a field the two creators of a pair hold differently.
type FieldDiff struct {
	Field, A, B string
}

// Differences lists the fields the two sides hold differently (one of them may be empty).
func (p *DuplicatePair) Differences() []FieldDiff {
	if p.A == nil || p.B == nil {
		return nil
	}
	side := func(c *DuplicateSide) []string {
		f := ""
		if c.Followers != nil {
			f = fmt.Sprint(*c.Followers)
		}
		return []string{c.DisplayName, c.Email, c.Discord, f, strings.Join(c.Verticals, ", "), c.Region,
			c.Language, c.TimeZone, c.Agency, strings.Join(c.Tags, ", "), c.OwnerEmail, c.Stage.Label()}
	}
	names := []string{"Display name", "Email", "Discord", "Followers", "Verticals", "Region", "Language",
		"Time zone", "Agency", "Tags", "Owner", "Stage"}
	a, b := side(p.A), side(p.B)
	var out []FieldDiff
	for i, n := range names {
		if a[i] != b[i] {
			out = append(out, FieldDiff{Field: n, A: a[i], B: b[i]})
		}
	}
	return out
}

// DuplicatePage is a page of a workspace's duplicate candidates, strongest first.
type DuplicatePage struct {
	Pairs []*DuplicatePair
	Total int
}

// dupKey is a candidate pair found by detection, before its creators are read.
type dupKey struct {
	a, b    int64
	reasons []DuplicateReason
	weight  int
}

// DuplicateCandidates returns a page of the workspace's duplicate candidates among live
// creators (merged ones never appear), without the pairs a member dismissed, strongest first.
// Detection reads every creator once and runs in memory (see findDuplicates); its result is
// kept until the workspace's data changes.
func (s *Store) DuplicateCandidates(ctx context.Context, workspaceID int64, offset, limit int) (*DuplicatePage, error) {
	keys, err := s.duplicateKeys(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 50
	}
	page := &DuplicatePage{Total: len(keys)}
	offset = max(0, min(offset, len(keys)))
	keys = keys[offset:min(offset+limit, len(keys))]
	var ids []int64
	for _, k := range keys {
		ids = append(ids, k.a, k.b)
	}
	sides, err := s.duplicateSides(ctx, workspaceID, ids)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		a, b := sides[k.a], sides[k.b]
		if a == nil || b == nil {
			continue // merged between detection and now
		}
		page.Pairs = append(page.Pairs, &DuplicatePair{A: a, B: b, Reasons: k.reasons, weight: k.weight})
	}
	return page, nil
}

var dupCache = struct {
	sync.Mutex
	m map[listCacheKey]dupCacheEntry
}{m: map[listCacheKey]dupCacheEntry{}}

type dupCacheEntry struct {
	version string
	keys    []dupKey
	used    time.Time
}

// duplicateKeys returns the workspace's candidate pairs, from the cache while its data version
// holds (a merge, unmerge or dismissal writes an audit entry, which moves it).
func (s *Store) duplicateKeys(ctx context.Context, workspaceID int64) ([]dupKey, error) {
	version, err := s.dataVersion(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	key := listCacheKey{s: s, workspaceID: workspaceID}
	dupCache.Lock()
	e, ok := dupCache.m[key]
	dupCache.Unlock()
	if ok && e.version == version {
		return e.keys, nil
	}
	keys, err := s.findDuplicates(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	dupCache.Lock()
	dupCache.m[key] = dupCacheEntry{version: version, keys: keys, used: time.Now()}
	for len(dupCache.m) > listCacheSize {
		var oldest listCacheKey
		var at time.Time
		first := true
		for k, e := range dupCache.m {
			if first || e.used.Before(at) {
				oldest, at, first = k, e.used, false
			}
		}
		delete(dupCache.m, oldest)
	}
	dupCache.Unlock()
	return keys, nil
}

// dupCreator is what detection reads of a creator.
type dupCreator struct {
	id                    int64
	username, name, email string
}

type dupAccount struct {
	creator          int64
	platform, handle string
}

// findDuplicates runs detection over the workspace's live creators. Each reason groups creators
// by a key (email, handle, normalized name) in a map, so the work grows with the number of
// creators, not its square; one-typo handles are found through their one-deletion variants
// (see similarHandles), an exact method whose memory is bounded by working in partitions.
func (s *Store) findDuplicates(ctx context.Context, workspaceID int64) ([]dupKey, error) {
	var creators []dupCreator
	rows, err := s.read.QueryContext(ctx, `SELECT id, username, display_name, email FROM creators
		WHERE workspace_id = $1 AND merged_into IS NULL ORDER BY id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read creators for duplicates: %w", err)
	}
	for rows.Next() {
		var c dupCreator
		if err := rows.Scan(&c.id, &c.username, &c.name, &c.email); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: unable to read creators for duplicates: %w", err)
		}
		creators = append(creators, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read creators for duplicates: %w", err)
	}
	// A merged creator's accounts belong to the creator it was merged into.
	var accounts []dupAccount
	rows, err = s.read.QueryContext(ctx, `SELECT COALESCE(c.merged_into, c.id), a.platform, a.handle
		FROM creator_accounts a JOIN creators c ON c.id = a.creator_id WHERE a.workspace_id = $1`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read creator accounts for duplicates: %w", err)
	}
	for rows.Next() {
		var a dupAccount
		if err := rows.Scan(&a.creator, &a.platform, &a.handle); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: unable to read creator accounts for duplicates: %w", err)
		}
		accounts = append(accounts, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read creator accounts for duplicates: %w", err)
	}
	dismissed := map[[2]int64]bool{}
	rows, err = s.read.QueryContext(ctx, `SELECT creator_a, creator_b FROM creator_duplicate_dismissals
		WHERE workspace_id = $1`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read dismissed duplicates: %w", err)
	}
	for rows.Next() {
		var p [2]int64
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: unable to read dismissed duplicates: %w", err)
		}
		dismissed[p] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read dismissed duplicates: %w", err)
	}
	return detectDuplicates(creators, accounts, dismissed), nil
}

// detectDuplicates is detection on data in memory (creators live only; accounts of merged
// creators already moved to the creator they were merged into).
func detectDuplicates(creators []dupCreator, accounts []dupAccount, dismissed map[[2]int64]bool) []dupKey {
	live := make(map[int64]bool, len(creators))
	for _, c := range creators {
		live[c.id] = true
	}
	pairs := map[[2]int64]*dupKey{}
	add := func(x, y int64, kind, detail string) {
		if x == y || !live[x] || !live[y] {
			return
		}
		if x > y {
			x, y = y, x
		}
		p := [2]int64{x, y}
		if dismissed[p] {
			return
		}
		k := pairs[p]
		if k == nil {
			k = &dupKey{a: x, b: y}
			pairs[p] = k
		}
		for _, r := range k.reasons {
			if r.Kind == kind {
				return
			}
		}
		k.reasons = append(k.reasons, DuplicateReason{Kind: kind, Detail: detail})
		k.weight += dupWeight[kind]
	}
	group := func(by map[string][]int64, kind string, detail func(key string) string) {
		for key, ids := range by {
			ids = uniqueSorted(ids)
			if len(ids) < 2 || len(ids) > maxDupGroup {
				continue
			}
			for i := range ids {
				for j := i + 1; j < len(ids); j++ {
					add(ids[i], ids[j], kind, detail(key))
				}
			}
		}
	}

	emails := map[string][]int64{}
	type named struct {
		id     int64
		digits string // the trailing digits the key dropped
	}
	names := map[string][]named{}
	for _, c := range creators {
		if e := strings.ToLower(strings.TrimSpace(c.email)); e != "" {
			emails[e] = append(emails[e], c.id)
		}
		for _, n := range []string{c.username, c.name} {
			if k := NormalizeName(n); len([]rune(k)) >= 3 {
				names[k] = append(names[k], named{c.id, trailingDigits(n)})
			}
		}
	}
	group(emails, DupEmail, func(k string) string { return k })
	// Names equal but for different trailing numbers ("pixiemint_1", "pixiemint_2") are numbered
	// siblings far more often than one person: only a number against none, or the same number,
	// makes a pair ("anna.lee" and "annalee_02").
	for key, ns := range names {
		if len(ns) < 2 || len(ns) > maxDupGroup*2 {
			continue
		}
		for i := range ns {
			for j := i + 1; j < len(ns); j++ {
				x, y := ns[i], ns[j]
				if x.digits != "" && y.digits != "" && x.digits != y.digits {
					continue
				}
				add(x.id, y.id, DupName, "“"+key+"”")
			}
		}
	}

	// The same handle on two platforms, held by two creators.
	byHandle := map[string][]dupAccount{}
	for _, a := range accounts {
		byHandle[a.handle] = append(byHandle[a.handle], a)
	}
	for h, as := range byHandle {
		if len(as) < 2 || len(as) > maxDupGroup {
			continue
		}
		for i := range as {
			for j := i + 1; j < len(as); j++ {
				if as[i].platform != as[j].platform && as[i].creator != as[j].creator {
					add(as[i].creator, as[j].creator, DupHandle,
						fmt.Sprintf("@%s on %s and %s", h, as[i].platform, as[j].platform))
				}
			}
		}
	}

	// Handles one typo apart: every handle of each creator, usernames included.
	var handles []similarEntry
	seen := map[similarEntry]bool{}
	for _, c := range creators {
		e := similarEntry{c.id, c.username}
		seen[e] = true
		handles = append(handles, e)
	}
	for _, a := range accounts {
		if e := (similarEntry{a.creator, a.handle}); !seen[e] {
			seen[e] = true
			handles = append(handles, e)
		}
	}
	similarHandles(handles, func(x, y similarEntry) {
		add(x.creator, y.creator, DupSimilar, "@"+x.handle+" and @"+y.handle)
	})

	out := make([]dupKey, 0, len(pairs))
	for _, k := range pairs {
		slices.SortFunc(k.reasons, func(x, y DuplicateReason) int { return cmp.Compare(dupWeight[y.Kind], dupWeight[x.Kind]) })
		out = append(out, *k)
	}
	slices.SortFunc(out, func(x, y dupKey) int {
		return cmp.Or(cmp.Compare(y.weight, x.weight), cmp.Compare(y.b, x.b), cmp.Compare(y.a, x.a))
	})
	return out
}

func uniqueSorted(ids []int64) []int64 {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	return slices.Compact(ids)
}

// trailingDigits returns the digits ending s (after trailing spaces).
func trailingDigits(s string) string {
	s = strings.TrimSpace(s)
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	return s[i:]
}

// NormalizeName is the form names are compared in for "near-same name": lowercase, without a
// leading @, dots, underscores, dashes, spaces, trailing digits and accents ("Ánna.Lee_02" and
// "annalee" are the same).
func NormalizeName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(s))) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '@', r == '.', r == '_', r == '-', unicode.IsSpace(r):
		case r == 'đ':
			b.WriteRune('d')
		case r == 'ø':
			b.WriteRune('o')
		case r == 'ł':
			b.WriteRune('l')
		case r == 'ß':
			b.WriteString("ss")
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimRightFunc(b.String(), unicode.IsDigit)
}
