package web

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the templates under templates/ that fill the layout's "content" block.
var pageNames = []string{"overview", "error"}

// parsePages parses each page with the layout into its own set, since every page defines
// the same "content" block.
func parsePages() map[string]*template.Template {
	funcs := template.FuncMap{"static": staticURL}
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		pages[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/"+name+".html"))
	}
	return pages
}

// render writes a page. It renders into a buffer first so a template error becomes a clean
// 500 instead of half a page.
func (h *handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := h.pages[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		h.log.Error("web: unable to render a page", "page", page, "path", r.URL.Path, "err", err)
		http.Error(w, "Internal server error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
