package webhook

import (
	"context"
	"sync"
	"time"
)

// MemorySeen is an in-process Seen for tests and single-server setups. It forgets ids whose
// timestamp is older than TTL (set it to at least the Checker's window plus skew), so it
// stays small under a steady stream.
type MemorySeen struct {
	TTL time.Duration    // zero means DefaultWindow + DefaultSkew
	Now func() time.Time // defaults to time.Now

	mu        sync.Mutex
	ids       map[string]time.Time
	nextPrune int
}

// Seen implements Seen.
func (m *MemorySeen) Seen(_ context.Context, e *Event) (bool, error) {
	id, at := e.NotificationID, e.Timestamp
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ids == nil {
		m.ids = make(map[string]time.Time)
	}
	if _, ok := m.ids[id]; ok {
		return true, nil
	}
	m.ids[id] = at
	// Pruning when the map doubles keeps the cost per call constant on average.
	if len(m.ids) >= m.nextPrune {
		m.prune()
		m.nextPrune = max(2*len(m.ids), 64)
	}
	return false, nil
}

// Len is how many ids are remembered.
func (m *MemorySeen) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.ids)
}

// prune drops ids older than the TTL; the caller holds mu.
func (m *MemorySeen) prune() {
	ttl := m.TTL
	if ttl <= 0 {
		ttl = DefaultWindow + DefaultSkew
	}
	now := time.Now()
	if m.Now != nil {
		now = m.Now()
	}
	cutoff := now.Add(-ttl)
	for id, at := range m.ids {
		if at.Before(cutoff) {
			delete(m.ids, id)
		}
	}
}
