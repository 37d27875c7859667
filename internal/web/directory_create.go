package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// directoryCreate adds a creator by hand. A bad field re-renders the form as typed with a
// message naming it, and nothing is written; a handle the workspace has links to that creator.
func (h *handler) directoryCreate(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	v := r.PostForm
	f := dirCreatorForm{Handle: v.Get("handle"), DisplayName: v.Get("display_name"), Email: v.Get("email"),
		Discord: v.Get("discord"), Followers: v.Get("followers"), Verticals: v.Get("verticals"), Region: v.Get("region"),
		Language: v.Get("language"), TimeZone: v.Get("time_zone"), Agency: v.Get("agency"), Tags: v.Get("tags"),
		Owner: v.Get("owner"), Stage: v.Get("stage")}
	page, err := h.newCreatorPage(r, f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	in, field, msg := h.readNewCreator(r, f, page.CanManage)
	if msg == "" {
		var id int64
		id, err = h.store.AddCreator(r.Context(), st.principal.Actor(), ws.ID, in)
		switch {
		case errors.Is(err, store.ErrCreatorExists):
			field, msg = "handle", fmt.Sprintf("handle @%s: this workspace already has that creator.", model.CanonicalHandle(f.Handle))
			if c, err := h.store.CreatorByHandle(r.Context(), ws.ID, dirPlatform(in.Platform), model.CanonicalHandle(f.Handle)); err == nil {
				page.ExistsURL = wsURL(ws, "creators/"+strconv.FormatInt(c.ID, 10))
			}
			page.Error, page.Field = msg, field
			h.render(w, r, http.StatusConflict, "directory_new", page)
			return
		case errors.Is(err, store.ErrNotFound):
			field, msg = "owner", "owner: that person is not a member of this workspace."
		case err != nil:
			h.serverError(w, r, err)
			return
		default:
			http.Redirect(w, r, wsURL(ws, "creators/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
			return
		}
	}
	page.Error, page.Field = msg, field
	h.render(w, r, http.StatusBadRequest, "directory_new", page)
}

func dirPlatform(p string) string {
	if p == "" {
		return store.AccountPlatform(model.PlatformTikTokShop)
	}
	return p
}

// readNewCreator checks the form; field and msg name the first problem.
func (h *handler) readNewCreator(r *http.Request, f dirCreatorForm, canManage bool) (in store.NewCreator, field, msg string) {
	st := current(r)
	handle := model.CanonicalHandle(f.Handle)
	switch {
	case handle == "":
		return in, "handle", "handle is required: the creator's TikTok handle, like @pixiemint."
	case utf8.RuneCountInString(handle) > 60 || strings.ContainsAny(handle, " \t/|"):
		return in, "handle", fmt.Sprintf("handle %q is not a handle: no spaces, at most 60 characters.", f.Handle)
	}
	in = store.NewCreator{Username: handle, DisplayName: strings.TrimSpace(f.DisplayName), Discord: strings.TrimSpace(f.Discord),
		Region: strings.ToUpper(strings.TrimSpace(f.Region)), Language: strings.ToLower(strings.TrimSpace(f.Language)),
		TimeZone: strings.TrimSpace(f.TimeZone), Agency: strings.TrimSpace(f.Agency),
		Verticals: dirSplitList(f.Verticals), Tags: dirSplitList(f.Tags)}
	if msg := tagProblem("tags", in.Tags); msg != "" {
		return in, "tags", msg
	}
	for name, val := range map[string]string{"display_name": in.DisplayName, "discord": in.Discord, "agency": in.Agency} {
		if utf8.RuneCountInString(val) > 200 {
			return in, name, name + " is longer than 200 characters."
		}
	}
	if e := strings.TrimSpace(f.Email); e != "" {
		a, err := mail.ParseAddress(e)
		if err != nil || a.Address != e {
			return in, "email", fmt.Sprintf("email %q is not an email address.", e)
		}
		in.Email = e
	}
	if s := strings.TrimSpace(f.Followers); s != "" {
		p := &dirParser{v: map[string][]string{"followers": {s}}}
		if in.Followers = p.count("followers"); p.err != "" {
			return in, "followers", p.err
		}
	}
	if in.TimeZone != "" && !dirValidZone(in.TimeZone) {
		return in, "time_zone", fmt.Sprintf("time_zone %q is not a time zone like Asia/Manila.", in.TimeZone)
	}
	if f.Stage != "" {
		stage, ok := model.ParseStage(f.Stage)
		if !ok || stage.Blocked() {
			return in, "stage", fmt.Sprintf("stage %q is not a stage a new creator can start in.", f.Stage)
		}
		in.Stage = stage
	}
	switch o := strings.TrimSpace(f.Owner); o {
	case "", "none":
	case "me":
		if st.principal.User != nil {
			id := st.principal.User.ID
			in.OwnerID = &id
		}
	default:
		id, err := strconv.ParseInt(o, 10, 64)
		if err != nil || id <= 0 {
			return in, "owner", fmt.Sprintf("owner %q is not a member.", o)
		}
		self := st.principal.User != nil && st.principal.User.ID == id
		if !canManage && !self {
			return in, "owner", "owner: you may assign a new creator to yourself or to nobody; a manager assigns to others."
		}
		in.OwnerID = &id
	}
	return in, "", ""
}

// dirSplitList reads a comma-separated list.
func dirSplitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func dirValidZone(z string) bool {
	_, err := time.LoadLocation(z)
	return err == nil && z != "Local"
}
