package shopee

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Backoff bounds: the first retry waits up to baseDelay, each next one up to twice as long,
// never more than maxDelay.
const (
	baseDelay = 500 * time.Millisecond
	maxDelay  = 30 * time.Second
)

// maxBody bounds an answer; a 500-row report page is well under a megabyte.
const maxBody = 32 << 20

// request is one logical call, re-signed on every attempt because the timestamp is signed.
type request struct {
	method    string
	path      string
	shopID    int64  // the shop concerned, also named in errors and logs of public calls
	token     string // the shop's access token
	shopLevel bool   // signed and sent with token and shop id
	query     url.Values
	body      any // JSON-encoded when not nil
}

// where names the call in errors: "GET /api/v2/… (shop 42)".
func (r request) where() string {
	if r.shopID == 0 {
		return r.method + " " + r.path
	}
	return r.method + " " + r.path + " (shop " + strconv.FormatInt(r.shopID, 10) + ")"
}

// do runs r with retries and returns the raw body of a successful answer and when the
// attempt that succeeded was sent (token expiries count from then).
func (c *Client) do(ctx context.Context, r request) ([]byte, time.Time, error) {
	var body []byte
	if r.body != nil {
		var err error
		if body, err = json.Marshal(r.body); err != nil {
			return nil, time.Time{}, fmt.Errorf("shopee: %s: encoding body: %w", r.where(), err)
		}
	}
	for attempt := 1; ; attempt++ {
		sent := c.now()
		raw, retryAfter, err := c.attempt(ctx, r, body, sent, attempt)
		if err == nil {
			return raw, sent, nil
		}
		if attempt >= c.maxAttempts || !retryable(ctx, err) {
			return nil, time.Time{}, err
		}
		d := backoff(attempt, retryAfter)
		c.log.LogAttrs(ctx, slog.LevelWarn, "shopee retry",
			slog.String("method", r.method), slog.String("path", r.path), slog.Int64("shop_id", r.shopID),
			slog.Int("attempt", attempt), slog.Duration("wait", d), slog.String("error", err.Error()))
		if serr := c.sleep(ctx, d); serr != nil {
			return nil, time.Time{}, fmt.Errorf("shopee: %s: gave up waiting to retry: %w (last error: %w)", r.where(), serr, err)
		}
	}
}

// attempt sends r once. It returns the Retry-After the server asked for, if any.
func (c *Client) attempt(ctx context.Context, r request, body []byte, sent time.Time, n int) ([]byte, time.Duration, error) {
	ts := sent.Unix()
	q := url.Values{}
	maps.Copy(q, r.query)
	q.Set("partner_id", strconv.FormatInt(c.partnerID, 10))
	q.Set("timestamp", strconv.FormatInt(ts, 10))
	if r.shopLevel {
		q.Set("access_token", r.token)
		q.Set("shop_id", strconv.FormatInt(r.shopID, 10))
		q.Set("sign", SignShop(c.partnerKey, c.partnerID, r.path, ts, r.token, r.shopID))
	} else {
		q.Set("sign", Sign(c.partnerKey, c.partnerID, r.path, ts))
	}
	u := *c.base
	u.Path = c.base.Path + r.path
	u.RawQuery = q.Encode()

	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(actx, r.method, u.String(), rd)
	if err != nil {
		return nil, 0, fmt.Errorf("shopee: %s: %w", r.where(), redactErr(err))
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.logAttempt(ctx, r, n, sent, 0, nil, err)
		return nil, 0, fmt.Errorf("shopee: %s: %w", r.where(), redactErr(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err == nil && len(raw) > maxBody {
		err = fmt.Errorf("answer is over %d bytes", maxBody)
	}
	if err != nil {
		c.logAttempt(ctx, r, n, sent, resp.StatusCode, nil, err)
		return nil, 0, fmt.Errorf("shopee: %s: reading answer: %w", r.where(), redactErr(err))
	}
	_, apiErr := decodeEnvelope(resp.StatusCode, raw)
	c.logAttempt(ctx, r, n, sent, resp.StatusCode, apiErr, nil)
	if apiErr != nil {
		apiErr.Method, apiErr.Path, apiErr.ShopID = r.method, r.path, r.shopID
		return nil, retryAfter(resp.Header.Get("Retry-After")), apiErr
	}
	return raw, 0, nil
}

// logAttempt records one attempt at debug level, or warn when it failed. It logs the path,
// never the URL: the query carries the access token and the signature.
func (c *Client) logAttempt(ctx context.Context, r request, n int, sent time.Time, status int, apiErr *APIError, err error) {
	level := slog.LevelDebug
	attrs := []slog.Attr{
		slog.String("method", r.method), slog.String("path", r.path), slog.Int64("shop_id", r.shopID),
		slog.Int("attempt", n), slog.Int("status", status), slog.Duration("took", c.now().Sub(sent)),
	}
	if apiErr != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("code", apiErr.Code), slog.String("request_id", apiErr.RequestID))
	}
	if err != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error", redactErr(err).Error()))
	}
	c.log.LogAttrs(ctx, level, "shopee call", attrs...)
}

// retryable decides whether err is worth another attempt: rate limits, 5xx, and network
// failures, unless the caller's context is finished.
func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Retryable()
	}
	// Transport errors (refused connection, reset, the per-attempt timeout) are transient.
	return true
}

// backoff is the wait before retry number attempt: full jitter over an exponentially growing
// ceiling, but at least what the server asked for in Retry-After (within maxDelay).
func backoff(attempt int, retryAfter time.Duration) time.Duration {
	ceiling := maxDelay
	if attempt < 16 {
		ceiling = min(baseDelay<<(attempt-1), maxDelay)
	}
	d := time.Duration(rand.Int64N(int64(ceiling) + 1))
	return max(d, min(retryAfter, maxDelay))
}

// retryAfter reads a Retry-After header given in seconds; dates are rare enough to ignore.
func retryAfter(h string) time.Duration {
	n, err := strconv.Atoi(h)
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}

// redactErr strips the query (access token, signature) from the URL in a transport error,
// because these errors end up in logs and job records.
func redactErr(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	red := *ue
	if u, perr := url.Parse(ue.URL); perr == nil {
		u.RawQuery = redactQuery(u.Query()).Encode()
		red.URL = u.String()
	} else {
		red.URL = "(unparsable URL)"
	}
	return &red
}

// redactQuery replaces the secret-bearing parameters of a query.
func redactQuery(q url.Values) url.Values {
	for _, k := range []string{"sign", "access_token", "refresh_token", "code"} {
		if q.Has(k) {
			q.Set(k, "REDACTED")
		}
	}
	return q
}
