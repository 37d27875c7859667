package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// directoryPage is the data of the directory template.
type directoryPage struct {
	basePage
	Workspace *model.Workspace
	Form      url.Values // the query as the user set it, to fill the filter inputs
	Query     string     // the filters and sort without the cursor: for saved views and bulk "all matching"
	Currency  string
	Headers   map[string]sortLink
	Rows      []directoryRow
	Total     string // "1,234" or "10,000+"
	Count     int
	Capped    bool
	First     int
	Last      int
	NextURL   string
	FirstURL  string
	Empty     bool // the workspace has no creators at all
	Filtered  bool
	ClearURL  string
	ExportURL string // "" without ExportData
	Done      string // what the last bulk action did

	CanManage, CanEdit, CanExport, CanImport bool
	// Enroll is the "Enroll in sequence" control; nil without outreach.run.
	Enroll *dirEnrollForm

	Stages    []dirOption
	Verticals []dirOption
	Tiers     []dirOption
	Members   []dirMember
	Facets    *store.DirectoryFacets
	Views     []dirViewLink
	Sorts     []dirSortOption
	Problem   listProblem // a parameter that cannot be used: the form marks it, no list
}

// directoryRow is a creator of the directory, formatted.
type directoryRow struct {
	ID                                    int64
	URL, Handle, Name                     string
	Stage, StageLabel, StageReason        string
	Tier, Owner                           string
	Verticals, Tags                       []string
	Region                                string
	Followers, FollowersExact             string
	GMV30, GMV90, GMVAll, Orders30        string
	LastSale, Score, Email, Zero, Blocked string
}

type dirOption struct {
	Value, Label string
	Checked      bool
}

type dirMember struct {
	ID    int64
	Email string
	Me    bool
}

type dirViewLink struct {
	ID                   int64
	Name, URL, DeleteURL string
	Current              bool
}

type dirSortOption struct {
	Value, Label string
	Selected     bool
}

// directoryHeaders are the sortable columns: key → label.
var directoryHeaders = []struct{ key, label, title string }{
	{store.DirSortHandle, "Creator", ""},
	{store.DirSortFollowers, "Followers", ""},
	{store.DirSortGMV30d, "GMV 30d", "Live GMV of the last 30 days"},
	{store.DirSortGMV90d, "GMV 90d", "Live GMV of the last 90 days"},
	{store.DirSortGMVAll, "Lifetime", "Live GMV since the first sale"},
	{store.DirSortOrders30d, "Orders 30d", ""},
	{store.DirSortLastSale, "Last sale", "Day of the latest attributed sale, workspace time zone"},
	{store.DirSortScore, "Score", "Recruitment fit, 0 to 100"},
	{store.DirSortStageSince, "In stage since", ""},
	{store.DirSortCreated, "Added", ""},
}

// directoryDone are the messages of a finished bulk action (done=action:count).
var directoryDone = map[string]string{
	"assign": "Owner changed for %s creator(s).", "tag_add": "Tag added to %s creator(s).",
	"tag_remove": "Tag removed from %s creator(s).", "stage": "%s creator(s) moved.",
	"view": "View saved.", "view_deleted": "View deleted.",
}

