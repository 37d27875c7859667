package auth

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Sign-in is refused for a while after too many failures for one email (guessing a password)
// or from one address (trying many emails).
const (
	limitWindow   = 15 * time.Minute
	maxPerEmail   = 5
	maxPerAddress = 20
)

// RateLimitError is returned when sign-in is refused for too many failures.
type RateLimitError struct{ RetryAfter time.Duration }

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("too many failed sign-ins: try again in %d minutes", int(e.RetryAfter.Minutes())+1)
}

func limitKeys(email, ip string) []string {
	return []string{"email:" + strings.ToLower(strings.TrimSpace(email)), "ip:" + ip}
}

func (a *Service) checkLimit(ctx context.Context, keys []string) error {
	now := a.now()
	since := now.Add(-limitWindow)
	for i, key := range keys {
		max := maxPerEmail
		if i > 0 {
			max = maxPerAddress
		}
		n, oldest, err := a.store.LoginFailures(ctx, key, since)
		if err != nil {
			return err
		}
		if n >= max {
			return &RateLimitError{RetryAfter: oldest.Add(limitWindow).Sub(now)}
		}
	}
	return nil
}
