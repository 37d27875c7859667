package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ProfileChange is an edit of a creator's contact details and profile. A nil field is left as
// it is; Followers set to a nil *int64 inside ClearFollowers clears the count.
type ProfileChange struct {
	DisplayName    *string
	Email          *string
	Discord        *string
	Followers      *int64
	ClearFollowers bool // forget the follower count (Followers must be nil)
	Verticals      *[]string
	Region         *string
	Language       *string
	TimeZone       *string
	Agency         *string
}

// profileField is one editable column: its form/JSON name, its column and its value now.
type profileField struct {
	name, column string
	before, next any
}

// check normalizes the change and refuses bad values, naming the field.
func (c *ProfileChange) check() error {
	trim := func(p *string, field string, max int) error {
		if p == nil {
			return nil
		}
		*p = strings.TrimSpace(*p)
		if utf8.RuneCountInString(*p) > max {
			return &FieldError{Field: field, Value: *p, Reason: fmt.Sprintf("is longer than %d characters", max)}
		}
		return nil
	}
	for _, f := range []struct {
		p     *string
		field string
		max   int
	}{{c.DisplayName, "display_name", 120}, {c.Email, "email", 254}, {c.Discord, "discord", 64}, {c.Region, "region", 64},
		{c.Language, "language", 35}, {c.TimeZone, "time_zone", 64}, {c.Agency, "agency", 120}} {
		if err := trim(f.p, f.field, f.max); err != nil {
			return err
		}
	}
	if c.Email != nil && *c.Email != "" {
		a, err := mail.ParseAddress(*c.Email)
		if err != nil || a.Address != *c.Email || !strings.Contains(a.Address[strings.LastIndexByte(a.Address, '@')+1:], ".") {
			return &FieldError{Field: "email", Value: *c.Email, Reason: "is not an email address (name@example.com)"}
		}
	}
	if c.TimeZone != nil && *c.TimeZone != "" {
		if _, err := time.LoadLocation(*c.TimeZone); err != nil || *c.TimeZone == "Local" {
			return &FieldError{Field: "time_zone", Value: *c.TimeZone, Reason: "is not a time zone name (like Asia/Jakarta or America/New_York)"}
		}
	}
	if c.Followers != nil && *c.Followers < 0 {
		return &FieldError{Field: "followers", Value: strconv.FormatInt(*c.Followers, 10), Reason: "is below zero"}
	}
	if c.Verticals != nil {
		var vs []string
		for _, v := range *c.Verticals {
			if v = strings.TrimSpace(strings.ReplaceAll(v, "|", "")); v != "" && !slices.Contains(vs, v) {
				if utf8.RuneCountInString(v) > 60 {
					return &FieldError{Field: "verticals", Value: v, Reason: "is longer than 60 characters"}
				}
				vs = append(vs, v)
			}
		}
		*c.Verticals = vs
	}
	return nil
}

// UpdateProfile changes a live creator's profile fields, writes one "profile" timeline event
// naming the fields changed, and audits before and after. It returns the names of the fields
// that changed (none: nothing written).
func (s *Store) UpdateProfile(ctx context.Context, a Actor, workspaceID, creatorID int64, c ProfileChange) ([]string, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	var changed []string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var cur struct {
			display, email, discord, verticals, region, language, tz, agency, handle string
			followers                                                                sql.NullInt64
		}
		err := tx.QueryRowContext(ctx, `SELECT username, display_name, email, discord, followers, verticals, region, language,
			time_zone, agency FROM creators WHERE workspace_id = $1 AND id = $2 AND merged_into IS NULL`, workspaceID, creatorID).Scan(
			&cur.handle, &cur.display, &cur.email, &cur.discord, &cur.followers, &cur.verticals, &cur.region, &cur.language, &cur.tz, &cur.agency)
		if err == sql.ErrNoRows {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: unable to read creator %d: %w", creatorID, err)
		}
		var fields []profileField
		str := func(name, column string, p *string, before string) {
			if p != nil && *p != before {
				fields = append(fields, profileField{name, column, before, *p})
			}
		}
		str("display_name", "display_name", c.DisplayName, cur.display)
		str("email", "email", c.Email, cur.email)
		str("discord", "discord", c.Discord, cur.discord)
		str("region", "region", c.Region, cur.region)
		str("language", "language", c.Language, cur.language)
		str("time_zone", "time_zone", c.TimeZone, cur.tz)
		str("agency", "agency", c.Agency, cur.agency)
		before := optInt(cur.followers)
		switch {
		case c.Followers != nil && (before == nil || *before != *c.Followers):
			fields = append(fields, profileField{"followers", "followers", optIntValue(before), *c.Followers})
		case c.ClearFollowers && before != nil:
			fields = append(fields, profileField{"followers", "followers", *before, nil})
		}
		if c.Verticals != nil {
			if next := EncodeList(*c.Verticals); next != cur.verticals {
				fields = append(fields, profileField{"verticals", "verticals", DecodeList(cur.verticals), next})
				category := ""
				if len(*c.Verticals) > 0 {
					category = (*c.Verticals)[0]
				}
				fields = append(fields, profileField{"", "category", nil, category})
			}
		}
		if len(fields) == 0 {
			return nil
		}
		t := time.Now().UTC()
		sets := make([]string, 0, len(fields)+1)
		args := []any{}
		beforeMap, afterMap := map[string]any{}, map[string]any{}
		for _, f := range fields {
			args = append(args, f.next)
			sets = append(sets, f.column+" = $"+strconv.Itoa(len(args)))
			if f.name == "verticals" {
				f.next = *c.Verticals
			}
			if f.name != "" {
				changed = append(changed, f.name)
				beforeMap[f.name], afterMap[f.name] = f.before, f.next
			}
		}
		args = append(args, t.Unix(), workspaceID, creatorID)
		n := len(args)
		sets = append(sets, "updated_at = $"+strconv.Itoa(n-2))
		if _, err := tx.ExecContext(ctx, `UPDATE creators SET `+strings.Join(sets, ", ")+` WHERE workspace_id = $`+
			strconv.Itoa(n-1)+` AND id = $`+strconv.Itoa(n), args...); err != nil {
			return fmt.Errorf("store: unable to change creator %d: %w", creatorID, err)
		}
		labels := make([]string, len(changed))
		for i, f := range changed {
			labels[i] = strings.ReplaceAll(f, "_", " ")
		}
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, []CreatorEvent{{CreatorID: creatorID, Kind: EventProfile, At: t,
			Actor: a.Label, UserID: actorUserID(a), Body: strings.Join(labels, ", ")}}); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.profile", ObjectType: "creator",
			ObjectID: strconv.FormatInt(creatorID, 10), Summary: "Changed the " + strings.Join(labels, ", ") + " of @" + cur.handle,
			Before: beforeMap, After: afterMap})
	})
	return changed, err
}
