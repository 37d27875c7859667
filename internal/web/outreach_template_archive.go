package web

import "net/http"

// outreachTemplateArchive archives a template (restore=1 brings it back). Steps using it keep
// sending it; it is only hidden from new steps.
func (h *handler) outreachTemplateArchive(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	t := h.loadTemplate(w, r)
	if t == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	restore := r.PostForm.Get("restore") == "1"
	if err := h.store.ArchiveTemplate(r.Context(), st.principal.Actor(), st.workspace.ID, t.ID, !restore); err != nil {
		h.serverError(w, r, err)
		return
	}
	ok := "archived"
	if restore {
		ok = "restored"
	}
	http.Redirect(w, r, templatePath(st.workspace, t.ID)+"?ok="+ok, http.StatusSeeOther)
}
