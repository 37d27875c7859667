package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
)

// unsubscribePage is the data of the outreach_unsubscribe template: a public page, reached
// from the link in an outreach email.
type unsubscribePage struct {
	basePage
	Brand   string
	Address string
	Done    bool
	Action  string
}

// unsubscribeActor is who an unsubscribe is recorded as in the audit log.
var unsubscribeActor = store.Actor{Label: "unsubscribe link"}

// unsubscribeTarget is what a valid token names.
type unsubscribeTarget struct {
	workspaceID, creatorID int64
	address, brand         string
}

// readUnsubscribeToken checks the {token} of the path against every key the server signs
// links with (the current one first, older ones for links sent before a key rotation);
// false for a token none of them made.
func (h *handler) readUnsubscribeToken(r *http.Request) (*unsubscribeTarget, bool, error) {
	token := r.PathValue("token")
	for _, key := range h.keys().DeriveKeys(outreach.UnsubscribeKeyLabel) {
		ws, creator, address, err := outreach.ParseUnsubscribeToken(key, token)
		if err != nil {
			continue
		}
		brand, err := h.store.WorkspaceName(r.Context(), ws)
		if errors.Is(err, store.ErrNotFound) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		return &unsubscribeTarget{ws, creator, address, brand}, true, nil
	}
	return nil, false, nil
}

// unsubscribeShow is the page an email's unsubscribe link opens: who will no longer write,
// and a button to confirm (a GET changes nothing: link scanners open every link).
func (h *handler) unsubscribeShow(w http.ResponseWriter, r *http.Request) {
	t, ok, err := h.readUnsubscribeToken(r)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if !ok {
		h.unsubscribeNotFound(w, r)
		return
	}
	page := &unsubscribePage{basePage: basePage{Title: "Unsubscribe from " + t.brand}, Brand: t.brand, Address: t.address,
		Action: r.URL.Path}
	reason, err := h.store.CheckSuppressed(r.Context(), t.workspaceID, store.SuppressionKey{Kind: store.SuppressEmail, Value: t.address})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page.Done = reason != ""
	h.render(w, r, http.StatusOK, "outreach_unsubscribe", page)
}

// unsubscribeConfirm suppresses the token's address ("unsubscribed"), idempotently. It is
// also the RFC 8058 one-click target: a mail provider POSTs List-Unsubscribe=One-Click without
// cookies or an Origin header (which the cross-origin protection lets through) and gets a
// 200; a browser is sent back to the page, which now says it is done.
func (h *handler) unsubscribeConfirm(w http.ResponseWriter, r *http.Request) {
	t, ok, err := h.readUnsubscribeToken(r)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if !ok {
		h.unsubscribeNotFound(w, r)
		return
	}
	x := &store.Suppression{WorkspaceID: t.workspaceID, Kind: store.SuppressEmail, Value: t.address, Reason: "unsubscribed",
		Note: "unsubscribe link", Scope: store.ScopeWorkspace}
	if err := h.store.AddSuppression(r.Context(), unsubscribeActor, x); err != nil {
		h.serverError(w, r, err)
		return
	}
	if err := r.ParseForm(); err == nil && r.PostForm.Get("List-Unsubscribe") == "One-Click" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("Unsubscribed.\n"))
		return
	}
	http.Redirect(w, r, r.URL.Path, http.StatusSeeOther)
}

// unsubscribeNotFound answers a link no key made (or of a workspace that is gone).
func (h *handler) unsubscribeNotFound(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusNotFound, "error", &errorPage{basePage: basePage{Title: "Link not valid"},
		Heading: "This unsubscribe link is not valid", Message: "It may have been cut short by your email program. Open it again from the email, or reply to the email and ask to be removed."})
}
