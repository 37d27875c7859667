package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platformsync"
)

// maxProductChoices bounds the product picker; other products are typed by id.
const maxProductChoices = 300

// collabNewPage is the data of the collaboration_new template: the form of a target
// collaboration for chosen creators.
type collabNewPage struct {
	basePage
	Workspace   *model.Workspace
	Connections []connectionChoice
	Creators    []inviteRow
	Invitable   int
	Products    []productPick
	Form        collabForm
	Error       string
	MinEnd      string
	BackURL     string
}

// collabForm is what the form was filled with, to show it again after an error.
type collabForm struct {
	Name, Message, End, Commission, ProductIDs string
	FreeSample                                 bool
}

// inviteRow is a chosen creator and whether they can be invited.
type inviteRow struct {
	ID     int64
	Handle string
	URL    string
	Why    string // why not, "" when they can be
}

// productPick is a product of the picker.
type productPick struct {
	ID, Name, Shop string
	Checked        bool
}

// collaborationNew shows the form of a new target collaboration for the creators given as
// ?creator= (from a creator's page) or posted by the Directory's bulk bar (ticked ids, or all
// matching its filters).
func (h *handler) collaborationNew(w http.ResponseWriter, r *http.Request) {
	var ids []int64
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			h.badRequest(w, r, "The form could not be read.")
			return
		}
		sel, err := h.directorySelection(r)
		var bad dirSelectionError
		if errors.As(err, &bad) {
			h.badRequest(w, r, string(bad))
			return
		}
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		ids = sel
	} else {
		for _, raw := range r.URL.Query()["creator"] {
			id, err := strconv.ParseInt(raw, 10, 64)
			if err != nil || id <= 0 {
				h.badRequest(w, r, "creator "+quote(raw)+" is not a creator id.")
				return
			}
			ids = append(ids, id)
		}
	}
	if len(ids) > platformsync.MaxInviteCreators {
		h.badRequest(w, r, fmt.Sprintf("%d creators are selected: a target collaboration invites at most %d at once. Narrow the selection down.", len(ids), platformsync.MaxInviteCreators))
		return
	}
	end := time.Now().In(current(r).workspace.Location()).AddDate(0, 0, 30).Format("2006-01-02")
	h.renderCollabNew(w, r, http.StatusOK, ids, 0, collabForm{End: end, Commission: "15"}, nil, "")
}

// renderCollabNew renders the form for creators ids with form's values and an error.
func (h *handler) renderCollabNew(w http.ResponseWriter, r *http.Request, status int, ids []int64, conn int64, form collabForm, checked map[string]bool, msg string) {
	st := current(r)
	ws := st.workspace
	ctx := r.Context()
	page := &collabNewPage{basePage: basePage{Title: "New target collaboration — " + ws.Name}, Workspace: ws, Form: form, Error: msg,
		MinEnd: time.Now().In(ws.Location()).AddDate(0, 0, 1).Format("2006-01-02"), BackURL: wsURL(ws, "collaborations")}
	var err error
	if page.Connections, err = h.connectionChoices(ctx, ws, conn); err != nil {
		h.serverError(w, r, err)
		return
	}
	found, err := h.store.PlatformCreators(ctx, ws.ID, ids)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, pc := range found {
		row := inviteRow{ID: pc.CreatorID, Handle: pc.Handle, URL: wsURL(ws, "creators/"+fmtID(pc.CreatorID))}
		switch {
		case pc.Merged:
			row.Why = "merged into another creator"
		case pc.Stage.Blocked():
			row.Why = pc.Stage.Label() + ": no outreach"
		case pc.UserID == "":
			row.Why = "no TikTok user id yet"
		default:
			page.Invitable++
		}
		page.Creators = append(page.Creators, row)
	}
	choices, err := h.store.ProductChoices(ctx, ws.ID, maxProductChoices)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, p := range choices {
		page.Products = append(page.Products, productPick{ID: p.ID, Name: p.Name, Shop: p.Shop, Checked: checked[p.ID]})
	}
	h.render(w, r, status, "collaboration_new", page)
}

// splitIDs reads product ids typed one per line, or separated by commas or spaces.
func splitIDs(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}
