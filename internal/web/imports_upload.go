package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/upload"
)

// uploadImports takes the upload form: it streams each file to disk (never the whole request
// into memory), checks it, and starts importing it in the background, then sends the browser to
// the import's page (or to the list, for several files) to watch it run.
func (h *handler) uploadImports(imp *upload.Importer) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st := current(r)
		ws := st.workspace
		r.Body = http.MaxBytesReader(w, r.Body, h.opts.MaxUpload)
		form := uploadForm{}
		var files []*upload.File
		fail := func(err error) {
			upload.RemoveAll(files)
			var ue *upload.Error
			if errors.As(err, &ue) {
				h.showImports(w, r, ue.Status, form, ue.Msg)
				return
			}
			h.serverError(w, r, err)
		}
		mr, err := r.MultipartReader()
		if err != nil {
			fail(&upload.Error{Status: http.StatusBadRequest, Msg: "Send the upload form as multipart/form-data, with the file in the field \"file\"."})
			return
		}
		sent, err := upload.ReadForm(mr, "file", h.opts.UploadDir, h.opts.MaxUpload)
		form = uploadForm{Kind: sent.Fields["kind"], Shop: sent.Fields["shop"], NewShop: sent.Fields["new_shop"],
			Currency: sent.Fields["currency"], Locale: sent.Fields["locale"]}
		if err != nil {
			fail(err)
			return
		}
		files = sent.Files
		if form.Kind == ingest.KindCreators && sent.Fields["preview"] != "" {
			h.previewCreatorList(w, r, files) // creators_import_preview.go: check the columns first
			return
		}
		req := upload.Request{Kind: form.Kind, Files: files, MayAddShop: st.can(access.ManageShops)}
		if req.Kind == ingest.KindTikTokOrders {
			req.Shop = ingest.ShopSpec{Slug: form.Shop, Platform: model.PlatformTikTokShop, Timezone: ws.Timezone}
			if form.Shop == "" {
				// A new shop: its currency and number format, when left empty, come from the file.
				req.Shop.Slug, req.Shop.Currency, req.Shop.Locale = form.NewShop, form.Currency, form.Locale
			}
		}
		ids, err := imp.Start(r.Context(), principalOf(r).Actor(), ws, req)
		files = nil // Start owns them now, refused or not
		if err != nil {
			fail(err)
			return
		}
		to := wsURL(ws, "imports/"+strconv.FormatInt(ids[0], 10))
		if len(ids) > 1 {
			to = wsURL(ws, "imports")
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
	}
}
