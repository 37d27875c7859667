package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// staticFile is an embedded file served under a name that carries its checksum, so it can be
// cached for a year and a new release still reaches every browser at once.
type staticFile struct {
	body        []byte
	contentType string
}

// staticFiles maps hashed names ("app.1a2b3c4d.css") to files; staticNames maps plain names
// to hashed ones for templates.
var staticFiles, staticNames = loadStatic()

func loadStatic() (map[string]staticFile, map[string]string) {
	files, names := map[string]staticFile{}, map[string]string{}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		panic(err) // the directory is embedded: it cannot be missing
	}
	for _, e := range entries {
		body, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:4]) + ext
		files[hashed] = staticFile{body: body, contentType: mime.TypeByExtension(ext)}
		names[e.Name()] = hashed
	}
	return files, names
}

// staticURL returns the checksummed URL of an embedded file, for templates.
func staticURL(name string) (string, error) {
	hashed, ok := staticNames[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name) // a template typo fails the render
	}
	return "/static/" + hashed, nil
}

// serveStatic serves an embedded file by its hashed name; an old hash is a 404.
func serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := staticFiles[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(f.body)
}
