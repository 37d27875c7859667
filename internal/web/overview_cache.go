package web

import (
	"sync"

	"github.com/creatorops/creatorops/internal/store"
)

// overviewFigures are the computed figures of one overview: decoding two windows of creator
// rollups takes tens of milliseconds on a large workspace, far more than serving a page, and
// the figures only change when the workspace's data does.
type overviewFigures struct {
	win, prev store.Window
	sections  []section // read-only once cached
}

// overviewKey names cached figures. The data version is read from the database on every
// request, so a server never shows figures older than what another server committed.
type overviewKey struct {
	workspaceID int64
	days        int
	version     string
}

// overviewCacheSize bounds the figures kept: three periods of a few busy workspaces.
const overviewCacheSize = 48

// overviewCache is a small map of figures. Figures of an older version of the same workspace
// and period are dead the moment a newer one is stored, so put drops them; past the size bound
// an arbitrary entry makes room.
type overviewCache struct {
	mu sync.Mutex
	m  map[overviewKey]*overviewFigures
}

func (c *overviewCache) get(k overviewKey) (*overviewFigures, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.m[k]
	return f, ok
}

func (c *overviewCache) put(k overviewKey, f *overviewFigures) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[overviewKey]*overviewFigures{}
	}
	for old := range c.m {
		if old.workspaceID == k.workspaceID && old.days == k.days || len(c.m) >= overviewCacheSize {
			delete(c.m, old)
		}
	}
	c.m[k] = f
}
