package api

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/store"
)

// Outreach operations (issue 6): templates, sequences and their steps, enrollments, results,
// quotas and suppressions. Reading needs data.view; templates, sequences and enrollments need
// outreach.run; lifting a suppression needs outreach.configure. Objects of another workspace
// are 404 whatever the body says: bodies are checked after the object is found.

// outreachPath is the prefix of the outreach operations.
const outreachPath = Prefix + "/workspaces/{ws}/outreach"

var outreachTags = []string{"Outreach"}

// pathObjectID reads the id of a path parameter; a bad one is the same 404 as a missing object.
func pathObjectID(raw, what string) (int64, error) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, huma.Error404NotFound(fmt.Sprintf("%s %q not found in this workspace", what, raw))
	}
	return id, nil
}

// found maps a store lookup's error: ErrNotFound is the 404 of what.
func (a *API) found(err error, what, raw string) error {
	if errors.Is(err, store.ErrNotFound) {
		return huma.Error404NotFound(fmt.Sprintf("%s %q not found in this workspace", what, raw))
	}
	return a.fail(err, what)
}

// outreachProblem turns a store refusal into a 422 naming the field, anything else into a
// 404 or 500.
func (a *API) outreachProblem(err error, what string) error {
	if fe, ok := store.AsFieldError(err); ok {
		return invalid("body."+fe.Field, fe.Value, fe.Reason)
	}
	return a.fail(err, what)
}

func (a *API) pathSequence(ctx context.Context, raw string) (*store.Sequence, error) {
	id, err := pathObjectID(raw, "sequence")
	if err != nil {
		return nil, err
	}
	q, err := a.Store.Sequence(ctx, from(ctx).workspace.ID, id)
	if err != nil {
		return nil, a.found(err, "sequence", raw)
	}
	return q, nil
}

func (a *API) pathTemplate(ctx context.Context, raw string) (*store.OutreachTemplate, error) {
	id, err := pathObjectID(raw, "template")
	if err != nil {
		return nil, err
	}
	t, err := a.Store.Template(ctx, from(ctx).workspace.ID, id)
	if err != nil {
		return nil, a.found(err, "template", raw)
	}
	return t, nil
}

// offsetPage pages a list held in memory: the cursor is the offset of the next item.
func offsetPage(cursor string, limit, total int) (from, to int, next string, err error) {
	off, err := decodeIDCursor(cursor)
	if err != nil {
		return 0, 0, "", err
	}
	from = min(int(off), total)
	to = min(from+limit, total)
	if to < total {
		next = encodeCursor(strconv.Itoa(to))
	}
	return from, to, next, nil
}

// clockText writes minutes of the day as 09:00; parseClockText reads it back.
func clockText(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func parseClockText(s string) (int, bool) {
	hh, mm, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 || len(mm) != 2 {
		return 0, false
	}
	return h*60 + m, true
}
