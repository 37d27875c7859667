package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// KindCreators names creator-list imports.
const KindCreators = "creators"

// CreatorListOptions say how to read a creator list.
type CreatorListOptions struct {
	Platform string // whose handles the list holds: "tiktok" unless said
	Currency string // of its GMV column: USD unless said
	Locale   string // its number format: the currency's usual one unless said
	// Mapping overrides how columns are read: header → field key (CreatorFieldKeys) or
	// "ignore". Columns it does not name are found by their header.
	Mapping map[string]string
	Options
}

// CreatorRowParser reads rows of a creator list.
type CreatorRowParser struct {
	cols     ColumnMap
	currency intl.Currency
	locale   intl.Locale
	owners   map[string]int64 // member email → user id
}

// NewCreatorRowParser maps a creator list's header by its column names.
func NewCreatorRowParser(header []string, currency, locale string) (*CreatorRowParser, error) {
	return NewMappedCreatorRowParser(header, nil, currency, locale, nil)
}

// NewMappedCreatorRowParser maps a creator list's header with overrides (see
// CreatorListOptions.Mapping); owners are the workspace's members by email, for an owner column.
func NewMappedCreatorRowParser(header []string, overrides map[string]string, currency, locale string, owners map[string]int64) (*CreatorRowParser, error) {
	cols, err := MapCreatorColumns(header, overrides)
	if err != nil {
		return nil, err
	}
	if missing := cols.Missing(requiredCreatorFields, creatorAliases); len(missing) > 0 {
		return nil, &HeaderError{Missing: missing, Header: header}
	}
	cur, ok := intl.LookupCurrency(currency)
	if !ok {
		return nil, fmt.Errorf("%q is not a currency creatorops knows", currency)
	}
	loc, ok := intl.LookupLocale(locale)
	if !ok {
		loc = intl.DefaultLocale(cur.Code)
	}
	return &CreatorRowParser{cols: cols, currency: cur, locale: loc, owners: owners}, nil
}

// Columns is how the parser reads the file's columns.
func (p *CreatorRowParser) Columns() ColumnMap { return p.cols }

// splitList splits a cell of several values: "Beauty, Home / Kitchen; Pets | Toys".
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '/' || r == ';' || r == '|' })
}

// stageByName finds a stage by its key or label, case and separators aside ("Do not contact",
// "do-not-contact", "at_risk").
func stageByName(v string) (model.Stage, bool) {
	k := NormalizeHeader(v)
	for _, st := range model.Stages {
		if k == NormalizeHeader(string(st)) || k == NormalizeHeader(st.Label()) {
			return st, true
		}
	}
	return "", false
}

// Parse reads one row of a creator list.
func (p *CreatorRowParser) Parse(row []string) (store.CreatorProfile, *RowError) {
	c := p.cols
	var err *RowError
	fail := func(f Field, v, reason string) {
		if err == nil {
			err = &RowError{Column: c.Name(f), Value: v, Reason: reason}
		}
	}
	text := func(f Field) string { return c.Cell(row, f) }
	number := func(f Field) *int64 {
		v := text(f)
		if v == "" {
			return nil
		}
		n, e := intl.ParseInt(v, p.locale)
		if e != nil {
			fail(f, v, e.Error())
		}
		return &n
	}
	prof := store.CreatorProfile{Handle: model.CanonicalHandle(text(CreatorUsername)), DisplayName: text(CreatorNickname),
		Email: strings.ToLower(text(CreatorEmail)), Region: strings.ToUpper(text(CreatorRegion)),
		Agency: text(CreatorAgency), Currency: p.currency.Code, Discord: text(CreatorDiscord),
		Language: strings.ToLower(text(CreatorLanguage)), ShopeeID: text(CreatorShopeeID)}
	if prof.Handle == "" {
		err = &RowError{Column: c.Name(CreatorUsername), Reason: "is empty"}
	}
	for _, v := range splitList(text(CreatorCategory)) {
		if v = strings.TrimSpace(v); v != "" {
			prof.Verticals = append(prof.Verticals, v)
		}
	}
	if len(prof.Verticals) > 0 {
		prof.Category = prof.Verticals[0]
	}
	for _, v := range splitList(text(CreatorTags)) {
		if store.CheckTag("", v) != nil {
			fail(CreatorTags, strings.TrimSpace(v), fmt.Sprintf("is a tag longer than %d characters", store.MaxTagLen))
		}
		if v = store.NormalizeTag(v); v != "" {
			prof.Tags = append(prof.Tags, v)
		}
	}
	prof.Followers = number(CreatorFollowers)
	prof.Units30d = number(CreatorUnits30d)
	prof.AvgViews = number(CreatorAvgViews)
	if v := text(CreatorGMV30d); v != "" {
		n, e := intl.ParseAmount(v, p.currency, p.locale)
		if e != nil {
			fail(CreatorGMV30d, v, e.Error())
		}
		prof.GMV30d = &n
	}
	if v := text(CreatorEngagement); v != "" {
		n, e := intl.ParseRate(v, p.locale)
		if e != nil {
			fail(CreatorEngagement, v, e.Error())
		}
		prof.EngagementBP = &n
	}
	if e := prof.Email; e != "" && (!strings.Contains(e, "@") || strings.ContainsAny(e, " ,;")) {
		fail(CreatorEmail, text(CreatorEmail), "is not an email address")
	}
	if v := text(CreatorTimeZone); v != "" {
		if _, e := time.LoadLocation(v); e != nil || v == "Local" {
			fail(CreatorTimeZone, v, "is not a time zone (write it as Area/City, e.g. America/New_York)")
		} else {
			prof.TimeZone = v
		}
	}
	if v := text(CreatorStage); v != "" {
		if st, ok := stageByName(v); ok {
			prof.Stage = st
		} else {
			fail(CreatorStage, v, "is not a stage (prospect, contacted, engaged, onboarded, sampled, activated, active, at risk, churned, do not contact, banned)")
		}
	}
	if v := text(CreatorOwner); v != "" {
		if id, ok := p.owners[strings.ToLower(v)]; ok {
			prof.OwnerID = &id
		} else {
			fail(CreatorOwner, v, "is not the email of a member of this workspace")
		}
	}
	return prof, err
}

