package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// collabResultPage is the data of the collaboration_result template: what each call of a
// target collaboration did, when not all of them succeeded.
type collabResultPage struct {
	basePage
	Workspace *model.Workspace
	Name      string
	Chunks    []chunkRow
	Skipped   []platformsync.SkippedCreator
	Created   int
	Failed    int
	ListURL   string
}

type chunkRow struct {
	Part, Of int
	Creators int
	Products int
	Handles  string
	URL      string // the stored collaboration, when created
	Error    string
}

// collaborationCreate creates a target collaboration on TikTok Shop for the posted creators
// and products (platformsync.CreateTargetCollaboration: split into calls of 50 creators × 100
// products). When every call succeeds it redirects to the list; otherwise it shows each
// call's outcome — the ones created are kept and listed.
func (h *handler) collaborationCreate(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	form := collabForm{Name: r.PostForm.Get("name"), Message: r.PostForm.Get("message"), End: r.PostForm.Get("end"),
		Commission: r.PostForm.Get("commission"), ProductIDs: r.PostForm.Get("product_ids"), FreeSample: r.PostForm.Get("free_sample") == "1"}
	var ids []int64
	for _, raw := range r.PostForm["creator"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			h.badRequest(w, r, "creator "+quote(raw)+" is not a creator id.")
			return
		}
		ids = append(ids, id)
	}
	checked := map[string]bool{}
	for _, p := range r.PostForm["product"] {
		checked[p] = true
	}
	conn, ok := formInt64(r, "connection")
	again := func(msg string) {
		h.renderCollabNew(w, r, http.StatusBadRequest, ids, conn, form, checked, msg)
	}
	if !ok {
		again("Shop " + quote(r.PostForm.Get("connection")) + " is not one of the workspace's connections.")
		return
	}
	bp, ok := parsePercentBP(form.Commission)
	if !ok {
		again("Commission " + quote(form.Commission) + " is not a percentage such as 15 or 12.5.")
		return
	}
	in := platformsync.TargetInvite{ConnectionID: conn, Name: form.Name, Message: form.Message, CreatorIDs: ids, FreeSample: form.FreeSample}
	if form.End != "" {
		day, err := time.ParseInLocation("2006-01-02", form.End, ws.Location())
		if err != nil {
			again("End date " + quote(form.End) + " is not a date.")
			return
		}
		in.EndTime = day.AddDate(0, 0, 1).Add(-time.Second) // the end of that day in the workspace's zone
	}
	for _, id := range append(r.PostForm["product"], splitIDs(form.ProductIDs)...) {
		dup := false
		for _, p := range in.Products {
			dup = dup || p.ProductID == id
		}
		if !dup {
			in.Products = append(in.Products, tiktokshop.TargetProduct{ProductID: strings.TrimSpace(id), CommissionRateBP: bp})
		}
	}
	res, err := platformsync.CreateTargetCollaboration(r.Context(), h.store, h.platformClients(), st.principal.Actor(), ws.ID, in)
	if fe, ok := store.AsFieldError(err); ok {
		again(fieldMessage(fe))
		return
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		again("Shop " + quote(r.PostForm.Get("connection")) + " is not one of the workspace's connections.")
		return
	case errors.Is(err, platformsync.ErrNotConfigured):
		h.renderStatus(w, r, http.StatusServiceUnavailable, "TikTok Shop is not configured", err.Error())
		return
	case err != nil:
		h.log.Warn("web: a target collaboration could not be created", "workspace", ws.ID, "err", err)
		h.renderStatus(w, r, http.StatusBadGateway, "TikTok Shop could not be reached", "Nothing was created: "+err.Error())
		return
	}
	if res.Failed == 0 && len(res.Skipped) == 0 {
		invited := 0
		for _, ch := range res.Chunks {
			invited += len(ch.Handles)
		}
		http.Redirect(w, r, wsURL(ws, "collaborations")+"?ok=created&calls="+strconv.Itoa(res.Created)+"&invited="+strconv.Itoa(invited/max(1, countProducts(res))), http.StatusSeeOther)
		return
	}
	page := &collabResultPage{basePage: basePage{Title: "Target collaboration — " + ws.Name}, Workspace: ws, Name: strings.TrimSpace(form.Name),
		Skipped: res.Skipped, Created: res.Created, Failed: res.Failed, ListURL: wsURL(ws, "collaborations")}
	for _, ch := range res.Chunks {
		row := chunkRow{Part: ch.Part, Of: ch.Of, Creators: len(ch.Handles), Products: len(ch.ProductIDs), Handles: handleList(ch.Handles)}
		if ch.CollaborationID != 0 {
			row.URL = wsURL(ws, "collaborations/"+fmtID(ch.CollaborationID))
		}
		if ch.Err != nil {
			row.Error = ch.Err.Error()
		}
		page.Chunks = append(page.Chunks, row)
	}
	status := http.StatusOK
	if res.Created == 0 {
		status = http.StatusBadGateway
	}
	h.render(w, r, status, "collaboration_result", page)
}

// countProducts is how many product batches each creator batch was sent with, so invited
// creators are counted once.
func countProducts(res *platformsync.TargetResult) int {
	batches := map[string]bool{}
	for _, ch := range res.Chunks {
		if len(ch.ProductIDs) > 0 {
			batches[ch.ProductIDs[0]] = true
		}
	}
	return len(batches)
}

// handleList writes a few handles and how many more.
func handleList(hs []string) string {
	var b strings.Builder
	for i, h := range hs {
		if i == 6 {
			b.WriteString(" and " + strconv.Itoa(len(hs)-6) + " more")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("@" + h)
	}
	return b.String()
}

// renderStatus shows the error page with a heading and a message, with status.
func (h *handler) renderStatus(w http.ResponseWriter, r *http.Request, status int, heading, msg string) {
	h.render(w, r, status, "error", &errorPage{basePage: basePage{Title: heading}, Heading: heading, Message: msg})
}