// directoryList shows the creator directory: every live creator with its CRM fields and sales,
// filtered, sorted and paged by key. A filter it cannot use answers 400 with the page itself:
// the filters as typed, the field at fault marked, and a panel naming it where the list was.
func (h *handler) directoryList(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	ctx := r.Context()
	v := r.URL.Query()
	done := v.Get("done")
	v.Del("done")
	path := wsURL(ws, "directory")
	q, err := parseDirectoryQuery(r)
	bad, isBad := dirQueryProblem(err, "")
	if err != nil && !isBad {
		h.serverError(w, r, err)
		return
	}
	page := &directoryPage{basePage: basePage{Title: ws.Name + " — Directory"}, Workspace: ws, Form: v,
		CanManage: st.can(access.ManageCreators), CanEdit: st.can(access.EditCreators),
		CanExport: st.can(access.ExportData), CanImport: st.can(access.ImportData), Problem: bad}
	var res *store.DirectoryPage
	if isBad {
		// The form keeps what was typed, but not a bad value of a field it does not show (the
		// sort direction): applying the filters again must not bring the same 400 back.
		page.Form = directoryFormWithout(v, bad.Field, false)
		page.Problem.ClearURL = directoryProblemClearURL(path, v, bad)
		if q.Sort = v.Get("sort"); !store.ValidDirectorySort(q.Sort) {
			q.Sort = store.DirSortGMV30d
		}
		res = &store.DirectoryPage{}
	} else {
		q.Limit = listPageSize
		// The count costs more than the page at a million creators: later pages skip it.
		q.SkipCount = q.After != nil
		if res, err = h.store.Directory(ctx, ws.ID, q); err != nil {
			h.serverError(w, r, err)
			return
		}
		page.Count, page.Capped, page.Total = res.Total, res.TotalCapped, dirThousands(res.Total)
		if res.TotalCapped {
			page.Total += "+"
		}
		if q.SkipCount {
			page.Total = ""
		}
	}
	page.Query = directoryQueryString(page.Form)
	if isBad { // a view saved from here keeps the filters that work
		page.Query = directoryQueryString(directoryFormWithout(page.Form, bad.Field, true))
	}
	for _, p := range directoryFilterParams {
		page.Filtered = page.Filtered || v.Get(p) != ""
	}
	page.ClearURL = path
	if s := v.Get("sort"); s != "" && !isBad {
		page.ClearURL = dirURL(path, url.Values{"sort": {s}, "dir": v["dir"]})
	}
	if len(res.Rows) == 0 && !page.Filtered && !isBad {
		has, err := h.store.HasLiveCreators(ctx, ws.ID)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		page.Empty = !has
	}
	if page.CanExport && !isBad {
		page.ExportURL = wsURL(ws, "directory.csv")
		if page.Query != "" {
			page.ExportURL += "?" + page.Query
		}
	}
	if cur, err := h.store.DirectoryCurrency(ctx, ws.ID); err == nil {
		page.Currency = cur
	}
	if !page.Empty {
		if page.Facets, err = h.store.DirectoryFacets(ctx, ws.ID); err != nil {
			h.serverError(w, r, err)
			return
		}
		members, err := h.store.WorkspaceMembers(ctx, ws.ID)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		for _, m := range members {
			page.Members = append(page.Members, dirMember{ID: m.ID, Email: m.Email, Me: st.principal.User != nil && m.ID == st.principal.User.ID})
		}
	}
	if page.Enroll, err = h.directoryEnrollForm(ctx, r); err != nil {
		h.serverError(w, r, err)
		return
	}
	if page.Views, err = h.savedViewLinks(r, store.ViewPageDirectory, page.Query); err != nil {
		h.serverError(w, r, err)
		return
	}
	if page.Facets != nil {
		page.Verticals = dirCheckOptions(page.Facets.Verticals, v["vertical"])
		page.Tiers = dirCheckOptions(page.Facets.Tiers, v["tier"])
	}
	selected := v["stage"]
	for _, s := range model.Stages {
		page.Stages = append(page.Stages, dirOption{Value: string(s), Label: s.Label(), Checked: slices.Contains(selected, string(s))})
	}
	for _, hd := range directoryHeaders {
		page.Sorts = append(page.Sorts, dirSortOption{Value: hd.key, Label: hd.label, Selected: hd.key == q.Sort})
	}
	if d := done; d != "" {
		action, n, _ := strings.Cut(d, ":")
		if action == "enroll" {
			page.Done = h.directoryEnrollDone(ctx, ws.ID, n)
		} else if f, ok := directoryDone[action]; ok {
			page.Done = strings.Replace(f, "%s", dirThousands(dirAtoi(n)), 1)
		}
	}
	if isBad {
		h.render(w, r, http.StatusBadRequest, "directory", page)
		return
	}
	page.Headers = map[string]sortLink{}
	for _, hd := range directoryHeaders {
		l := sortLink{Label: hd.label, Title: hd.title, Num: hd.key != store.DirSortHandle && hd.key != store.DirSortLastSale &&
			hd.key != store.DirSortStageSince && hd.key != store.DirSortCreated}
		desc := directorySortDescFirst[hd.key]
		if hd.key == q.Sort {
			l.Arrow = map[bool]string{true: "▼", false: "▲"}[q.Desc]
			desc = !q.Desc
		}
		l.URL = dirURL(path, v, "sort", hd.key, "dir", map[bool]string{true: "desc", false: "asc"}[desc], "after", "")
		page.Headers[hd.key] = l
	}
	if len(res.Rows) > 0 {
		page.First = q.Offset + 1
		page.Last = len(res.Rows)
	}
	if q.After != nil {
		page.FirstURL = dirURL(path, v, "after", "")
		page.First, page.Last = 0, 0
	}
	if res.Next != nil {
		page.NextURL = dirURL(path, v, "after", directoryCursor(res.Next, q.Sort))
	}
	page.Rows = directoryRows(ws, res.Rows, page.Currency)
	h.render(w, r, http.StatusOK, "directory", page)
}

