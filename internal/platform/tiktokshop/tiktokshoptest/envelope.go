package tiktokshoptest

import (
	"encoding/json"
	"net/http"
)

// Codes the fake answers with; the real platform's where they are documented.
const (
	codeOK               = 0
	codeInvalidSign      = 106001
	codeInvalidToken     = 105001
	codeExpiredToken     = 105002
	codeRateLimited      = 36009002
	codeInternal         = 36009003
	codeInvalidParam     = 36009004
	codeNotFoundPath     = 36009009
	codeRefreshExpired   = 36004001
	codeInvalidAuthCode  = 36004004
	codeNoAuthRecord     = 36004005
	codeBusinessRejected = 16000001 // the fake's code for a request the endpoint's rules refuse
)

// reply writes the {code, message, request_id, data} envelope.
func (s *Server) reply(w http.ResponseWriter, status, code int, msg string, data any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"code": code, "message": msg, "request_id": s.requestID(), "data": data,
	})
}

// ok answers success.
func (s *Server) ok(w http.ResponseWriter, data any) {
	s.reply(w, http.StatusOK, codeOK, "Success", data)
}

// fail answers an error with no data.
func (s *Server) fail(w http.ResponseWriter, status, code int, msg string) {
	s.reply(w, status, code, msg, nil)
}

// badParam answers the gateway's overloaded parameter error.
func (s *Server) badParam(w http.ResponseWriter, msg string) {
	s.fail(w, http.StatusBadRequest, codeInvalidParam, msg)
}
