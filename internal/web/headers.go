package web

import "net/http"

// contentSecurityPolicy forbids inline scripts and styles: pages style through app.css classes
// only, and the chart is plain SVG markup.
const contentSecurityPolicy = "default-src 'self'; style-src 'self'; img-src 'self' data:"

// securityHeaders sets the headers every response carries, errors and static files included.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}
