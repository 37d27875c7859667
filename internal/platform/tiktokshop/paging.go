package tiktokshop

import (
	"context"
	"fmt"
	"iter"
	"strconv"
)

// LineError is one record of a page that could not be converted. It does not end a walk:
// the iterator yields it and goes on, so one bad line never hides the good ones.
type LineError struct {
	Path  string // the endpoint
	ID    string // the record, e.g. "order 5768… sku 1729…"
	Field string // the JSON field at fault
	Err   error
}

// Error names the endpoint, record and field.
func (e *LineError) Error() string {
	return fmt.Sprintf("tiktokshop: %s: %s: field %s: %v", e.Path, e.ID, e.Field, e.Err)
}

// Unwrap returns the conversion error.
func (e *LineError) Unwrap() error { return e.Err }

// pageOf is one decoded page: its records (or per-record errors) and the next page's token.
type pageOf[T any] struct {
	items []T
	errs  []error
	next  string
}

// walk calls c once per page, following next_page_token, and yields every record. Any
// error other than a *LineError ends the walk after being yielded. A token the platform
// already sent ends it too, as an error: looping forever would be worse than stopping.
func walk[W any, T any](ctx context.Context, cl *Client, c call, pageSize int, conv func(*W) pageOf[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		seen := map[string]bool{}
		token := ""
		for {
			q := cloneValues(c.query)
			q.Set("page_size", strconv.Itoa(pageSize))
			if token != "" {
				q.Set("page_token", token)
			}
			pc := c
			pc.query = q
			var w W
			if err := cl.do(ctx, pc, &w); err != nil {
				yield(zero, err)
				return
			}
			p := conv(&w)
			for _, e := range p.errs {
				if !yield(zero, e) {
					return
				}
			}
			for _, it := range p.items {
				if !yield(it, nil) {
					return
				}
			}
			if p.next == "" {
				return
			}
			if seen[p.next] {
				yield(zero, fmt.Errorf("tiktokshop: %s %s: next_page_token %q repeats an earlier page", c.method, c.path, p.next))
				return
			}
			seen[p.next] = true
			token = p.next
		}
	}
}
