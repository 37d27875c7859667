package discord

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Discord JSON error codes this package's callers act on.
const (
	CodeGeneral             = 0 // e.g. "401: Unauthorized"
	CodeUnknownChannel      = 10003
	CodeUnknownGuild        = 10004
	CodeUnknownMember       = 10007
	CodeUnknownRole         = 10011
	CodeUnknownUser         = 10013
	CodeUnknownWebhook      = 10015
	CodeMissingAccess       = 50001
	CodeEmptyMessage        = 50006
	CodeCannotSendToUser    = 50007 // the user closed DMs or shares no server with the bot
	CodeMissingPermissions  = 50013 // e.g. the role is above the bot's highest role
	CodeInvalidWebhookToken = 50027
	CodeInvalidFormBody     = 50035
	CodeInvalidJSON         = 50109
)

// APIError is an answer from Discord other than success.
type APIError struct {
	Method     string
	Path       string // with the webhook token redacted
	Status     int    // HTTP status
	Code       int    // Discord's JSON error code; 0 when the body had none
	Message    string
	Errors     json.RawMessage // field errors of a 50035
	RetryAfter time.Duration   // on 429: how long Discord asked us to wait
	Global     bool            // on 429: the bot's global limit, not the route's
}

// Error reads like "discord: PUT /guilds/1/members/2/roles/3: 404 code 10011 (Unknown Role)".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "discord: %s %s: %d", e.Method, e.Path, e.Status)
	if e.Code != 0 || e.Message != "" {
		fmt.Fprintf(&b, " code %d (%s)", e.Code, e.Message)
	}
	if len(e.Errors) > 0 {
		fmt.Fprintf(&b, " errors %s", e.Errors)
	}
	if e.Status == 429 {
		fmt.Fprintf(&b, ", retry after %s", e.RetryAfter)
		if e.Global {
			b.WriteString(" (global)")
		}
	}
	return b.String()
}

// Temporary reports whether the same call may succeed later: rate limits and server errors.
func (e *APIError) Temporary() bool { return e.Status == 429 || e.Status >= 500 }

// errorBody is Discord's error and rate-limit body.
type errorBody struct {
	Code       *int            `json:"code"`
	Message    string          `json:"message"`
	Errors     json.RawMessage `json:"errors"`
	RetryAfter *float64        `json:"retry_after"`
	Global     bool            `json:"global"`
}

// decodeError reads an error answer. Bodies that are not Discord JSON (a proxy's HTML 502)
// keep their first line as the message.
func decodeError(method, path string, status int, header map[string][]string, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, Status: status}
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err == nil {
		if eb.Code != nil {
			e.Code = *eb.Code
		}
		e.Message, e.Errors, e.Global = eb.Message, eb.Errors, eb.Global
		if eb.RetryAfter != nil {
			e.RetryAfter = seconds(*eb.RetryAfter)
		}
	} else {
		line, _, _ := strings.Cut(strings.TrimSpace(string(body)), "\n")
		if len(line) > 200 {
			line = line[:200]
		}
		e.Message = line
	}
	if status == 429 {
		if e.RetryAfter == 0 {
			e.RetryAfter = headerDelay(header)
		}
		if v := headerGet(header, "X-RateLimit-Global"); v == "true" {
			e.Global = true
		}
	}
	return e
}

// headerDelay is the server-given wait from X-RateLimit-Reset-After (fractional seconds) or
// Retry-After (whole seconds); zero when neither parses.
func headerDelay(header map[string][]string) time.Duration {
	for _, name := range []string{"X-RateLimit-Reset-After", "Retry-After"} {
		if v := headerGet(header, name); v != "" {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				return seconds(f)
			}
		}
	}
	return 0
}

func headerGet(header map[string][]string, name string) string {
	for k, v := range header {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
	}
	return ""
}

// seconds converts Discord's fractional seconds, refusing negative, NaN and absurd values.
func seconds(f float64) time.Duration {
	if !(f > 0) || f > 24*3600 {
		return 0
	}
	return time.Duration(f * float64(time.Second))
}
