package web

import (
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// creatorMessagePage is the data of the creator_message_page template: a TikTok Shop message
// to one creator, and the messages and invitations sent to them before.
type creatorMessagePage struct {
	basePage
	Workspace      *model.Workspace
	Creator        store.PlatformCreator
	CreatorURL     string
	Blocked        string // the stage that stops outreach, if any
	CanSend        bool
	InviteURL      string
	Connections    []connectionChoice
	Kinds          []messageKind
	Products       []store.ProductChoice
	Collaborations []collabRow
	Form           messageForm
	Sent           []sentRow
	Notice, Error  string
}

type messageKind struct {
	Value, Label string
	Checked      bool
}

// messageForm is what the form was filled with.
type messageForm struct {
	Kind, Text, Product, Collaboration string
}

type sentRow struct {
	When, Who, Body string
}

// creatorMessage shows the form that sends a creator a TikTok Shop message: text, or a
// product, free sample or target collaboration card.
func (h *handler) creatorMessage(w http.ResponseWriter, r *http.Request) {
	pc, ok := h.messageCreator(w, r)
	if !ok {
		return
	}
	page := &creatorMessagePage{Form: messageForm{Kind: platformsync.MessageText}}
	if r.URL.Query().Get("ok") == "sent" {
		page.Notice = "Message sent on TikTok Shop. It is on the creator’s timeline."
	}
	h.renderCreatorMessage(w, r, http.StatusOK, pc, 0, page)
}

// messageCreator loads the {creator} of the path: a 404 when it is not a live creator of the
// workspace (before anything of the request is read).
func (h *handler) messageCreator(w http.ResponseWriter, r *http.Request) (store.PlatformCreator, bool) {
	id, err := strconv.ParseInt(r.PathValue("creator"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return store.PlatformCreator{}, false
	}
	found, err := h.store.PlatformCreators(r.Context(), current(r).workspace.ID, []int64{id})
	if err != nil {
		h.serverError(w, r, err)
		return store.PlatformCreator{}, false
	}
	if len(found) == 0 || found[0].Merged {
		h.notFound(w, r)
		return store.PlatformCreator{}, false
	}
	return found[0], true
}

// renderCreatorMessage fills page for creator pc and renders it with status.
func (h *handler) renderCreatorMessage(w http.ResponseWriter, r *http.Request, status int, pc store.PlatformCreator, conn int64, page *creatorMessagePage) {
	st := current(r)
	ws := st.workspace
	ctx := r.Context()
	page.basePage = basePage{Title: "Message @" + pc.Handle + " — " + ws.Name}
	page.Workspace, page.Creator, page.CanSend = ws, pc, st.can(access.RunOutreach)
	page.CreatorURL = wsURL(ws, "creators/"+fmtID(pc.CreatorID))
	if pc.Stage.Blocked() {
		page.Blocked = pc.Stage.Label()
	}
	var err error
	if page.Connections, err = h.connectionChoices(ctx, ws, conn); err != nil {
		h.serverError(w, r, err)
		return
	}
	// Without a connected shop the invitation form could only say "connect a shop first", as
	// this page already does.
	if st.can(access.ManageAffiliate) && len(page.Connections) > 0 {
		page.InviteURL = wsURL(ws, "collaborations/new") + "?creator=" + fmtID(pc.CreatorID)
	}
	for _, k := range platformsync.MessageKinds {
		page.Kinds = append(page.Kinds, messageKind{Value: k.Value, Label: k.Label, Checked: k.Value == page.Form.Kind})
	}
	if page.Products, err = h.store.ProductChoices(ctx, ws.ID, maxProductChoices); err != nil {
		h.serverError(w, r, err)
		return
	}
	cs, _, err := h.store.Collaborations(ctx, ws.ID, store.CollaborationFilter{Kind: store.CollaborationTarget, Limit: 100})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page.Collaborations = collabRows(ws, cs)
	sent, err := h.store.CreatorMessages(ctx, ws.ID, pc.CreatorID, 20)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, e := range sent {
		page.Sent = append(page.Sent, sentRow{When: e.At.In(ws.Location()).Format("2 Jan 2006 15:04"), Who: e.Actor, Body: e.Body})
	}
	h.render(w, r, status, "creator_message_page", page)
}
