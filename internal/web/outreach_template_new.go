package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// outreachTemplateNew shows an empty template editor with a starting text.
func (h *handler) outreachTemplateNew(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	page := &templatePage{outreachBase: outreachPage(r, "New template", "templates", nil), Action: wsURL(ws, "outreach/templates"), Editable: true}
	start := store.TemplateVariant{Label: "A", Weight: 1, Subject: "A collaboration with {{sender.company}}",
		Body: "Hi {{creator.first_name | \"there\"}},\n\nI'm {{sender.name}} from {{sender.company}}. We love your videos and would like to send you our bestseller to try.\n\nInterested?"}
	page.Form = templateForm{Variants: []variantForm{{Label: "A", Weight: 1, Subject: start.Subject, Body: start.Body}}}.withBlank()
	if err := h.fillTemplatePage(r.Context(), r, page, []store.TemplateVariant{start}, r.URL.Query().Get("creator"), r.URL.Query().Get("sequence")); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "outreach_template", page)
}
