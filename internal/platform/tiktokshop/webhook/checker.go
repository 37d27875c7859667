package webhook

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Defaults for Checker's freshness window.
const (
	DefaultWindow = 5 * time.Minute // how old a notification may be
	DefaultSkew   = time.Minute     // how far ahead of our clock TikTok's may run
)

// Refusals from Checker.Check, for an endpoint to map to answers. ErrReplay in particular is
// a delivery already accepted once: answer it 200 without processing, or TikTok keeps
// redelivering it.
var (
	ErrBadSignature = errors.New("tiktokshop webhook: bad signature")
	ErrStale        = errors.New("tiktokshop webhook: timestamp too old")
	ErrFuture       = errors.New("tiktokshop webhook: timestamp in the future")
	ErrReplay       = errors.New("tiktokshop webhook: notification already received")
)

// Seen is the set of notification ids already accepted. Seen atomically records the verified
// notification e and reports whether its NotificationID was there before. e.Timestamp lets a
// store forget ids once they are older than the window (older deliveries are refused as
// stale); the whole event lets it record what the notification is about in the same write.
// The production set lives in the database (the webhook inbox) so several servers share it.
type Seen interface {
	Seen(ctx context.Context, e *Event) (bool, error)
}

// Checker authenticates deliveries: signature, freshness and first receipt. The zero
// Window and Skew mean the defaults; Now defaults to time.Now.
type Checker struct {
	AppKey    string
	AppSecret string
	Window    time.Duration
	Skew      time.Duration
	Seen      Seen // required
	Now       func() time.Time
}

// Check verifies authorization against rawBody, parses it and applies the replay guard, in
// that order: nothing unauthenticated is parsed further than JSON, and a refused delivery
// never enters the seen set. Errors wrap ErrBadSignature, ErrMalformed, ErrStale, ErrFuture
// or ErrReplay; the event is returned with ErrReplay so the caller can log what was repeated.
func (c *Checker) Check(ctx context.Context, authorization string, rawBody []byte) (*Event, error) {
	if c.Seen == nil {
		return nil, errors.New("tiktokshop webhook: Checker has no Seen set")
	}
	if !Verify(c.AppKey, c.AppSecret, authorization, rawBody) {
		return nil, fmt.Errorf("%w (%d-byte body)", ErrBadSignature, len(rawBody))
	}
	e, err := Parse(rawBody)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if c.Now != nil {
		now = c.Now()
	}
	window, skew := c.Window, c.Skew
	if window <= 0 {
		window = DefaultWindow
	}
	if skew <= 0 {
		skew = DefaultSkew
	}
	if age := now.Sub(e.Timestamp); age > window {
		return e, fmt.Errorf("%w: notification %s from %s is %s old (window %s)",
			ErrStale, e.NotificationID, e.Timestamp.Format(time.RFC3339), age.Truncate(time.Second), window)
	} else if -age > skew {
		return e, fmt.Errorf("%w: notification %s is %s ahead of our clock (skew %s)",
			ErrFuture, e.NotificationID, (-age).Truncate(time.Second), skew)
	}
	seen, err := c.Seen.Seen(ctx, e)
	if err != nil {
		return e, fmt.Errorf("tiktokshop webhook: notification %s: checking seen set: %w", e.NotificationID, err)
	}
	if seen {
		return e, fmt.Errorf("%w: notification %s (shop %s, type %s)", ErrReplay, e.NotificationID, e.ShopID, e.Kind)
	}
	return e, nil
}
