package shopee

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Error codes Shopee answers with that callers act on.
const (
	CodeWrongSign          = "error_sign"            // the signature did not match
	CodeParam              = "error_param"           // a parameter (often the timestamp) is invalid
	CodeAuth               = "error_auth"            // the code or refresh token is not valid
	CodeInvalidAccessToken = "invalid_acceess_token" // sic: Shopee's spelling; expired or revoked
	CodeRateLimit          = "error_rate_limit"      // too many calls: retried
	CodeServer             = "error_server"          // Shopee failed: retried when the status is 5xx
)

// APIError is a call Shopee answered with a non-empty "error", or with an HTTP error status.
type APIError struct {
	Method     string
	Path       string
	ShopID     int64 // 0 for public calls
	HTTPStatus int
	Code       string // Shopee's "error", e.g. error_sign; empty when the body was not an envelope
	Message    string
	RequestID  string
}

// Error names the call, the shop, Shopee's code and message and the request id support asks for.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("shopee: ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Path)
	if e.ShopID != 0 {
		b.WriteString(" (shop ")
		b.WriteString(strconv.FormatInt(e.ShopID, 10))
		b.WriteByte(')')
	}
	b.WriteString(": ")
	if e.Code != "" {
		b.WriteString(e.Code)
		if e.Message != "" {
			b.WriteString(" (" + e.Message + ")")
		}
	} else {
		b.WriteString("HTTP " + strconv.Itoa(e.HTTPStatus))
		if e.Message != "" {
			b.WriteString(": " + e.Message)
		}
	}
	if e.Code != "" && e.HTTPStatus != 0 && e.HTTPStatus != http.StatusOK {
		b.WriteString(", HTTP " + strconv.Itoa(e.HTTPStatus))
	}
	if e.RequestID != "" {
		b.WriteString(", request_id " + e.RequestID)
	}
	return b.String()
}

// Retryable reports whether the call may succeed if repeated unchanged: rate limits and
// server errors. Any other 4xx or error code is a mistake repeating cannot fix.
func (e *APIError) Retryable() bool {
	return e.HTTPStatus == http.StatusTooManyRequests || e.HTTPStatus >= 500 || e.Code == CodeRateLimit
}

// TokenInvalid reports whether the shop's access token was refused: refresh it, and if
// that fails the seller must authorize again.
func (e *APIError) TokenInvalid() bool {
	return e.Code == CodeInvalidAccessToken || e.Code == "invalid_access_token"
}

// IsTokenInvalid reports whether err is an *APIError whose access token was refused.
func IsTokenInvalid(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.TokenInvalid()
}

// envelope is the common shape of Shopee answers. Token endpoints put their fields at the
// top level instead of under "response"; callers decode those from the raw body.
type envelope struct {
	Error     string          `json:"error"`
	Message   string          `json:"message"`
	RequestID string          `json:"request_id"`
	Response  json.RawMessage `json:"response"`
}

// decodeEnvelope reads an answer. A body that is not a JSON object is an error carrying the
// HTTP status, so a proxy's HTML error page is reported as what it is.
func decodeEnvelope(status int, body []byte) (envelope, *APIError) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return env, &APIError{HTTPStatus: status, Message: "answer is not a JSON envelope: " + snippet(body)}
	}
	if env.Error != "" || status != http.StatusOK {
		return env, &APIError{HTTPStatus: status, Code: env.Error, Message: env.Message, RequestID: env.RequestID}
	}
	return env, nil
}

// snippet is the start of a body for an error message, enough to recognize it.
func snippet(b []byte) string {
	const n = 120
	s := strings.ToValidUTF8(string(b[:min(len(b), n)]), "?")
	if len(b) > n {
		s += "…"
	}
	return fmt.Sprintf("%q", s)
}
