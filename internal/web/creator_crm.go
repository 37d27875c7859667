package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// creatorTimelinePage is how many timeline entries the creator page shows at a time.
const creatorTimelinePage = 25

// crmPanel is the creator page's CRM part: where the creator stands, who owns them, tags,
// tier and score, the open tasks, and the timeline.
type crmPanel struct {
	Profile      *store.CRMProfile
	Stage        string
	StageLabel   string
	StageBlocked bool
	StageSince   string
	StageDays    int
	StageReason  string
	Stages       []stageChoice
	Owner        string
	Members      []memberChoice
	Tier         string
	TierSince    string
	TierSource   string // "rules", "override until 1 Dec 2026", "override (until cleared)"
	HasOverride  bool
	TierNames    []string // the workspace's tiers, for the override form
	Score        int
	ScoreParts   []scorePartView
	Tags         []string
	Verticals    string
	Followers    string
	Tasks        []taskRow
	Timeline     []timelineView
	OlderURL     string
	NewestURL    string
	// The timeline's filter (creator_timeline.go).
	TimelineTabs  []timelineTab
	TimelineEmpty string // what the timeline says without entries, by filter
	NoteBack      string // where the note form comes back to, when not Back
	Notice        string
	MergedFrom    string // the handle of a merged creator whose page sent here

	CanEdit, CanManage, CanSelfAssign bool
	Me                                int64
	Today                             string
	// Form targets.
	StageURL, OwnerURL, TagsURL, ProfileURL, NotesURL, TasksURL, TierURL, TierClearURL, Back string
}

// scorePartView is one component of the fit score, with the bar's width class (0–10).
type scorePartView struct {
	Label, Why  string
	Points, Max int
	Width       int
}

// creatorNotices are the messages after a change on the creator page (?ok=).
var creatorNotices = map[string]string{
	"stage": "Stage changed.", "owner": "Owner changed.", "tags": "Tags saved.", "profile": "Profile saved.",
	"note": "Note added.", "task": "Task added.", "done": "Task done.", "reopened": "Task reopened.",
	"tier": "Tier saved.",
}

// creatorCRM builds the CRM panel of a creator's page.
func (h *handler) creatorCRM(r *http.Request, ws *model.Workspace, p *store.CRMProfile) (*crmPanel, error) {
	st := current(r)
	ctx := r.Context()
	loc := ws.Location()
	id := strconv.FormatInt(p.ID, 10)
	base := wsURL(ws, "creators/"+id)
	v := r.URL.Query()
	c := &crmPanel{Profile: p, Stage: string(p.Stage), StageLabel: p.Stage.Label(), StageBlocked: p.Stage.Blocked(),
		StageReason: p.StageReason, Stages: stageChoices(), Owner: p.OwnerEmail, Tier: p.Tier, Score: p.Score,
		Tags: p.Tags, Verticals: strings.Join(p.Verticals, ", "), Notice: creatorNotices[v.Get("ok")],
		CanEdit: st.can(access.EditCreators), CanManage: st.can(access.ManageCreators), Me: st.principal.User.ID,
		Today: dayInput(todayIn(ws)), StageURL: base + "/stage", OwnerURL: base + "/owner", TagsURL: base + "/tags",
		ProfileURL: base + "/profile", NotesURL: base + "/notes", TasksURL: wsURL(ws, "tasks"), TierURL: base + "/tier",
		TierClearURL: base + "/tier/clear", Back: base}
	c.CanSelfAssign = c.CanEdit && !c.CanManage && p.OwnerID == nil
	if !p.StageSince.IsZero() {
		c.StageSince = p.StageSince.In(loc).Format("2 Jan 2006")
		c.StageDays = int(time.Since(p.StageSince).Hours() / 24)
	}
	if p.Followers != nil {
		c.Followers = strconv.FormatInt(*p.Followers, 10)
	}
	if !p.TierSince.IsZero() {
		c.TierSince = p.TierSince.In(loc).Format("2 Jan 2006")
	}
	switch {
	case p.TierOverride == "":
		c.TierSource = "from the tier rules"
	case p.TierOverrideUntil != nil:
		c.HasOverride, c.TierSource = true, "set by hand until "+p.TierOverrideUntil.In(loc).Format("2 Jan 2006")
	default:
		c.HasOverride, c.TierSource = true, "set by hand until cleared"
	}
	parts, _ := crm.ParseScoreParts(p.ScoreParts) // unreadable parts show none rather than failing the page
	for _, part := range parts {
		w := 0
		if part.Max > 0 {
			w = min(10, max(0, part.Points*10/part.Max))
		}
		c.ScoreParts = append(c.ScoreParts, scorePartView{Label: part.Label, Why: part.Why, Points: part.Points, Max: part.Max, Width: w})
	}
	if c.CanManage {
		rules, err := h.store.TierRules(ctx, ws.ID)
		if err != nil {
			return nil, err
		}
		for _, rule := range rules {
			c.TierNames = append(c.TierNames, rule.Tier)
		}
	}
	if c.CanEdit {
		ms, err := h.memberChoices(r)
		if err != nil {
			return nil, err
		}
		c.Members = ms
	}
	tasks, _, err := h.store.Tasks(ctx, ws.ID, store.TaskQuery{Bucket: store.TasksOpen, CreatorID: &p.ID, Limit: 20})
	if err != nil {
		return nil, err
	}
	c.Tasks = taskRows(ws, todayIn(ws), tasks)
	if err := h.creatorTimeline(r, ws, p, c, base); err != nil {
		return nil, err
	}
	return c, nil
}
