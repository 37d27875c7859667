package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// sequencePage is the data of the outreach_sequence template: the steps editor, the settings,
// enrolling and the latest enrollments.
type sequencePage struct {
	outreachBase
	Seq        *store.Sequence
	URL        string
	Editable   bool // may be changed: the role runs outreach and the sequence is not archived
	Steps      []stepForm
	Templates  []choice
	Channels   []choice
	Units      []choice
	Form       sequenceForm
	Shops      []choice
	Mailboxes  []choice
	Views      []viewChoice
	RuleViews  []choice
	Stages     []stopStageChoice
	RuleStages []choice
	Counts     *store.SequenceStats
	Recent     []enrollmentRow
	Enroll     *enrollOutcome
	Running    *runningEnroll // a background enrollment in the sequence, while it runs
	// Actions on the status: which buttons show.
	CanActivate, CanPause, CanArchive bool
	EnrollmentsURL, ResultsURL        string
	HasTemplates                      bool
}

// stepForm is one step as the editor shows it.
type stepForm struct {
	Index        int
	Number       int
	Channel      string
	TemplateID   int64
	Delay        int
	Unit         string
	CardKind     string
	CardID       string
	First        bool
	Last         bool
	Template     string // its name, for read-only rows
	ChannelLabel string
	DelayText    string
}

// sequenceForm is the settings form's values.
type sequenceForm struct {
	Name               string
	TikTokConnectionID int64
	MailboxID          int64
	StopOnReply        bool
	StopOnSample       bool
	Hours              hoursForm
	ProductID          string
	Campaign           string
	Commission         string
	RuleEnabled        bool
	RuleViewID         int64
	RuleStage          string
	RuleMinScore       int
}

// viewChoice is a saved directory view offered for enrolling, with how many creators match it.
type viewChoice struct {
	ID    int64
	Name  string
	Count string
}

// stopStageChoice is a stop-stage checkbox.
type stopStageChoice struct {
	Value, Label string
	Checked      bool
}

// enrollOutcome is the result of the last enrollment, read back from the redirect's query.
type enrollOutcome struct {
	Enrolled, Already, Suppressed, Blocked, NoAddress, NotFound int
	// NotFoundNames are the first handles typed that are no creator here (at most
	// maxNamedNotFound, to keep the redirect short): a typo is fixed faster when it is named.
	NotFoundNames []string
}

// maxNamedNotFound is how many handles not found the enrollment notice names.
const maxNamedNotFound = 10

// MoreNotFound is how many handles not found the notice does not name.
func (o *enrollOutcome) MoreNotFound() int { return max(o.NotFound-len(o.NotFoundNames), 0) }

// Skipped is how many creators were not enrolled.
func (o *enrollOutcome) Skipped() int {
	return o.Already + o.Suppressed + o.Blocked + o.NoAddress + o.NotFound
}

func (o *enrollOutcome) query(ok string) string {
	v := url.Values{"ok": {ok}}
	for k, n := range map[string]int{"enrolled": o.Enrolled, "already": o.Already, "suppressed": o.Suppressed,
		"blocked": o.Blocked, "noaddress": o.NoAddress, "notfound": o.NotFound} {
		v.Set(k, strconv.Itoa(n))
	}
	if names := o.NotFoundNames; len(names) > 0 {
		v.Set("nf", strings.Join(names[:min(len(names), maxNamedNotFound)], " "))
	}
	return v.Encode()
}

func enrollOutcomeOf(v url.Values) *enrollOutcome {
	if v.Get("ok") != "enrolled" {
		return nil
	}
	n := func(k string) int { x, _ := strconv.Atoi(v.Get(k)); return max(x, 0) }
	o := &enrollOutcome{Enrolled: n("enrolled"), Already: n("already"), Suppressed: n("suppressed"), Blocked: n("blocked"),
		NoAddress: n("noaddress"), NotFound: n("notfound")}
	o.NotFoundNames = strings.Fields(v.Get("nf"))
	o.NotFoundNames = o.NotFoundNames[:min(len(o.NotFoundNames), maxNamedNotFound, o.NotFound)]
	return o
}

