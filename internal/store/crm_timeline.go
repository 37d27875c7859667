package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// EventOrder is the kind of the timeline entries made of a creator's order lines (one per
// order); they are read from the order lines, not stored as events.
const EventOrder = "order"

// Timeline filters: the groups of kinds a timeline can be narrowed to. An active seller's
// timeline is mostly orders, which bury the notes, stage changes and messages a colleague
// reads before writing to the creator.
const (
	TimelineAll      = "all"
	TimelineNotes    = "notes"    // notes and changes: what members and automation did to the record
	TimelineMessages = "messages" // what was sent to the creator: messages and collaboration invites
	TimelineOrders   = "orders"
)

// TimelineFilters are the timeline filters, in the order pages offer them.
var TimelineFilters = []string{TimelineAll, TimelineNotes, TimelineMessages, TimelineOrders}

var timelineFilterKinds = map[string][]string{
	TimelineNotes: {EventNote, EventStage, EventTier, EventOwner, EventTags, EventTask, EventMerge, EventUnmerge,
		EventProfile, EventSample},
	TimelineMessages: {EventMessage, EventInvite},
	TimelineOrders:   {EventOrder},
}

// TimelineFilterKinds returns the kinds of a timeline filter for TimelineQuery.Kinds (nil for
// all, and for ""), and false for a name that is not a filter.
func TimelineFilterKinds(filter string) ([]string, bool) {
	if filter == "" || filter == TimelineAll {
		return nil, true
	}
	kinds, ok := timelineFilterKinds[filter]
	return slices.Clone(kinds), ok
}

// TimelineEntry is one entry of a creator's timeline: a stored event, or one of its orders.
type TimelineEntry struct {
	CreatorEvent
	Handle string         // the creator it happened to: a merged-in creator's handle shows where it came from
	Order  *TimelineOrder // set for Kind EventOrder
}

// TimelineOrder is one order of a creator: its lines added up.
type TimelineOrder struct {
	ShopID   int64
	ShopSlug string
	OrderID  string
	Items    int64 // units over the order's lines
	Lines    int
	Payment  int64 // minor units of Currency
	Currency string
	Status   string // the lines' status, or "mixed"
}

// TimelineCursor is an entry's place on a timeline (newest first: by time, then events before
// orders of the same second, then by id): the next page starts after it.
type TimelineCursor struct {
	At      int64 // Unix seconds
	EventID int64 // set when the entry is an event
	ShopID  int64 // with OrderID, when the entry is an order
	OrderID string
}

// String encodes the cursor ("e.<at>.<id>" or "o.<at>.<shop>.<order>").
func (c TimelineCursor) String() string {
	if c.OrderID != "" {
		return "o." + strconv.FormatInt(c.At, 10) + "." + strconv.FormatInt(c.ShopID, 10) + "." + c.OrderID
	}
	return "e." + strconv.FormatInt(c.At, 10) + "." + strconv.FormatInt(c.EventID, 10)
}

// ParseTimelineCursor reads a cursor written by String.
func ParseTimelineCursor(s string) (*TimelineCursor, error) {
	parts := strings.SplitN(s, ".", 4)
	if len(parts) < 3 {
		return nil, ErrBadCursor
	}
	at, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return nil, ErrBadCursor
	}
	switch {
	case parts[0] == "e" && len(parts) == 3:
		id, err := strconv.ParseInt(parts[2], 10, 64)
		if err != nil {
			return nil, ErrBadCursor
		}
		return &TimelineCursor{At: at, EventID: id}, nil
	case parts[0] == "o" && len(parts) == 4 && parts[3] != "":
		shop, err := strconv.ParseInt(parts[2], 10, 64)
		if err != nil {
			return nil, ErrBadCursor
		}
		return &TimelineCursor{At: at, ShopID: shop, OrderID: parts[3]}, nil
	}
	return nil, ErrBadCursor
}

// Cursor is the entry's place, for the page after it.
func (e *TimelineEntry) Cursor() TimelineCursor {
	if e.Order != nil {
		return TimelineCursor{At: e.At.Unix(), ShopID: e.Order.ShopID, OrderID: e.Order.OrderID}
	}
	return TimelineCursor{At: e.At.Unix(), EventID: e.ID}
}

// TimelineQuery pages a creator's timeline.
type TimelineQuery struct {
	Before *TimelineCursor // nil: the newest entries
	Limit  int             // 0: 30
	Kinds  []string        // only these kinds (EventOrder included); nil: all
}

// CreatorTimeline returns a page of a creator's timeline, newest first, and the cursor of the
// next page (nil on the last): its events and those of the creators merged into it, and its
// orders (read through the creator rollups, day by day, never by scanning the workspace).
func (s *Store) CreatorTimeline(ctx context.Context, workspaceID, creatorID int64, q TimelineQuery) ([]TimelineEntry, *TimelineCursor, error) {
	if q.Limit <= 0 {
		q.Limit = 30
	}
	handles, err := s.timelineCreators(ctx, workspaceID, creatorID)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int64, 0, len(handles))
	for id := range handles {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	want := func(kind string) bool { return q.Kinds == nil || slices.Contains(q.Kinds, kind) }
	var out []TimelineEntry
	if q.Kinds == nil || slices.ContainsFunc(q.Kinds, func(k string) bool { return k != EventOrder }) {
		evs, err := s.timelineEvents(ctx, workspaceID, ids, q)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, evs...)
	}
	if want(EventOrder) {
		for _, id := range ids {
			orders, err := s.timelineOrders(ctx, workspaceID, id, q.Before, q.Limit+1)
			if err != nil {
				return nil, nil, err
			}
			out = append(out, orders...)
		}
	}
	for i := range out {
		out[i].Handle = handles[out[i].CreatorID]
	}
	slices.SortFunc(out, func(a, b TimelineEntry) int { return compareCursors(b.Cursor(), a.Cursor()) })
	if len(out) <= q.Limit {
		return out, nil, nil
	}
	out = out[:q.Limit]
	next := out[len(out)-1].Cursor()
	return out, &next, nil
}

