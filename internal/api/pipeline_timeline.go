package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// TimelineEntry is one entry of a creator's timeline.
type TimelineEntry struct {
	Kind      string         `json:"kind" doc:"stage, tier, owner, tags, note, task, merge, unmerge, profile, message, sample, or order" example:"stage"`
	At        time.Time      `json:"at"`
	ID        int64          `json:"id,omitempty" doc:"The event's id (0 for orders, which are read from the order lines)"`
	CreatorID int64          `json:"creator_id" doc:"The creator it happened to: another id for a creator merged into this one"`
	Handle    string         `json:"handle"`
	Actor     string         `json:"actor" doc:"Who: a member's email, a token, or automation"`
	From      string         `json:"from" doc:"The value before (stage, tier, owner…)"`
	To        string         `json:"to"`
	Body      string         `json:"body" doc:"A note, a reason, a task's title, the fields a profile change touched"`
	RefID     *int64         `json:"ref_id" doc:"The task or merge the entry is about"`
	Order     *TimelineOrder `json:"order,omitempty" doc:"For kind order: the order's lines added up"`
}

// TimelineOrder is one order of a creator on its timeline.
type TimelineOrder struct {
	OrderID string `json:"order_id" example:"576684019603000065"`
	Shop    string `json:"shop" doc:"Shop slug"`
	Items   int64  `json:"items" doc:"Units over the order's lines"`
	Lines   int    `json:"lines"`
	Payment Money  `json:"payment"`
	Status  string `json:"status" doc:"The lines' status, or mixed"`
}

func timelineOut(e *store.TimelineEntry) TimelineEntry {
	out := TimelineEntry{Kind: e.Kind, At: e.At, ID: e.ID, CreatorID: e.CreatorID, Handle: e.Handle, Actor: e.Actor, From: e.From,
		To: e.To, Body: e.Body, RefID: e.RefID}
	if o := e.Order; o != nil {
		out.Order = &TimelineOrder{OrderID: o.OrderID, Shop: o.ShopSlug, Items: o.Items, Lines: o.Lines,
			Payment: moneyOf(o.Payment, o.Currency), Status: o.Status}
	}
	return out
}

type timelineInput struct {
	WS      string   `path:"ws" doc:"Workspace slug"`
	Creator string   `path:"creator" doc:"Creator id"`
	Kind    []string `query:"kind" doc:"Only entries of these kinds (repeat, or comma-separate)"`
	Filter  string   `query:"filter" enum:"all,notes,messages,orders" required:"false" doc:"A group of kinds, as the creator page's timeline tabs: notes (notes and changes: note, stage, tier, owner, tags, task, merge, unmerge, profile, sample), messages (message, invite) or orders. With kind, only the kinds in both."`
	PageParams
}

type timelineOutput struct {
	Body struct {
		Items      []TimelineEntry `json:"items"`
		NextCursor string          `json:"next_cursor" doc:"Pass as cursor for the next (older) page; empty on the last page"`
	}
}

type createNoteInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator string `path:"creator" doc:"Creator id"`
	Body    struct {
		Body string `json:"body" required:"false" doc:"The note, up to 5,000 characters" example:"Prefers Discord; ships from Jakarta."`
	}
}

type noteOutput struct{ Body TimelineEntry }

func registerPipelineTimeline(a *API) {
	tags := []string{"Pipeline"}
	base := Prefix + "/workspaces/{ws}/creators/{creator}"
	register(a, huma.Operation{OperationID: "get-creator-timeline", Method: http.MethodGet, Path: base + "/timeline",
		Summary: "Read a creator's timeline", Tags: tags,
		Description: "Newest first: stage, tier, owner, tag and profile changes, notes, tasks, merges, messages, and the creator's orders " +
			"(one entry per order). Entries of creators merged into this one are included. filter narrows it as the creator page's tabs do."}, access.ViewData, a.getTimeline)
	register(a, huma.Operation{OperationID: "list-creator-notes", Method: http.MethodGet, Path: base + "/notes",
		Summary: "List a creator's notes", Tags: tags, Description: "Newest first."}, access.ViewData, a.listNotes)
	register(a, huma.Operation{OperationID: "create-creator-note", Method: http.MethodPost, Path: base + "/notes",
		Summary: "Add a note to a creator's timeline", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "Notes are append-only."}, access.EditCreators, a.createNote)
}

// timeline pages a creator's timeline for the timeline and notes operations.
func (a *API) timeline(ctx context.Context, rawCreator string, kinds []string, p PageParams) (*timelineOutput, error) {
	st := from(ctx)
	notFound := huma.Error404NotFound(fmt.Sprintf("creator %q not found in this workspace", rawCreator))
	id, err := strconv.ParseInt(rawCreator, 10, 64)
	if err != nil || id <= 0 {
		return nil, notFound
	}
	q := store.TimelineQuery{Limit: p.Limit, Kinds: kinds}
	c, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, err
	}
	if c != "" {
		if q.Before, err = store.ParseTimelineCursor(c); err != nil {
			return nil, huma.Error400BadRequest("cursor " + p.Cursor + " is not a cursor of this timeline")
		}
	}
	entries, next, err := a.Store.CreatorTimeline(ctx, st.workspace.ID, id, q)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	out := &timelineOutput{}
	out.Body.Items = make([]TimelineEntry, 0, len(entries))
	for i := range entries {
		out.Body.Items = append(out.Body.Items, timelineOut(&entries[i]))
	}
	if next != nil {
		out.Body.NextCursor = encodeCursor(next.String())
	}
	return out, nil
}

func (a *API) getTimeline(ctx context.Context, in *timelineInput) (*timelineOutput, error) {
	kinds := splitQuery(in.Kind)
	if group, _ := store.TimelineFilterKinds(in.Filter); group != nil { // the enum has refused other names
		if kinds == nil {
			kinds = group
		} else {
			kinds = slices.DeleteFunc(kinds, func(k string) bool { return !slices.Contains(group, k) })
			if len(kinds) == 0 {
				kinds = []string{} // none in both: nothing, not everything
			}
		}
	}
	return a.timeline(ctx, in.Creator, kinds, in.PageParams)
}

type notesInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator string `path:"creator" doc:"Creator id"`
	PageParams
}

func (a *API) listNotes(ctx context.Context, in *notesInput) (*timelineOutput, error) {
	return a.timeline(ctx, in.Creator, []string{store.EventNote}, in.PageParams)
}

func (a *API) createNote(ctx context.Context, in *createNoteInput) (*noteOutput, error) {
	st := from(ctx)
	p, err := a.liveCreator(ctx, in.Creator)
	if err != nil {
		return nil, err
	}
	ev, err := a.Store.AddNote(ctx, st.principal.Actor(), st.workspace.ID, p.ID, in.Body.Body)
	if err != nil {
		return nil, a.changeProblem(err, "creator")
	}
	return &noteOutput{Body: timelineOut(&store.TimelineEntry{CreatorEvent: *ev, Handle: p.Username})}, nil
}

// splitQuery reads a repeatable query parameter, "a,b" counting as two values.
func splitQuery(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
