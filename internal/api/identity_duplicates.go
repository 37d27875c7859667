package api

import (
	"context"
	"errors"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// DuplicateCreator is one side of a duplicate pair.
type DuplicateCreator struct {
	ID          int64    `json:"id"`
	Username    string   `json:"username"`
	DisplayName string   `json:"display_name"`
	Email       string   `json:"email"`
	Stage       string   `json:"stage"`
	Owner       string   `json:"owner" doc:"The owner's email; empty when nobody owns the creator"`
	Accounts    []string `json:"accounts" doc:"Platform accounts, as \"platform @handle\""`
}

// DuplicateReason is why a pair is offered.
type DuplicateReason struct {
	Kind   string `json:"kind" enum:"email,handle,name,similar"`
	Detail string `json:"detail" doc:"What the two share" example:"anna@example.com"`
}

// FieldDifference is a field the two creators of a pair hold differently.
type FieldDifference struct {
	Field string `json:"field" example:"Region"`
	A     string `json:"a"`
	B     string `json:"b"`
}

// DuplicatePair is two creators that may be one person.
type DuplicatePair struct {
	A           DuplicateCreator  `json:"a" doc:"The creator with the smaller id"`
	B           DuplicateCreator  `json:"b"`
	Reasons     []DuplicateReason `json:"reasons" doc:"Strongest first"`
	Differences []FieldDifference `json:"differences"`
}

func duplicateCreatorOut(c *store.DuplicateSide) DuplicateCreator {
	return DuplicateCreator{ID: c.ID, Username: c.Username, DisplayName: c.DisplayName, Email: c.Email,
		Stage: string(c.Stage), Owner: c.OwnerEmail, Accounts: append([]string{}, c.Accounts...)}
}

type duplicatesInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
	PageParams
}

type duplicatesOutput struct {
	Body struct {
		Items      []DuplicatePair `json:"items"`
		Total      int             `json:"total" doc:"Pairs in all"`
		NextCursor string          `json:"next_cursor,omitempty" doc:"Pass as cursor for the next page; absent on the last"`
	}
}

func (a *API) listDuplicates(ctx context.Context, in *duplicatesInput) (*duplicatesOutput, error) {
	st := from(ctx)
	cur, err := decodeIDCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	offset := int(cur)
	page, err := a.Store.DuplicateCandidates(ctx, st.workspace.ID, offset, in.Limit)
	if err != nil {
		return nil, a.fail(err, "duplicates")
	}
	out := &duplicatesOutput{}
	out.Body.Items, out.Body.Total = []DuplicatePair{}, page.Total
	for _, p := range page.Pairs {
		item := DuplicatePair{A: duplicateCreatorOut(p.A), B: duplicateCreatorOut(p.B),
			Reasons: []DuplicateReason{}, Differences: []FieldDifference{}}
		for _, r := range p.Reasons {
			item.Reasons = append(item.Reasons, DuplicateReason{Kind: r.Kind, Detail: r.Detail})
		}
		for _, d := range p.Differences() {
			item.Differences = append(item.Differences, FieldDifference{Field: d.Field, A: d.A, B: d.B})
		}
		out.Body.Items = append(out.Body.Items, item)
	}
	if next := offset + in.Limit; next < page.Total {
		out.Body.NextCursor = encodeCursor(strconv.Itoa(next))
	}
	return out, nil
}

type dismissInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		CreatorIDs []int64 `json:"creator_ids" doc:"The two creators that are not the same person" minItems:"2" maxItems:"2"`
	}
}

func (a *API) dismissDuplicate(ctx context.Context, in *dismissInput) (*struct{}, error) {
	st := from(ctx)
	ids := in.Body.CreatorIDs
	err := a.Store.DismissDuplicate(ctx, st.principal.Actor(), st.workspace.ID, ids[0], ids[1])
	if errors.Is(err, store.ErrSameCreator) {
		return nil, invalid("body.creator_ids", ids, "names one creator twice: send two different creators")
	}
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	return &struct{}{}, nil
}
