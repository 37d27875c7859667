package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// outreachTemplateCreate saves a new template (action=preview shows the preview instead,
// saving nothing). Unknown variables and other problems are shown next to their field with
// their line:column, and nothing is saved.
func (h *handler) outreachTemplateCreate(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	page := &templatePage{outreachBase: outreachPage(r, "New template", "templates", nil), Action: wsURL(ws, "outreach/templates"), Editable: true}
	form, variants, ok := readTemplateForm(r)
	if ok && r.PostForm.Get("action") != "preview" {
		t := &store.OutreachTemplate{WorkspaceID: ws.ID, Name: form.Name, Variants: variants}
		err := h.store.CreateTemplate(r.Context(), st.principal.Actor(), t)
		if err == nil {
			http.Redirect(w, r, templatePath(ws, t.ID)+"?ok=created", http.StatusSeeOther)
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

// showTemplateForm shows the editor again with what was posted: 200 for a preview, 422 with
// the problems otherwise.
func (h *handler) showTemplateForm(w http.ResponseWriter, r *http.Request, page *templatePage, form templateForm, variants []store.TemplateVariant, ok bool) {
	page.Form = form.withBlank()
	status := http.StatusOK
	if !ok {
		status = http.StatusUnprocessableEntity
		if page.Error == "" {
			page.Error = form.problemsSummary()
		}
	}
	if err := h.fillTemplatePage(r.Context(), r, page, variants, r.PostForm.Get("creator"), r.PostForm.Get("sequence")); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, status, "outreach_template", page)
}
