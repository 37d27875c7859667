package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/upload"
)

// confirmCreatorImport takes the preview page's form: "Preview again" shows the preview with
// the columns as chosen; "Import" imports the kept file with that mapping in the background
// and goes to the import's page.
func (h *handler) confirmCreatorImport(imp *upload.Importer) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st := current(r)
		token := r.PostFormValue("token")
		f, err := h.keptPreviewFile(token, st.workspace.ID)
		if err != nil {
			h.badRequest(w, r, err.Error())
			return
		}
		t, err := ingest.OpenTable(f.Path)
		if err != nil {
			h.badRequest(w, r, err.Error())
			return
		}
		header := t.Header()
		t.Close()
		cols := r.PostForm["col"]
		if len(cols) != len(header) {
			h.badRequest(w, r, "col: the form sends "+strconv.Itoa(len(cols))+" columns, the file has "+
				strconv.Itoa(len(header))+": open the preview again.")
			return
		}
		mapping := make(map[string]string, len(header))
		for i, hd := range header {
			key, ok := ingest.CreatorFieldKey(cols[i])
			if !ok {
				h.badRequest(w, r, "col: column "+strconv.Quote(hd)+": "+strconv.Quote(cols[i])+" is not a creator field.")
				return
			}
			mapping[hd] = key
		}
		if r.PostFormValue("action") != "import" {
			h.renderCreatorPreview(w, r, http.StatusOK, token, f.Path, mapping)
			return
		}
		// Without a username column nothing can be imported: the preview says so, file kept.
		if cm, err := ingest.MapCreatorColumns(header, mapping); err != nil || !cm.Has(ingest.CreatorUsername) {
			h.renderCreatorPreview(w, r, http.StatusBadRequest, token, f.Path, mapping)
			return
		}
		ids, err := imp.Start(r.Context(), principalOf(r).Actor(), st.workspace,
			upload.Request{Kind: ingest.KindCreators, Files: []*upload.File{f}, Mapping: mapping})
		var ue *upload.Error
		if errors.As(err, &ue) {
			// Start removed the file: the member uploads it again.
			h.badRequest(w, r, ue.Msg)
			return
		}
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		http.Redirect(w, r, wsURL(st.workspace, "imports/"+strconv.FormatInt(ids[0], 10)), http.StatusSeeOther)
	}
}
