package web

import (
	"net/http"
)

// outreachTemplateShow shows a template in the editor (read-only for roles that do not run
// outreach) with a preview for a real creator (?creator=handle, ?sequence=id for its offer).
func (h *handler) outreachTemplateShow(w http.ResponseWriter, r *http.Request) {
	t := h.loadTemplate(w, r)
	if t == nil {
		return
	}
	ws := current(r).workspace
	page := &templatePage{outreachBase: outreachPage(r, t.Name, "templates", templateNotices), Tpl: t, Action: templatePath(ws, t.ID),
		Form: templateFormOf(t), ArchiveURL: templatePath(ws, t.ID) + "/archive"}
	page.Editable = page.CanRun
	if !page.Editable {
		page.Form.Variants = page.Form.Variants[:len(page.Form.Variants)-1]
	}
	q := r.URL.Query()
	seqRef := q.Get("sequence")
	if !q.Has("sequence") {
		seqRef = previewSeqAuto
	}
	if err := h.fillTemplatePage(r.Context(), r, page, t.Variants, q.Get("creator"), seqRef); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "outreach_template", page)
}
