package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/store"
)

// creatorProfile saves the profile form: contact details, audience and where the creator is.
// Every field of the form is sent; an empty followers field forgets the count.
func (h *handler) creatorProfile(w http.ResponseWriter, r *http.Request) {
	c, ok := h.pathCreator(w, r)
	if !ok {
		return
	}
	st := current(r)
	f := func(name string) *string { v := r.PostFormValue(name); return &v }
	change := store.ProfileChange{DisplayName: f("display_name"), Email: f("email"), Discord: f("discord"),
		Region: f("region"), Language: f("language"), TimeZone: f("time_zone"), Agency: f("agency")}
	verticals := splitList(r.PostFormValue("verticals"))
	change.Verticals = &verticals
	if raw := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("followers"), ",", "")); raw == "" {
		change.ClearFollowers = true
	} else {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			h.refuse(w, r, http.StatusBadRequest, "followers: "+quote(raw)+" is not a whole number.")
			return
		}
		change.Followers = &n
	}
	if _, err := h.store.UpdateProfile(r.Context(), st.principal.Actor(), st.workspace.ID, c.ID, change); err != nil {
		h.changeFailed(w, r, err)
		return
	}
	backTo(w, r, creatorURL(r, c.ID), "profile")
}
