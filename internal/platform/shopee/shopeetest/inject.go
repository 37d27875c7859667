package shopeetest

import "net/http"

// injected is a queued failure answered before any check.
type injected struct {
	status  int
	code    string
	message string
}

// FailNext makes the next n requests fail with status, as a rate limit (429) or a server
// error (5xx) would, with the envelope Shopee sends for it.
func (s *Server) FailNext(n, status int) {
	code, msg := "error_server", "Internal server error, please retry."
	switch {
	case status == http.StatusTooManyRequests:
		code, msg = "error_rate_limit", "Too many requests, please retry later."
	case status < 500:
		code, msg = "error_param", "Injected client error."
	}
	s.FailNextWith(n, status, code, msg)
}

// FailNextWith queues n failures with an explicit status and envelope, e.g. a rate limit
// answered with HTTP 200 and error_rate_limit.
func (s *Server) FailNextWith(n, status int, code, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fails = append(s.fails, injected{status, code, message})
	}
}

// takeFailure pops the next injected failure; the caller holds mu.
func (s *Server) takeFailure() (injected, bool) {
	if len(s.fails) == 0 {
		return injected{}, false
	}
	f := s.fails[0]
	s.fails = s.fails[1:]
	return f, true
}