// compareCursors orders places on a timeline, oldest first: by time, then orders before events
// (so newest first shows a second's events before its orders), then by id.
func compareCursors(a, b TimelineCursor) int {
	if c := cmp.Compare(a.At, b.At); c != 0 {
		return c
	}
	ao, bo := a.OrderID != "", b.OrderID != ""
	switch {
	case ao && !bo:
		return -1
	case !ao && bo:
		return 1
	case ao:
		return cmp.Or(cmp.Compare(a.ShopID, b.ShopID), cmp.Compare(a.OrderID, b.OrderID))
	}
	return cmp.Compare(a.EventID, b.EventID)
}

// timelineCreators returns the creator and the creators merged into it, with their handles;
// ErrNotFound when the creator is not the workspace's.
func (s *Store) timelineCreators(ctx context.Context, workspaceID, creatorID int64) (map[int64]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, username FROM creators WHERE workspace_id = $1 AND (id = $2 OR merged_into = $2)`,
		workspaceID, creatorID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the timeline of creator %d: %w", creatorID, err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var h string
		if err := rows.Scan(&id, &h); err != nil {
			return nil, fmt.Errorf("store: unable to read the timeline of creator %d: %w", creatorID, err)
		}
		out[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read the timeline of creator %d: %w", creatorID, err)
	}
	if _, ok := out[creatorID]; !ok {
		return nil, ErrNotFound
	}
	return out, nil
}

// timelineEvents reads up to q.Limit+1 stored events of the creators before the cursor, on the
// creator_events_creator index.
func (s *Store) timelineEvents(ctx context.Context, workspaceID int64, ids []int64, q TimelineQuery) ([]TimelineEntry, error) {
	in, inArgs := s.int64In("creator_id", 2, ids)
	args := append([]any{workspaceID}, inArgs...)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	where := "workspace_id = $1 AND " + in
	if c := q.Before; c != nil {
		if c.OrderID != "" { // every event of that second came before the order
			where += " AND at < " + arg(c.At)
		} else {
			at := arg(c.At)
			where += " AND (at < " + at + " OR (at = " + at + " AND id < " + arg(c.EventID) + "))"
		}
	}
	var kinds []string
	for _, k := range q.Kinds {
		if k != EventOrder {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) > 0 {
		kin, kargs := s.inClause("kind", len(args)+1, kinds)
		where += " AND " + kin
		args = append(args, kargs...)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, creator_id, kind, at, actor, user_id, from_value, to_value, body, ref_id
		FROM creator_events WHERE `+where+` ORDER BY at DESC, id DESC LIMIT `+arg(q.Limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read a timeline: %w", err)
	}
	defer rows.Close()
	var out []TimelineEntry
	for rows.Next() {
		var e TimelineEntry
		var at int64
		var user, ref sql.NullInt64
		if err := rows.Scan(&e.ID, &e.CreatorID, &e.Kind, &at, &e.Actor, &user, &e.From, &e.To, &e.Body, &ref); err != nil {
			return nil, fmt.Errorf("store: unable to read a timeline: %w", err)
		}
		e.At, e.UserID, e.RefID = time.Unix(at, 0).UTC(), optInt(user), optInt(ref)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read a timeline: %w", err)
	}
	return out, nil
}

// timelineOrders reads up to n orders of one creator before the cursor, newest first. Lines
// come through OrderLines, which walks the creator's days from its rollups; an order's lines
// share their creation time, so they arrive together and are added up here.
func (s *Store) timelineOrders(ctx context.Context, workspaceID, creatorID int64, before *TimelineCursor, n int) ([]TimelineEntry, error) {
	q := OrderQuery{CreatorID: creatorID, Limit: 200}
	if before != nil {
		q.To = time.Unix(before.At+1, 0) // the cursor's second, filtered below
	}
	var out []TimelineEntry
	index := map[string]int{}
	for {
		lines, more, err := s.OrderLines(ctx, workspaceID, q)
		if err != nil {
			return nil, err
		}
		for i := range lines {
			l := &lines[i]
			at := l.CreatedAt.Unix()
			if before != nil && at == before.At && before.OrderID != "" &&
				compareCursors(TimelineCursor{At: at, ShopID: l.ShopID, OrderID: l.OrderID}, *before) >= 0 {
				continue
			}
			key := strconv.FormatInt(at, 10) + "." + strconv.FormatInt(l.ShopID, 10) + "." + l.OrderID
			j, ok := index[key]
			if !ok {
				if len(out) == n { // the page is full and this order is not on it
					return out, nil
				}
				j = len(out)
				index[key] = j
				out = append(out, TimelineEntry{CreatorEvent: CreatorEvent{CreatorID: creatorID, Kind: EventOrder, At: l.CreatedAt},
					Order: &TimelineOrder{ShopID: l.ShopID, ShopSlug: l.ShopSlug, OrderID: l.OrderID, Currency: l.Currency, Status: l.Status}})
			}
			o := out[j].Order
			o.Items += l.Quantity
			o.Payment += l.Payment
			o.Lines++
			if o.Status != l.Status {
				o.Status = "mixed"
			}
		}
		if !more {
			return out, nil
		}
		k := lines[len(lines)-1].Key()
		q.After = &k
	}
}