// outcomeOf counts a store result for the redirect.
func outcomeOf(r *store.EnrollResult) *enrollOutcome {
	return &enrollOutcome{Enrolled: r.Enrolled, Already: r.Already, Suppressed: r.Suppressed, Blocked: r.BlockedStage,
		NoAddress: r.NoAddress, NotFound: r.NotFound}
}

var sequenceNotices = map[string]string{
	"created": "Sequence created. Add its steps, pick its senders, then activate it.",
	"saved":   "Settings saved.", "steps": "Steps saved.", "active": "Sequence active: due messages go out within a minute.",
	"paused": "Sequence paused: queued messages are held until it is active again.", "enrolled": "",
}

// stopStageChoices are the stages a sequence may stop at.
var stopStageChoices = []model.Stage{model.StageEngaged, model.StageOnboarded, model.StageSampled, model.StageActivated, model.StageActive}

// buildSequencePage gathers everything the sequence page shows; steps are the editor's rows
// (the saved steps, or what was posted when it is shown again with an error).
func (h *handler) buildSequencePage(ctx context.Context, r *http.Request, q *store.Sequence, steps []store.SequenceStep) (*sequencePage, error) {
	st := current(r)
	ws := st.workspace
	p := &sequencePage{outreachBase: outreachPage(r, q.Name, "home", sequenceNotices), Seq: q, URL: sequencePath(ws, q.ID, ""),
		Channels: outreachChannels, Units: delayUnits, EnrollmentsURL: sequencePath(ws, q.ID, "enrollments"),
		ResultsURL: sequencePath(ws, q.ID, "results"), Enroll: enrollOutcomeOf(r.URL.Query())}
	p.Editable = p.CanRun && q.Status != store.SequenceArchived
	p.CanActivate = p.CanRun && (q.Status == store.SequenceDraft || q.Status == store.SequencePaused)
	p.CanPause = p.CanRun && q.Status == store.SequenceActive
	p.CanArchive = p.CanRun && q.Status != store.SequenceArchived
	tpls, err := h.store.Templates(ctx, ws.ID, true)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, t := range tpls {
		names[t.ID] = t.Name
		if t.Status == store.TemplateActive || usesTemplate(steps, t.ID) {
			p.Templates = append(p.Templates, choice{strconv.FormatInt(t.ID, 10), t.Name})
		}
	}
	p.HasTemplates = len(p.Templates) > 0
	for i, s := range steps {
		n, unit := splitDelay(s.DelayMinutes, q.Hours)
		p.Steps = append(p.Steps, stepForm{Index: i, Number: i + 1, Channel: s.Channel, TemplateID: s.TemplateID, Delay: n, Unit: unit,
			CardKind: s.CardKind, CardID: s.CardID, First: i == 0, Last: i == len(steps)-1, Template: names[s.TemplateID], ChannelLabel: channelName(s.Channel),
			DelayText: delayText(s.DelayMinutes, q.Hours)})
	}
	p.Form = sequenceFormOf(q)
	conns, err := h.store.Connections(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range conns {
		if c.Platform == model.PlatformTikTokShop && (c.Status != store.ConnectionDisconnected || p.Form.TikTokConnectionID == c.ID) {
			p.Shops = append(p.Shops, choice{strconv.FormatInt(c.ID, 10), cmp.Or(c.ShopName, c.ExternalShopID)})
		}
	}
	boxes, err := h.store.Mailboxes(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range boxes {
		p.Mailboxes = append(p.Mailboxes, choice{strconv.FormatInt(m.ID, 10), m.Name + " <" + m.FromAddress + ">"})
	}
	if p.Views, err = h.viewChoices(ctx, r); err != nil {
		return nil, err
	}
	for _, v := range p.Views {
		p.RuleViews = append(p.RuleViews, choice{strconv.FormatInt(v.ID, 10), v.Name})
	}
	if id := p.Form.RuleViewID; id != 0 && !hasChoice(p.RuleViews, strconv.FormatInt(id, 10)) {
		if v, _, err := h.store.DirectoryView(ctx, ws.ID, id); err == nil {
			p.RuleViews = append(p.RuleViews, choice{strconv.FormatInt(v.ID, 10), v.Name + " (another member's)"})
		}
	}
	for _, s := range stopStageChoices {
		p.Stages = append(p.Stages, stopStageChoice{string(s), s.Label(), containsStage(q.StopStages, s)})
	}
	p.RuleStages = []choice{{"", "any stage"}}
	for _, s := range model.Stages {
		if !s.Blocked() {
			p.RuleStages = append(p.RuleStages, choice{string(s), s.Label()})
		}
	}
	stats, err := h.store.OutreachSequenceStats(ctx, ws.ID, weekStartOf(ws, time.Now()))
	if err != nil {
		return nil, err
	}
	p.Counts = stats[q.ID]
	if p.Counts == nil {
		p.Counts = &store.SequenceStats{}
	}
	es, err := h.store.ListEnrollments(ctx, ws.ID, store.EnrollmentFilter{SequenceID: q.ID, Limit: 8})
	if err != nil {
		return nil, err
	}
	p.Recent = enrollmentRows(ws, q, es)
	if p.Running, err = h.runningEnrollOf(ctx, r, q); err != nil {
		return nil, err
	}
	return p, nil
}

func sequenceFormOf(q *store.Sequence) sequenceForm {
	f := sequenceForm{Name: q.Name, StopOnReply: q.StopOnReply, StopOnSample: q.StopOnSample, Hours: hoursFormOf(q.Hours),
		ProductID: q.ProductID, Campaign: q.Campaign, RuleEnabled: q.Rule.Enabled, RuleStage: q.Rule.Stage, RuleMinScore: q.Rule.MinScore}
	if q.TikTokConnectionID != nil {
		f.TikTokConnectionID = *q.TikTokConnectionID
	}
	if q.MailboxID != nil {
		f.MailboxID = *q.MailboxID
	}
	if q.Rule.ViewID != nil {
		f.RuleViewID = *q.Rule.ViewID
	}
	if q.CommissionBps > 0 {
		f.Commission = strconv.FormatFloat(float64(q.CommissionBps)/100, 'f', -1, 64)
	}
	return f
}

// viewChoices lists the member's saved directory views with how many creators each matches.
func (h *handler) viewChoices(ctx context.Context, r *http.Request) ([]viewChoice, error) {
	st := current(r)
	views, err := h.store.SavedViews(ctx, st.workspace.ID, st.principal.User.ID, store.ViewPageDirectory)
	if err != nil {
		return nil, err
	}
	out := make([]viewChoice, 0, len(views))
	for _, v := range views {
		c := viewChoice{ID: v.ID, Name: v.Name, Count: "filters no longer valid"}
		if q, err := viewQuery(r, v.Query); err == nil {
			q.Limit, q.Sort, q.After = 1, store.DirSortGMV30d, nil
			page, err := h.store.Directory(ctx, st.workspace.ID, q)
			if err != nil {
				return nil, err
			}
			c.Count = fmt.Sprintf("%d match", page.Total)
			if page.TotalCapped {
				c.Count = fmt.Sprintf("%d+ match", page.Total)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// viewQuery reads a saved directory view's query string for the member asking ("me" is them).
func viewQuery(r *http.Request, raw string) (store.DirectoryQuery, error) {
	return DirectoryViewQuery(raw, current(r).principal.User.ID)
}

func usesTemplate(steps []store.SequenceStep, id int64) bool {
	for _, s := range steps {
		if s.TemplateID == id {
			return true
		}
	}
	return false
}

func hasChoice(cs []choice, v string) bool {
	for _, c := range cs {
		if c.Value == v {
			return true
		}
	}
	return false
}

func containsStage(list []model.Stage, s model.Stage) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
