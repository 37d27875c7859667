// Package web is the browser interface of creatorops: server-rendered pages with a little
// JavaScript of our own, and the JSON API mounted beside them.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/creatorops/creatorops/internal/api"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/store"
)

// Options tune the web app; the zero value is usable.
type Options struct {
	// MaxUpload caps an uploaded export in bytes (default 512 MiB).
	MaxUpload int64
	// UploadDir keeps uploads while they are imported (default: the system's temp dir).
	UploadDir string
	// Background lives as long as the server: uploads are imported under it, not under their
	// request (default: never done).
	Background context.Context
	// TikTokApp is the Partner Center app whose secret signs webhook deliveries (empty: the
	// webhook endpoint answers 503).
	TikTokApp struct{ Key, Secret string }
	// Connect connects shops through OAuth (nil: the Connections page explains how to set it up).
	Connect *connect.Service
}

// handler carries what every page handler needs; each handler lives in its own file.
type handler struct {
	store *store.Store
	auth  *auth.Service
	log   *slog.Logger
	opts  Options
	pages map[string]*template.Template
	api   *api.API

	overviews overviewCache
}

// New returns the HTTP handler of the web app and the API.
func New(s *store.Store, log *slog.Logger, opts ...Options) http.Handler {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.MaxUpload <= 0 {
		o.MaxUpload = 512 << 20
	}
	if o.Background == nil {
		o.Background = context.Background()
	}
	h := &handler{store: s, auth: auth.New(s, log), log: log, opts: o, pages: parsePages()}
	mux := http.NewServeMux()
	h.api = api.Mount(mux, api.Deps{Store: s, Auth: h.auth, Log: log, MaxUpload: o.MaxUpload, UploadDir: o.UploadDir, Background: o.Background, Connect: o.Connect,
		ViewQuery: DirectoryViewQuery})
	for _, rt := range h.routes() {
		mux.Handle(rt.pattern, h.guard(rt))
	}
	// Every state-changing request from another origin is refused before any handler runs.
	csrf := http.NewCrossOriginProtection()
	return securityHeaders(csrf.Handler(mux))
}
