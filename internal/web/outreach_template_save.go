package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// outreachTemplateSave saves a template's name and variants (action=preview only previews).
// Queued messages keep the text they were rendered with.
func (h *handler) outreachTemplateSave(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	t := h.loadTemplate(w, r)
	if t == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	page := &templatePage{outreachBase: outreachPage(r, t.Name, "templates", nil), Tpl: t, Action: templatePath(ws, t.ID),
		Editable: true, ArchiveURL: templatePath(ws, t.ID) + "/archive"}
	form, variants, ok := readTemplateForm(r)
	if ok && r.PostForm.Get("action") != "preview" {
		next := &store.OutreachTemplate{ID: t.ID, WorkspaceID: ws.ID, Name: form.Name, Variants: variants}
		err := h.store.UpdateTemplate(r.Context(), st.principal.Actor(), next)
		if err == nil {
			http.Redirect(w, r, templatePath(ws, t.ID)+"?ok=saved", http.StatusSeeOther)
			return
		}
		msg, isField := outreachFieldMessage(err)
		if !isField {
			h.serverError(w, r, err)
			return
		}
		page.Error, ok = msg, false
	}
	h.showTemplateForm(w, r, page, form, variants, ok)
}
