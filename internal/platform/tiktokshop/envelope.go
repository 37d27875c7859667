package tiktokshop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// Platform codes the client treats specially. The gateway's own codes are 36009xxx; the auth
// host's token codes are 36004xxx; the API's token codes are 105xxx.
const (
	CodeOK                 = 0
	CodeInvalidSign        = 106001   // the sign query parameter does not match
	CodeInvalidAccessToken = 105001   // unknown or malformed x-tts-access-token
	CodeExpiredAccessToken = 105002   // access token past its expiry: refresh it
	CodeScopeNotGranted    = 105005   // the app was not granted a scope this endpoint needs
	CodeRateLimited        = 36009002 // too many requests (with HTTP 429)
	CodeInternalError      = 36009003 // the platform failed (with HTTP 5xx)
	CodeInvalidParameter   = 36009004 // a query or body parameter is wrong (message says which)
	CodeRefreshExpired     = 36004001 // refresh token expired: the seller must authorize again
	CodeInvalidAuthCode    = 36004004 // auth code unknown, used or expired
)

// APIError is a call the platform refused: a non-zero envelope code, or an HTTP failure
// status with no envelope (a proxy's 502, a bare 429).
type APIError struct {
	Code       int    // envelope code; 0 when the platform sent none
	Message    string // the platform's message
	RequestID  string // quote it to TikTok support
	HTTPStatus int
	Method     string
	Path       string // the API path, never the query (it carries the signature)
}

// Error reads like "tiktokshop: POST /affiliate_seller/…: code 106001 (invalid sign), request_id …, HTTP 401".
func (e *APIError) Error() string {
	s := fmt.Sprintf("tiktokshop: %s %s: code %d", e.Method, e.Path, e.Code)
	if e.Message != "" {
		s += " (" + e.Message + ")"
	}
	if e.RequestID != "" {
		s += ", request_id " + e.RequestID
	}
	return s + ", HTTP " + strconv.Itoa(e.HTTPStatus)
}

// IsInvalidSign reports a signature the platform rejected: a wrong app secret or a request
// changed after signing. Retrying cannot help.
func (e *APIError) IsInvalidSign() bool { return e.Code == CodeInvalidSign }

// IsTokenProblem reports an access or refresh token the platform will not accept (105xxx on
// the API, 36004xxx on the auth host): refresh, or ask the seller to authorize again.
func (e *APIError) IsTokenProblem() bool {
	return (e.Code >= 105000 && e.Code <= 105999) || (e.Code >= 36004000 && e.Code <= 36004999)
}

// IsRateLimited reports throttling; the request was refused before doing anything.
func (e *APIError) IsRateLimited() bool {
	return e.HTTPStatus == http.StatusTooManyRequests || e.Code == CodeRateLimited
}

// IsServerError reports a failure on the platform's side, which may or may not have done the work.
func (e *APIError) IsServerError() bool {
	return e.HTTPStatus >= 500 || e.Code == CodeInternalError
}

// AsAPIError unwraps err to an *APIError when there is one.
func AsAPIError(err error) (*APIError, bool) {
	var e *APIError
	ok := errors.As(err, &e)
	return e, ok
}

// envelope is the shape of every response. Code is kept raw because a few gateways write it
// as a string.
type envelope struct {
	Code      json.RawMessage `json:"code"`
	Message   string          `json:"message"`
	RequestID string          `json:"request_id"`
	Data      json.RawMessage `json:"data"`
}

// maxSnippet bounds how much of an unreadable response an error quotes.
const maxSnippet = 120

// decodeEnvelope turns one HTTP response into the envelope's data or an error. A non-2xx
// status with a readable envelope still yields the platform's code (the platform answers an
// invalid sign with HTTP 401 and code 106001).
func decodeEnvelope(method, path string, status int, body []byte) (json.RawMessage, error) {
	apiErr := func(code int, msg, reqID string) error {
		return &APIError{Code: code, Message: msg, RequestID: reqID, HTTPStatus: status, Method: method, Path: path}
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil || env.Code == nil {
		if status < 200 || status > 299 {
			return nil, apiErr(0, http.StatusText(status), "")
		}
		return nil, fmt.Errorf("tiktokshop: %s %s: HTTP %d: response is not an envelope: %q", method, path, status, snippet(body))
	}
	code, err := parseCode(env.Code)
	if err != nil {
		return nil, fmt.Errorf("tiktokshop: %s %s: HTTP %d: %w", method, path, status, err)
	}
	if code != CodeOK || status < 200 || status > 299 {
		return nil, apiErr(code, env.Message, env.RequestID)
	}
	return env.Data, nil
}

// parseCode reads the envelope code as a number or a numeric string.
func parseCode(raw json.RawMessage) (int, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, fmt.Errorf("envelope code %q is not a number", snippet(raw))
		}
		raw = []byte(s)
	}
	n, err := strconv.ParseInt(string(raw), 10, 32)
	if err != nil {
		return 0, fmt.Errorf("envelope code %q is not a number", snippet(raw))
	}
	return int(n), nil
}

// snippet is the start of b, for errors about responses we could not read.
func snippet(b []byte) string {
	if len(b) > maxSnippet {
		return string(b[:maxSnippet]) + "…"
	}
	return string(b)
}