// workspaceOwners maps the workspace's members' emails (lowercase) to their user ids.
func workspaceOwners(ctx context.Context, s *store.Store, workspaceID int64) (map[string]int64, error) {
	ms, err := s.WorkspaceMembers(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(ms))
	for _, m := range ms {
		out[strings.ToLower(m.Email)] = m.ID
	}
	return out, nil
}

// ImportCreators imports a creator list (CSV or XLSX), creating or updating creators by handle.
func ImportCreators(ctx context.Context, s *store.Store, ws *model.Workspace, path string, o CreatorListOptions) (*Summary, error) {
	start := time.Now()
	name := filepath.Base(path)
	if o.Platform == "" {
		o.Platform = "tiktok"
	}
	if o.Currency == "" {
		o.Currency = "USD"
	}
	t, err := OpenTable(path)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	owners, err := workspaceOwners(ctx, s, ws.ID)
	if err != nil {
		return nil, err
	}
	parser, err := NewMappedCreatorRowParser(t.Header(), o.Mapping, o.Currency, o.Locale, owners)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	runID, err := o.startRun(ctx, s, ws.ID, 0, KindCreators, name, t.Header())
	if err != nil {
		return nil, err
	}
	// The mapping the file was read with, so the next list with this header can reuse it.
	if err := s.SetImportRunMapping(ctx, runID, parser.Columns().Mapping()); err != nil {
		return nil, o.finishRun(ctx, s, runID, err)
	}
	var tot store.BatchResult
	var rows int64
	var profiles []store.CreatorProfile
	var rejected []store.RejectedRow
	flush := func() error {
		res, err := s.UpsertCreatorProfiles(ctx, ws.ID, o.Platform, runID, profiles, rejected, rows, tot)
		if err != nil {
			return err
		}
		tot.Add(res)
		profiles, rejected = profiles[:0], rejected[:0]
		if o.OnProgress != nil {
			o.OnProgress(Progress{File: name, Fraction: t.Progress(), Rows: rows, BatchResult: tot})
		}
		return nil
	}
	err = func() error {
		for {
			row, n, err := t.Next()
			if errors.Is(err, io.EOF) {
				return flush()
			}
			var rerr *RowError
			if err != nil && !errors.As(err, &rerr) {
				return err
			}
			rows++
			if rerr == nil {
				var p store.CreatorProfile
				if p, rerr = parser.Parse(row); rerr == nil {
					profiles = append(profiles, p)
				}
			}
			if rerr != nil {
				rejected = append(rejected, rejectedRow(row, n, rerr, ""))
			}
			if len(profiles)+len(rejected) >= 1000 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}()
	if err = o.finishRun(ctx, s, runID, err); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d := time.Since(start)
	return &Summary{File: name, RunID: runID, Rows: rows, Inserted: tot.Inserted, Updated: tot.Updated,
		Unchanged: tot.Unchanged, Rejected: tot.Rejected, Duration: d, Seconds: d.Seconds()}, nil
}
