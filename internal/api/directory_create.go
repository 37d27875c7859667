package api

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

type createCreatorInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		Handle      string   `json:"handle" maxLength:"61" doc:"The TikTok handle, with or without @" example:"@pixiemint"`
		DisplayName string   `json:"display_name,omitempty" maxLength:"200"`
		Email       string   `json:"email,omitempty" maxLength:"200"`
		Discord     string   `json:"discord,omitempty" maxLength:"200"`
		Followers   *int64   `json:"followers,omitempty" minimum:"0"`
		Verticals   []string `json:"verticals,omitempty" maxItems:"20"`
		Region      string   `json:"region,omitempty" maxLength:"10"`
		Language    string   `json:"language,omitempty" maxLength:"20"`
		TimeZone    string   `json:"time_zone,omitempty" maxLength:"64" doc:"An IANA zone such as Asia/Manila"`
		Agency      string   `json:"agency,omitempty" maxLength:"200"`
		Tags        []string `json:"tags,omitempty" maxItems:"50" doc:"Stored lowercase, spaces as dashes; each at most 60 characters"`
		OwnerID     int64    `json:"owner_id,omitempty" doc:"A member's user id; 0 for nobody"`
		Stage       string   `json:"stage,omitempty" doc:"Where the creator starts (default prospect; not do_not_contact or banned)"`
	}
}

func (a *API) createCreator(ctx context.Context, in *createCreatorInput) (*directoryCreatorOutput, error) {
	st := from(ctx)
	b := in.Body
	handle := model.CanonicalHandle(b.Handle)
	if handle == "" || strings.ContainsAny(handle, " \t/|") {
		return nil, huma.Error400BadRequest(fmt.Sprintf("handle %q is not a handle", b.Handle))
	}
	nc := store.NewCreator{Username: handle, DisplayName: strings.TrimSpace(b.DisplayName), Discord: strings.TrimSpace(b.Discord),
		Followers: b.Followers, Verticals: b.Verticals, Region: strings.ToUpper(strings.TrimSpace(b.Region)),
		Language: strings.ToLower(strings.TrimSpace(b.Language)), TimeZone: strings.TrimSpace(b.TimeZone),
		Agency: strings.TrimSpace(b.Agency), Tags: b.Tags}
	if err := store.CheckTags("body.tags", b.Tags); err != nil {
		return nil, tagInvalid(err)
	}
	if e := strings.TrimSpace(b.Email); e != "" {
		if addr, err := mail.ParseAddress(e); err != nil || addr.Address != e {
			return nil, huma.Error400BadRequest(fmt.Sprintf("email %q is not an email address", e))
		}
		nc.Email = e
	}
	if nc.TimeZone != "" {
		if _, err := time.LoadLocation(nc.TimeZone); err != nil || nc.TimeZone == "Local" {
			return nil, huma.Error400BadRequest(fmt.Sprintf("time_zone %q is not a time zone like Asia/Manila", nc.TimeZone))
		}
	}
	if b.Stage != "" {
		s, ok := model.ParseStage(b.Stage)
		if !ok || s.Blocked() {
			return nil, huma.Error400BadRequest(fmt.Sprintf("stage %q is not a stage a new creator can start in", b.Stage))
		}
		nc.Stage = s
	}
	if b.OwnerID != 0 {
		if b.OwnerID != viewerID(st.principal) && !access.Can(st.role, access.ManageCreators) {
			return nil, huma.Error403Forbidden("owner_id: without creators.manage you can assign a new creator to yourself or to nobody")
		}
		id := b.OwnerID
		nc.OwnerID = &id
	}
	id, err := a.Store.AddCreator(ctx, st.principal.Actor(), st.workspace.ID, nc)
	switch {
	case errors.Is(err, store.ErrCreatorExists):
		return nil, huma.Error409Conflict(fmt.Sprintf("handle @%s: the workspace already has that creator", handle))
	case errors.Is(err, store.ErrNotFound):
		return nil, huma.Error400BadRequest(fmt.Sprintf("owner_id %d is not a member of this workspace", b.OwnerID))
	case err != nil:
		return nil, a.fail(err, "creator")
	}
	p, err := a.Store.CRMProfile(ctx, st.workspace.ID, id)
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	return &directoryCreatorOutput{Body: directoryCreatorOut(p)}, nil
}
