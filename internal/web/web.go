// Package web is the browser interface of creatorops: server-rendered pages, no JavaScript.
package web

import (
	"html/template"
	"log/slog"
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// handler carries what every page handler needs; each handler lives in its own file.
type handler struct {
	store *store.Store
	log   *slog.Logger
	pages map[string]*template.Template
}

// New returns the HTTP handler of the web app.
func New(s *store.Store, log *slog.Logger) http.Handler {
	h := &handler{store: s, log: log, pages: parsePages()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", h.healthz)
	mux.HandleFunc("GET /static/{name}", serveStatic)
	mux.HandleFunc("GET /{$}", h.overview)
	// A catch-all for GET only, so unknown pages get the styled 404 while other methods
	// still get the mux's 405.
	mux.HandleFunc("GET /", h.notFound)
	// There are no forms that change state yet; the protection is in place before the first one.
	csrf := http.NewCrossOriginProtection()
	return securityHeaders(csrf.Handler(mux))
}
