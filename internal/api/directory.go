package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// DirectoryCreator is a creator as the CRM sees it.
type DirectoryCreator struct {
	ID                int64        `json:"id" example:"42"`
	Handle            string       `json:"handle" example:"pixiemint_1"`
	DisplayName       string       `json:"display_name"`
	Email             string       `json:"email"`
	Discord           string       `json:"discord"`
	Followers         *int64       `json:"followers"`
	Region            string       `json:"region"`
	Language          string       `json:"language"`
	TimeZone          string       `json:"time_zone"`
	Agency            string       `json:"agency"`
	Verticals         []string     `json:"verticals"`
	Tags              []string     `json:"tags"`
	Stage             string       `json:"stage" example:"active"`
	StageSince        *time.Time   `json:"stage_since"`
	StageReason       string       `json:"stage_reason"`
	OwnerID           *int64       `json:"owner_id"`
	OwnerEmail        string       `json:"owner_email"`
	Tier              string       `json:"tier"`
	TierOverride      string       `json:"tier_override"`
	TierOverrideUntil *time.Time   `json:"tier_override_until"`
	Score             int          `json:"score" doc:"Recruitment fit, 0 to 100"`
	ScoreParts        []ScorePart  `json:"score_parts"`
	Sales             CreatorSales `json:"sales"`
	LastContactedAt   *time.Time   `json:"last_contacted_at"`
	LastReplyAt       *time.Time   `json:"last_reply_at"`
	MergedInto        *int64       `json:"merged_into" doc:"The creator this one was merged into; null for a live creator"`
	CreatedAt         time.Time    `json:"created_at"`
}

// ScorePart is one component of the fit score.
type ScorePart struct {
	Name   string `json:"name" example:"vertical"`
	Label  string `json:"label" example:"Vertical match"`
	Points int    `json:"points" example:"18"`
	Max    int    `json:"max" example:"20"`
	Why    string `json:"why"`
}

// CreatorSales are a creator's precomputed sales in the workspace's main currency.
type CreatorSales struct {
	Currency  string  `json:"currency" example:"USD"`
	GMV30d    int64   `json:"gmv_30d" doc:"Minor units"`
	GMV90d    int64   `json:"gmv_90d"`
	GMVAll    int64   `json:"gmv_all"`
	Orders30d int64   `json:"orders_30d"`
	Orders90d int64   `json:"orders_90d"`
	UnitsAll  int64   `json:"units_all"`
	FirstSale *string `json:"first_sale" format:"date"`
	LastSale  *string `json:"last_sale" format:"date"`
	AsOf      *string `json:"as_of" format:"date" doc:"The day the figures were computed for"`
}

