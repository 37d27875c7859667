package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/store"
)

// pathCreator loads the {creator} of the path as a live creator of the current workspace, or
// answers 404 (for another workspace's creator too, and for a merged one: changes go to the
// creator it was merged into). It runs before the form is read, so a request for another
// workspace's creator learns nothing from its body's validation.
func (h *handler) pathCreator(w http.ResponseWriter, r *http.Request) (*store.CRMProfile, bool) {
	id, err := strconv.ParseInt(r.PathValue("creator"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return nil, false
	}
	p, err := h.store.CRMProfile(r.Context(), current(r).workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && p.MergedInto != nil {
		h.notFound(w, r)
		return nil, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return nil, false
	}
	return p, true
}

// creatorURL is the address of a creator's page.
func creatorURL(r *http.Request, id int64) string {
	return wsURL(current(r).workspace, "creators/"+strconv.FormatInt(id, 10))
}

// backTo redirects (303) after a successful change to the form's "back" page when it is a page
// of this workspace, else to def; ok names the notice the page shows.
func backTo(w http.ResponseWriter, r *http.Request, def, ok string) {
	target := def
	if b := r.PostFormValue("back"); strings.HasPrefix(b, wsURL(current(r).workspace, "")) && !strings.ContainsAny(b, "\\\r\n") &&
		!strings.Contains(b, "//") {
		target = b
	}
	if ok != "" {
		target = addQuery(target, "ok", ok)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// addQuery sets one query parameter of a local URL, keeping its fragment last.
func addQuery(u, k, v string) string {
	frag := ""
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u, frag = u[:i], u[i:]
	}
	path, query, _ := strings.Cut(u, "?")
	var kept []string
	for _, p := range strings.Split(query, "&") {
		if p != "" && !strings.HasPrefix(p, k+"=") {
			kept = append(kept, p)
		}
	}
	kept = append(kept, k+"="+v)
	return path + "?" + strings.Join(kept, "&") + frag
}

// wantsJSON reports whether the page's script made the request and reads a JSON answer.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// answerJSON writes a small JSON answer for the page's script.
func answerJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// refuse answers bad input: a 4xx page naming what was wrong, or JSON for the page's script.
func (h *handler) refuse(w http.ResponseWriter, r *http.Request, status int, message string) {
	if wantsJSON(r) {
		answerJSON(w, status, map[string]string{"error": message})
		return
	}
	if status == http.StatusForbidden {
		h.render(w, r, status, "error", &errorPage{basePage: basePage{Title: "Not allowed"}, Heading: "Not allowed", Message: message})
		return
	}
	h.badRequest(w, r, message)
}

// changeFailed turns a store error of a change into an answer: bad input is the user's to fix
// (4xx naming the field), anything else is a 500.
func (h *handler) changeFailed(w http.ResponseWriter, r *http.Request, err error) {
	if fe, ok := store.AsFieldError(err); ok {
		h.refuse(w, r, http.StatusBadRequest, fe.Error())
		return
	}
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	h.serverError(w, r, err)
}

// splitList reads a comma-separated form field ("beauty, home") into its items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
