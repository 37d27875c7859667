package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// DirectoryFacets are the values the directory's filters suggest: what the workspace's live
// creators have, each list sorted and capped at maxFacetValues.
type DirectoryFacets struct {
	Regions, Languages, Agencies, TimeZones []string
	Verticals, Tags, Tiers                  []string
}

const maxFacetValues = 300

// facetEntry is a workspace's facets as of a data version.
type facetEntry struct {
	version    string
	facets     *DirectoryFacets
	refreshing bool
}

type facetKey struct {
	s  *Store
	ws int64
}

var (
	facetMu    sync.Mutex
	facetCache = map[facetKey]*facetEntry{}
)

// DirectoryFacets returns the filter suggestions of a workspace. They take a pass over every
// creator (about a second at a million), so they are kept per data version; when the data
// moves on, the old suggestions are served while new ones are computed in the background.
func (s *Store) DirectoryFacets(ctx context.Context, workspaceID int64) (*DirectoryFacets, error) {
	version, err := s.dataVersion(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	key := facetKey{s, workspaceID}
	facetMu.Lock()
	e := facetCache[key]
	if e != nil && (e.version == version || e.refreshing) {
		facetMu.Unlock()
		return e.facets, nil
	}
	if e != nil {
		e.refreshing = true
		facetMu.Unlock()
		go func() {
			bg, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			f, err := s.computeFacets(bg, workspaceID)
			facetMu.Lock()
			defer facetMu.Unlock()
			e.refreshing = false
			if err == nil {
				facetCache[key] = &facetEntry{version: version, facets: f}
			}
		}()
		return e.facets, nil
	}
	facetMu.Unlock()
	f, err := s.computeFacets(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	facetMu.Lock()
	facetCache[key] = &facetEntry{version: version, facets: f}
	facetMu.Unlock()
	return f, nil
}

func (s *Store) computeFacets(ctx context.Context, workspaceID int64) (*DirectoryFacets, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT region, language, agency, time_zone, verticals, tags, tier
		FROM creators WHERE workspace_id = $1 AND merged_into IS NULL`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the directory's filter values: %w", err)
	}
	defer rows.Close()
	sets := make([]map[string]bool, 7)
	for i := range sets {
		sets[i] = map[string]bool{}
	}
	add := func(i int, v string) {
		if v != "" && len(sets[i]) < maxFacetValues*4 {
			sets[i][v] = true
		}
	}
	// Consecutive rows often repeat a value: skip the map for those.
	last := make([]string, 7)
	cols := make([]string, 7)
	ptrs := []any{&cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6]}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("store: unable to read the directory's filter values: %w", err)
		}
		for i, v := range cols {
			if v == last[i] {
				continue
			}
			last[i] = v
			if i == 4 || i == 5 {
				for _, item := range DecodeList(v) {
					add(i, item)
				}
				continue
			}
			add(i, v)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read the directory's filter values: %w", err)
	}
	list := func(i int) []string {
		out := make([]string, 0, len(sets[i]))
		for v := range sets[i] {
			out = append(out, v)
		}
		slices.SortFunc(out, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
		return out[:min(len(out), maxFacetValues)]
	}
	return &DirectoryFacets{Regions: list(0), Languages: list(1), Agencies: list(2), TimeZones: list(3),
		Verticals: list(4), Tags: list(5), Tiers: list(6)}, nil
}
