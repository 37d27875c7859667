package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed templates
var templateFS embed.FS

// parsePages parses each page (every templates/*.html but the layout and partials) with the
// layout and the partials into its own set, since every page defines the same "content" block.
func parsePages() map[string]*template.Template {
	funcs := template.FuncMap{"static": staticURL}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	partials, _ := fs.Glob(templateFS, "templates/partials/*.html")
	pages := make(map[string]*template.Template, len(names))
	for _, path := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		files := append([]string{"templates/layout.html", path}, partials...)
		pages[name] = template.Must(template.New(name).Funcs(funcs).Funcs(templateFuncs).ParseFS(templateFS, files...))
	}
	return pages
}

// render writes a page. It renders into a buffer first so a template error becomes a clean
// 500 instead of half a page.
func (h *handler) render(w http.ResponseWriter, r *http.Request, status int, name string, data page) {
	if b := data.base(); b.Chrome == nil {
		c, err := h.buildChrome(r)
		if err != nil {
			h.log.Error("web: unable to build the page chrome", "path", r.URL.Path, "err", err)
		}
		b.Chrome = c
	}
	t, ok := h.pages[name]
	if !ok {
		h.log.Error("web: no such page template", "page", name)
		http.Error(w, "Internal server error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		h.log.Error("web: unable to render a page", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "Internal server error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
