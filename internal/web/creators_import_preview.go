package web

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/upload"
)

// A creator list uploaded for a preview stays on disk, in the directory upload.Save made for
// it, until the member confirms (then the import removes it) or previewTTL passes. The
// directory's name is the preview's token; previewMeta, next to the file, says whose it is.
// Behind a load balancer the confirm must reach the server that kept the file (sticky
// sessions), or every server must share --upload-dir.
const (
	previewMeta = ".preview.json"
	previewTTL  = 24 * time.Hour
	previewRows = 10
)

var previewToken = regexp.MustCompile(`^creatorops-upload-[0-9]+$`)

// keptPreview is what previewMeta holds.
type keptPreview struct {
	WorkspaceID int64     `json:"workspace_id"`
	File        string    `json:"file"`
	Format      string    `json:"format"`
	Bytes       int64     `json:"bytes"`
	At          time.Time `json:"at"`
}

// creatorImportPage shows how a creator list's columns will be read, with a select per column
// to change it, and the first rows as they will be read.
type creatorImportPage struct {
	basePage
	Workspace *model.Workspace
	Token     string
	Preview   *ingest.CreatorPreview
	Fields    []fieldChoice
	Error     string
}

// fieldChoice is one option of a column's select.
type fieldChoice struct{ Key, Label string }

func creatorFieldChoices() []fieldChoice {
	out := []fieldChoice{{Key: "ignore", Label: "— ignore —"}}
	for _, k := range ingest.CreatorFieldKeys {
		out = append(out, fieldChoice{Key: k, Label: ingest.CreatorFieldLabel(k)})
	}
	return out
}

// previewCreatorList keeps an uploaded creator list aside and shows its preview (the imports
// page's upload, for a creator list with "check the columns first").
func (h *handler) previewCreatorList(w http.ResponseWriter, r *http.Request, files []*upload.File) {
	st := current(r)
	if len(files) != 1 {
		upload.RemoveAll(files)
		h.badRequest(w, r, fmt.Sprintf("Preview one creator list at a time (got %d files), or untick “check the columns first” to import several.", len(files)))
		return
	}
	f := files[0]
	dir := filepath.Dir(f.Path)
	meta, _ := json.Marshal(keptPreview{WorkspaceID: st.workspace.ID, File: f.Name, Format: f.Format, Bytes: f.Bytes, At: time.Now().UTC()})
	if err := os.WriteFile(filepath.Join(dir, previewMeta), meta, 0o600); err != nil {
		f.Remove()
		h.serverError(w, r, err)
		return
	}
	h.dropOldPreviews(dir)
	h.renderCreatorPreview(w, r, http.StatusOK, filepath.Base(dir), f.Path, nil)
}

// renderCreatorPreview reads the kept file with mapping and shows the preview page with status;
// a mapping the file cannot take shows the file as its headers read it, with the error (400).
func (h *handler) renderCreatorPreview(w http.ResponseWriter, r *http.Request, status int, token, path string, mapping map[string]string) {
	st := current(r)
	p := &creatorImportPage{basePage: basePage{Title: st.workspace.Name + " — Check the columns"}, Workspace: st.workspace,
		Token: token, Fields: creatorFieldChoices()}
	pv, err := ingest.PreviewCreatorList(r.Context(), h.store, st.workspace, path, ingest.CreatorListOptions{Mapping: mapping}, previewRows)
	if err != nil {
		// The mapping asked for is refused; show the file as its headers read it.
		p.Error = strings.TrimPrefix(err.Error(), filepath.Base(path)+": ")
		status = http.StatusBadRequest
		if pv, err = ingest.PreviewCreatorList(r.Context(), h.store, st.workspace, path, ingest.CreatorListOptions{Mapping: map[string]string{}}, previewRows); err != nil {
			h.badRequest(w, r, p.Error)
			return
		}
	}
	p.Preview = pv
	if len(pv.Missing) > 0 && p.Error == "" {
		p.Error = "No column is read as the username: choose the column that holds the creators' handles."
	}
	h.render(w, r, status, "creator_import", p)
}

// keptPreviewFile finds a preview's file from its token, for the workspace that uploaded it.
func (h *handler) keptPreviewFile(token string, workspaceID int64) (*upload.File, error) {
	if !previewToken.MatchString(token) {
		return nil, errPreviewGone
	}
	dir := filepath.Join(cmp.Or(h.opts.UploadDir, os.TempDir()), token)
	b, err := os.ReadFile(filepath.Join(dir, previewMeta))
	if err != nil {
		return nil, errPreviewGone
	}
	var m keptPreview
	if err := json.Unmarshal(b, &m); err != nil || m.WorkspaceID != workspaceID || time.Since(m.At) > previewTTL {
		return nil, errPreviewGone
	}
	return &upload.File{Name: m.File, Path: filepath.Join(dir, m.File), Format: m.Format, Bytes: m.Bytes}, nil
}

var errPreviewGone = errors.New("this preview is no longer available (it was imported, or it is older than a day): upload the list again")

// dropOldPreviews removes previews nobody confirmed within previewTTL (best effort).
func (h *handler) dropOldPreviews(keep string) {
	root := filepath.Dir(keep)
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !previewToken.MatchString(e.Name()) || filepath.Join(root, e.Name()) == keep {
			continue
		}
		info, err := os.Stat(filepath.Join(root, e.Name(), previewMeta))
		if err == nil && time.Since(info.ModTime()) > previewTTL {
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}