// directoryFormWithout is the query v for the filter form of a page that refused the
// parameter field: a parameter the form carries in a hidden input (dir) is dropped, as is the
// cursor; the others stay as typed, for the user to correct in their marked field.
// With all, the parameter field is dropped whatever it is.
func directoryFormWithout(v url.Values, field string, all bool) url.Values {
	c := url.Values{}
	for k, vs := range v {
		if k != "after" && !(k == field && (all || k == "dir")) {
			c[k] = vs
		}
	}
	return c
}

// directoryProblemClearURL is the way out of a refused query: the first page of the same
// filters for a bad cursor, else the list without filters (keeping a sort that was fine).
func directoryProblemClearURL(path string, v url.Values, bad listProblem) string {
	if bad.Paging() {
		return dirURL(path, v, "after", "")
	}
	if s := v.Get("sort"); s != "" && bad.Field != "sort" && bad.Field != "dir" {
		return dirURL(path, url.Values{"sort": {s}, "dir": v["dir"]})
	}
	return path
}

// directoryQueryString is the page's query without the cursor and the last action's message:
// what a saved view keeps and what "every matching creator" means.
func directoryQueryString(v url.Values) string {
	c := url.Values{}
	for k, vs := range v {
		if k == "after" || k == "done" {
			continue
		}
		for _, x := range vs {
			if x != "" {
				c.Add(k, x)
			}
		}
	}
	return c.Encode()
}

func dirQuery(q string) string {
	if q == "" {
		return ""
	}
	return "?" + q
}

func dirAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// dirThousands writes 12345 as "12,345".
func dirThousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + dirThousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func directoryRows(ws *model.Workspace, rows []store.DirectoryRow, currency string) []directoryRow {
	out := make([]directoryRow, 0, len(rows))
	for i := range rows {
		c := &rows[i]
		m := moneyFor(dirOr(c.Sales.Currency, currency))
		row := directoryRow{ID: c.ID, URL: wsURL(ws, "creators/"+strconv.FormatInt(c.ID, 10)), Handle: c.Username,
			Name: c.DisplayName, Stage: string(c.Stage), StageLabel: c.Stage.Label(), StageReason: c.StageReason,
			Tier: c.Tier, Owner: dirOwnerName(c.OwnerEmail), Verticals: c.Verticals, Tags: c.Tags, Region: c.Region,
			Followers: "—", GMV30: m.amount(c.Sales.GMV30d), GMV90: m.amount(c.Sales.GMV90d), GMVAll: m.amount(c.Sales.GMVAll),
			Orders30: m.count(c.Sales.Orders30d), LastSale: "—", Score: strconv.Itoa(c.Score), Email: c.Email}
		if c.Followers != nil {
			row.Followers, row.FollowersExact = compact(*c.Followers), m.count(*c.Followers)+" followers"
		}
		if c.Sales.LastSale != 0 {
			row.LastSale = longDay(c.Sales.LastSale)
		}
		if c.Sales.GMVAll == 0 {
			row.Zero = "zero"
		}
		if c.Stage.Blocked() {
			row.Blocked = "blocked"
		}
		out = append(out, row)
	}
	return out
}

// dirOwnerName shortens an owner's email to the part before @ for the dense table.
func dirOwnerName(email string) string {
	if email == "" {
		return ""
	}
	name, _, _ := strings.Cut(email, "@")
	return name
}

func dirOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// dirURL is path with the query v (every value of repeated parameters kept), changed by pairs
// of name and value (an empty value drops the parameter).
func dirURL(path string, v url.Values, pairs ...string) string {
	c := url.Values{}
	for k, vs := range v {
		for _, x := range vs {
			if x != "" {
				c.Add(k, x)
			}
		}
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			c.Del(pairs[i])
		} else {
			c.Set(pairs[i], pairs[i+1])
		}
	}
	return path + dirQuery(c.Encode())
}

// dirCheckOptions are checkboxes for values, checked when chosen; a chosen value the workspace no
// longer has is kept, so applying the form again does not drop it silently.
func dirCheckOptions(values, chosen []string) []dirOption {
	out := make([]dirOption, 0, len(values))
	for _, x := range values {
		out = append(out, dirOption{Value: x, Label: x, Checked: slices.Contains(chosen, x)})
	}
	for _, c := range chosen {
		if !slices.Contains(values, c) {
			out = append(out, dirOption{Value: c, Label: c, Checked: true})
		}
	}
	return out
}
