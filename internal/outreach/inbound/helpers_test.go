package inbound

import (
	"context"
	"errors"
	"sync"
	"time"
)

// call is one report a poller made.
type call struct {
	kind, channel, address, text string
	at                           time.Time
}

// sink is Replies for tests: it knows a set of creators' addresses and can fail on one.
type sink struct {
	mu      sync.Mutex
	known   map[string]bool
	failOn  string
	calls   []call
	bounces []call
}

func newSink(known ...string) *sink {
	s := &sink{known: map[string]bool{}}
	for _, k := range known {
		s.known[k] = true
	}
	return s
}

func (s *sink) RecordReply(_ context.Context, _ int64, channel, address string, at time.Time, summary string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if address == s.failOn {
		return errors.New("database is down")
	}
	if !s.known[address] {
		return ErrNoCreator
	}
	s.calls = append(s.calls, call{"reply", channel, address, summary, at})
	return nil
}

func (s *sink) Bounce(_ context.Context, _ int64, address, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bounces = append(s.bounces, call{kind: "bounce", address: address, text: reason})
	return nil
}

func (s *sink) take() (replies, bounces []call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	replies, bounces = s.calls, s.bounces
	s.calls, s.bounces = nil, nil
	return replies, bounces
}

// memCursor is a Cursor in a map.
type memCursor struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *memCursor) Load(_ context.Context, key string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key], nil
}

func (c *memCursor) Save(_ context.Context, key, value string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]string{}
	}
	c.m[key] = value
	return nil
}
