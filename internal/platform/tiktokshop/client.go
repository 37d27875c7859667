package tiktokshop

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// ShopAuth is what a shop-scoped call carries: the shop's cipher (from AuthorizedShops) and
// the seller's access token.
type ShopAuth struct {
	Cipher      string
	AccessToken string
}

// maxResponse bounds a response body; the largest pages are a few hundred kilobytes.
const maxResponse = 32 << 20

// call describes one logical API call; do turns it into one or more HTTP attempts.
type call struct {
	method string
	base   *url.URL
	path   string
	query  url.Values // call parameters; app_key, timestamp and sign are added per attempt
	token  string     // x-tts-access-token; empty for none
	body   any        // JSON body; nil for none
	signed bool       // auth-host token calls carry the app secret instead of a signature
	// mutating calls (send a message, create a collaboration) are retried only when the
	// platform refused them outright (rate limit): after a 5xx or a lost connection the work
	// may have been done, and doing it twice sends a creator the same message twice. The
	// caller's durable job decides what to do instead.
	mutating bool
}

// do runs c with retries and decodes the envelope's data into out (when out is not nil).
func (cl *Client) do(ctx context.Context, c call, out any) error {
	var body []byte
	if c.body != nil {
		b, err := json.Marshal(c.body)
		if err != nil {
			return fmt.Errorf("tiktokshop: %s %s: encoding request: %w", c.method, c.path, err)
		}
		body = b
	}
	var err error
	for attempt := 1; ; attempt++ {
		var data json.RawMessage
		var retryAfter time.Duration
		data, retryAfter, err = cl.attempt(ctx, c, body, attempt)
		if err == nil {
			if out == nil || len(data) == 0 || string(data) == "null" {
				return nil
			}
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("tiktokshop: %s %s: decoding data: %w", c.method, c.path, err)
			}
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		if attempt >= cl.cfg.MaxAttempts || !retryable(err, c.mutating) {
			break
		}
		wait := cl.backoff(attempt, retryAfter)
		cl.log.LogAttrs(ctx, slog.LevelWarn, "tiktokshop: retrying",
			slog.String("method", c.method), slog.String("path", c.path),
			slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("error", err.Error()))
		if serr := cl.cfg.Sleep(ctx, wait); serr != nil {
			return fmt.Errorf("tiktokshop: %s %s: stopped waiting to retry: %w (last error: %v)", c.method, c.path, serr, err)
		}
	}
	if cl.cfg.MaxAttempts > 1 && retryable(err, c.mutating) {
		return fmt.Errorf("tiktokshop: giving up after %d attempts: %w", cl.cfg.MaxAttempts, err)
	}
	return err
}

// attempt sends one HTTP request. It signs with a fresh timestamp each time, since the
// platform refuses timestamps older than five minutes.
func (cl *Client) attempt(ctx context.Context, c call, body []byte, n int) (json.RawMessage, time.Duration, error) {
	q := cloneValues(c.query)
	if c.signed {
		q.Set("app_key", cl.cfg.AppKey)
		q.Set("timestamp", strconv.FormatInt(cl.cfg.Now().Unix(), 10))
		signed := body
		if c.method == http.MethodGet {
			signed = nil
		}
		q.Set("sign", Sign(cl.cfg.AppSecret, c.path, q, signed))
	}
	u := *c.base
	u.Path = c.base.Path + c.path
	u.RawQuery = q.Encode()

	actx, cancel := context.WithTimeout(ctx, cl.cfg.Timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(actx, c.method, u.String(), rd)
	if err != nil {
		return nil, 0, fmt.Errorf("tiktokshop: %s %s: building request: %w", c.method, c.path, redactErr(err))
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("x-tts-access-token", c.token)
	}
	start := time.Now()
	resp, err := cl.http.Do(req)
	if err != nil {
		// *url.Error quotes the whole URL, signature and secrets included: keep only its cause.
		err = &transportError{method: c.method, path: c.path, err: redactErr(err)}
		cl.log.LogAttrs(ctx, slog.LevelDebug, "tiktokshop: request failed",
			slog.String("method", c.method), slog.String("path", c.path), slog.Int("attempt", n), slog.String("error", err.Error()))
		return nil, 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		err = &transportError{method: c.method, path: c.path, err: fmt.Errorf("reading response: %w", redactErr(err))}
		return nil, 0, err
	}
	data, err := decodeEnvelope(c.method, c.path, resp.StatusCode, raw)
	attrs := []slog.Attr{
		slog.String("method", c.method), slog.String("path", c.path), slog.Int("attempt", n),
		slog.Int("status", resp.StatusCode), slog.Duration("elapsed", time.Since(start)),
	}
	if e, ok := AsAPIError(err); ok {
		attrs = append(attrs, slog.Int("code", e.Code), slog.String("request_id", e.RequestID))
	}
	cl.log.LogAttrs(ctx, slog.LevelDebug, "tiktokshop: response", attrs...)
	return data, retryAfterHeader(resp), err
}

// transportError is a request that got no HTTP response: a refused connection, a timeout.
type transportError struct {
	method, path string
	err          error
}

// Error names the call and the cause, never the URL.
func (e *transportError) Error() string {
	return "tiktokshop: " + e.method + " " + e.path + ": " + e.err.Error()
}

// Unwrap returns the cause, so errors.Is sees timeouts and cancellations.
func (e *transportError) Unwrap() error { return e.err }

// redactErr strips the *url.Error wrapper, whose message holds the full request URL.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// retryable decides whether another attempt may succeed and is safe to make.
func retryable(err error, mutating bool) bool {
	if e, ok := AsAPIError(err); ok {
		if e.IsRateLimited() {
			return true
		}
		return e.IsServerError() && !mutating
	}
	var te *transportError
	if errors.As(err, &te) {
		return !mutating
	}
	return false
}

// backoff is exponential with full jitter: a uniform wait in [0, min(max, base·2^(n-1))),
// so many syncs throttled together do not retry together. A Retry-After from the platform
// is a floor, still capped by BackoffMax.
func (cl *Client) backoff(n int, retryAfter time.Duration) time.Duration {
	ceil := cl.cfg.BackoffBase
	for i := 1; i < n && ceil < cl.cfg.BackoffMax; i++ {
		ceil *= 2
	}
	ceil = min(ceil, cl.cfg.BackoffMax)
	d := jitter(ceil)
	if retryAfter > d {
		d = min(retryAfter, cl.cfg.BackoffMax)
	}
	return d
}

// retryAfterHeader reads a Retry-After given in seconds; dates and garbage count as none.
func retryAfterHeader(resp *http.Response) time.Duration {
	s := resp.Header.Get("Retry-After")
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}

// jitter is a uniform duration in [0, ceil); math/rand is enough, nothing here is secret.
func jitter(ceil time.Duration) time.Duration {
	if ceil <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceil)))
}

// cloneValues copies q so a call's parameters are never shared between attempts or pages.
func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q)+4)
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// shopCall is a signed call scoped to one shop: its cipher in the query, its token in the header.
func (cl *Client) shopCall(method, path string, shop ShopAuth, body any, mutating bool) call {
	return call{
		method: method, base: cl.api, path: path,
		query: url.Values{"shop_cipher": {shop.Cipher}},
		token: shop.AccessToken, body: body, signed: true, mutating: mutating,
	}
}