func directoryCreatorOut(p *store.CRMProfile) DirectoryCreator {
	opt := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	d := DirectoryCreator{ID: p.ID, Handle: p.Username, DisplayName: p.DisplayName, Email: p.Email, Discord: p.Discord,
		Followers: p.Followers, Region: p.Region, Language: p.Language, TimeZone: p.TimeZone, Agency: p.Agency,
		Verticals: nonNil(p.Verticals), Tags: nonNil(p.Tags), Stage: string(p.Stage), StageSince: opt(p.StageSince),
		StageReason: p.StageReason, OwnerID: p.OwnerID, OwnerEmail: p.OwnerEmail, Tier: p.Tier, TierOverride: p.TierOverride,
		TierOverrideUntil: p.TierOverrideUntil, Score: p.Score, ScoreParts: []ScorePart{}, LastContactedAt: p.LastContactedAt,
		LastReplyAt: p.LastReplyAt, MergedInto: p.MergedInto, CreatedAt: p.CreatedAt,
		Sales: CreatorSales{Currency: p.Sales.Currency, GMV30d: p.Sales.GMV30d, GMV90d: p.Sales.GMV90d, GMVAll: p.Sales.GMVAll,
			Orders30d: p.Sales.Orders30d, Orders90d: p.Sales.Orders90d, UnitsAll: p.Sales.UnitsAll,
			FirstSale: optDay(p.Sales.FirstSaleDay), LastSale: optDay(p.Sales.LastSale), AsOf: optDay(p.Sales.StatsDay)}}
	if p.ScoreParts != "" {
		// A score written by an older engine may not parse: the score still shows, without parts.
		if err := json.Unmarshal([]byte(p.ScoreParts), &d.ScoreParts); err != nil || d.ScoreParts == nil {
			d.ScoreParts = []ScorePart{}
		}
	}
	return d
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type listDirectoryInput struct {
	WS         string   `path:"ws" doc:"Workspace slug"`
	Q          string   `query:"q" maxLength:"200" doc:"Start of a handle, display name or email, case-insensitively"`
	Stage      []string `query:"stage" doc:"Any of these stages (comma-separated)"`
	Tier       []string `query:"tier" doc:"Any of these tiers"`
	Owner      string   `query:"owner" maxLength:"20" doc:"A member's user id, or me"`
	Unowned    bool     `query:"unowned" doc:"Creators nobody owns (with owner: theirs or nobody's)"`
	Tag        []string `query:"tag" doc:"All of these tags"`
	Vertical   []string `query:"vertical" doc:"Any of these verticals"`
	Region     string   `query:"region" maxLength:"200"`
	Language   string   `query:"language" maxLength:"200"`
	Agency     string   `query:"agency" maxLength:"200"`
	TimeZone   string   `query:"time_zone" maxLength:"200"`
	HasEmail   string   `query:"has_email" enum:"true,false"`
	HasDiscord string   `query:"has_discord" enum:"true,false"`
	GMV30dMin  string   `query:"gmv_30d_min" pattern:"^[0-9]{1,15}$" doc:"Minor units"`
	GMV30dMax  string   `query:"gmv_30d_max" pattern:"^[0-9]{1,15}$"`
	GMV90dMin  string   `query:"gmv_90d_min" pattern:"^[0-9]{1,15}$"`
	GMV90dMax  string   `query:"gmv_90d_max" pattern:"^[0-9]{1,15}$"`
	GMVAllMin  string   `query:"gmv_all_min" pattern:"^[0-9]{1,15}$"`
	GMVAllMax  string   `query:"gmv_all_max" pattern:"^[0-9]{1,15}$"`
	FollowMin  string   `query:"followers_min" pattern:"^[0-9]{1,13}$"`
	FollowMax  string   `query:"followers_max" pattern:"^[0-9]{1,13}$"`
	LastFrom   string   `query:"last_sale_from" format:"date"`
	LastTo     string   `query:"last_sale_to" format:"date"`
	FirstFrom  string   `query:"first_sale_from" format:"date"`
	FirstTo    string   `query:"first_sale_to" format:"date"`
	ScoreMin   int      `query:"score_min" minimum:"0" maximum:"100"`
	Sort       string   `query:"sort" enum:"gmv_30d,gmv_90d,gmv_all,orders_30d,followers,score,last_sale,stage_since,handle,created" default:"gmv_30d"`
	Dir        string   `query:"dir" enum:"asc,desc" doc:"Default: desc, except asc for handle and stage_since"`
	PageParams
}

type listDirectoryOutput struct {
	Body struct {
		Items       []DirectoryCreator `json:"items"`
		NextCursor  string             `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
		Total       int                `json:"total" doc:"Creators matching the filters, counted up to 10,000"`
		TotalCapped bool               `json:"total_capped" doc:"More than total match"`
		Currency    string             `json:"currency" doc:"The currency of the sales figures"`
	}
}

// directoryQueryOf reads the list's parameters; a bad one is a 400 naming it.
func directoryQueryOf(ctx context.Context, in *listDirectoryInput) (store.DirectoryQuery, error) {
	q := store.DirectoryQuery{Search: in.Q, Tiers: in.Tier, Unowned: in.Unowned, Tags: in.Tag, Verticals: in.Vertical,
		Region: in.Region, Language: in.Language, Agency: in.Agency, TimeZone: in.TimeZone, Sort: in.Sort, Limit: in.Limit}
	for _, s := range in.Stage {
		st, ok := model.ParseStage(strings.TrimSpace(s))
		if !ok {
			return q, huma.Error400BadRequest(fmt.Sprintf("stage %q is not a stage", s))
		}
		q.Stages = append(q.Stages, st)
	}
	switch in.Owner {
	case "":
	case "me":
		id := viewerID(from(ctx).principal)
		if id == 0 {
			return q, huma.Error400BadRequest("owner me needs a member (this token has no creator)")
		}
		q.OwnerID = &id
	default:
		id, err := strconv.ParseInt(in.Owner, 10, 64)
		if err != nil || id <= 0 {
			return q, huma.Error400BadRequest(fmt.Sprintf("owner %q is not a member id or me", in.Owner))
		}
		q.OwnerID = &id
	}
	flag := func(s string) *bool {
		if s == "" {
			return nil
		}
		b := s == "true"
		return &b
	}
	q.HasEmail, q.HasDiscord = flag(in.HasEmail), flag(in.HasDiscord)
	num := func(s string) *int64 {
		if s == "" {
			return nil
		}
		n, _ := strconv.ParseInt(s, 10, 64)
		return &n
	}
	q.MinGMV30d, q.MaxGMV30d, q.MinGMV90d, q.MaxGMV90d = num(in.GMV30dMin), num(in.GMV30dMax), num(in.GMV90dMin), num(in.GMV90dMax)
	q.MinGMVAll, q.MaxGMVAll, q.MinFollowers, q.MaxFollowers = num(in.GMVAllMin), num(in.GMVAllMax), num(in.FollowMin), num(in.FollowMax)
	var err error
	day := func(name, s string) int32 {
		if s == "" || err != nil {
			return 0
		}
		t, e := time.Parse("2006-01-02", s)
		if e != nil {
			err = huma.Error400BadRequest(fmt.Sprintf("%s %q is not a date like 2026-11-15", name, s))
			return 0
		}
		return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
	}
	q.LastSaleFrom, q.LastSaleTo = day("last_sale_from", in.LastFrom), day("last_sale_to", in.LastTo)
	q.FirstSaleFrom, q.FirstSaleTo = day("first_sale_from", in.FirstFrom), day("first_sale_to", in.FirstTo)
	if in.ScoreMin > 0 {
		n := in.ScoreMin
		q.MinScore = &n
	}
	q.Desc = in.Dir == "desc" || in.Dir == "" && in.Sort != store.DirSortHandle && in.Sort != store.DirSortStageSince
	return q, err
}

// viewerID is the member a principal acts for: the signed-in user, or the member who made the
// API token (0 when nobody is known).
func viewerID(p *auth.Principal) int64 {
	switch {
	case p == nil:
		return 0
	case p.User != nil:
		return p.User.ID
	case p.Token != nil:
		return p.Token.CreatedBy
	}
	return 0
}

// directoryCursorPrefix names the request a cursor continues: its sort and a hash of its filters.
func directoryCursorPrefix(in *listDirectoryInput, desc bool) string {
	h := fnv.New64a()
	for _, part := range []string{in.Q, strings.Join(in.Stage, ","), strings.Join(in.Tier, ","), in.Owner,
		strconv.FormatBool(in.Unowned), strings.Join(in.Tag, ","), strings.Join(in.Vertical, ","), in.Region, in.Language,
		in.Agency, in.TimeZone, in.HasEmail, in.HasDiscord, in.GMV30dMin, in.GMV30dMax, in.GMV90dMin, in.GMV90dMax,
		in.GMVAllMin, in.GMVAllMax, in.FollowMin, in.FollowMax, in.LastFrom, in.LastTo, in.FirstFrom, in.FirstTo,
		strconv.Itoa(in.ScoreMin)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return fmt.Sprintf("d1\x1f%s\x1f%t\x1f%x\x1f", in.Sort, desc, h.Sum64())
}

func (a *API) listDirectory(ctx context.Context, in *listDirectoryInput) (*listDirectoryOutput, error) {
	ws := from(ctx).workspace
	q, err := directoryQueryOf(ctx, in)
	if err != nil {
		return nil, err
	}
	prefix := directoryCursorPrefix(in, q.Desc)
	key, err := decodeCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	if key != "" {
		rest, ok := strings.CutPrefix(key, prefix)
		id, value, ok2 := strings.Cut(rest, "\x1f")
		n, err1 := strconv.ParseInt(id, 10, 64)
		k := &store.DirectoryKey{ID: n, Handle: value}
		var err2 error
		if q.Sort != store.DirSortHandle {
			k.Value, err2 = strconv.ParseInt(value, 10, 64)
		}
		if !ok || !ok2 || err1 != nil || err2 != nil {
			return nil, huma.Error400BadRequest("cursor " + in.Cursor + " does not continue this list: pass next_cursor with the same parameters as the request that returned it")
		}
		q.After = k
	}
	page, err := a.Store.Directory(ctx, ws.ID, q)
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	out := &listDirectoryOutput{}
	out.Body.Items = make([]DirectoryCreator, 0, len(page.Rows))
	out.Body.Total, out.Body.TotalCapped = page.Total, page.TotalCapped
	if out.Body.Currency, err = a.Store.DirectoryCurrency(ctx, ws.ID); err != nil {
		return nil, a.fail(err, "creator")
	}
	for i := range page.Rows {
		out.Body.Items = append(out.Body.Items, directoryCreatorOut(&page.Rows[i].CRMProfile))
	}
	if k := page.Next; k != nil {
		v := strconv.FormatInt(k.Value, 10)
		if q.Sort == store.DirSortHandle {
			v = k.Handle
		}
		out.Body.NextCursor = encodeCursor(prefix + strconv.FormatInt(k.ID, 10) + "\x1f" + v)
	}
	return out, nil
}

type creatorProfileInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Creator string `path:"creator" doc:"Creator id" example:"42"`
}

type directoryCreatorOutput struct{ Body DirectoryCreator }

func (a *API) getCreatorProfile(ctx context.Context, in *creatorProfileInput) (*directoryCreatorOutput, error) {
	id, err := strconv.ParseInt(in.Creator, 10, 64)
	if err != nil || id <= 0 {
		return nil, huma.Error404NotFound("creator " + in.Creator + " not found")
	}
	p, err := a.Store.CRMProfile(ctx, from(ctx).workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, huma.Error404NotFound("creator " + in.Creator + " not found")
	}
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	return &directoryCreatorOutput{Body: directoryCreatorOut(p)}, nil
}
