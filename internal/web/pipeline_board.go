package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// boardCardsPerColumn is how many cards a column shows; "Show all" opens the directory.
const boardCardsPerColumn = 50

// pipelinePage is the data of the pipeline template.
type pipelinePage struct {
	basePage
	Workspace  *model.Workspace
	Columns    []boardColumn
	Stages     []stageChoice
	Filter     boardFilter
	Filtered   bool
	ClearURL   string
	Empty      bool // no creator at all matches
	CanEdit    bool
	Currency   string
	SLAURL     string
	TasksURL   string
	DirURL     string
	ImportsURL string // set when the member may import: the empty board links there
	Members    []memberChoice
	BackURL    string // where the no-JS move forms come back to
	StagePath  string // the stage POST of a creator, with {id} for the script
	TotalCount int64
	Views      *boardViews // the member's saved views of the board, and the save form's filters
	Done       string      // what the last action did: "View saved."
	Problem    listProblem // a filter that cannot be used: the bar marks it, no board
}

// boardFilter is the board's filters as the form shows them (parameter names are the
// directory's, so "Show all" carries them over).
type boardFilter struct {
	Q, Owner, Tag, Vertical, Region string
	Unowned                         bool
}

// boardColumn is one stage of the board.
type boardColumn struct {
	Stage   string
	Label   string
	Count   int64
	GMV     string
	GMVRaw  int64
	Cards   []boardCard
	More    int64  // cards beyond the ones shown
	AllURL  string // the directory filtered by this stage and the board's filters
	Blocked bool   // do-not-contact and banned: moving here asks for a reason
}

// boardCard is a creator on the board.
type boardCard struct {
	ID          int64
	Handle, URL string
	Name        string
	Owner       string
	Tier        string
	GMV         string
	GMVRaw      int64
	Days        int
	Stage       string
	StageURL    string
}

// stageChoice is a stage in a select.
type stageChoice struct {
	Value, Label string
	Blocked      bool
}

// stageChoices lists every stage for a select.
func stageChoices() []stageChoice {
	out := make([]stageChoice, 0, len(model.Stages))
	for _, s := range model.Stages {
		out = append(out, stageChoice{Value: string(s), Label: s.Label(), Blocked: s.Blocked()})
	}
	return out
}

// pipelineBoard shows the pipeline: a column per stage with its count and 30-day GMV, the top
// creators of each as cards to drag (or move with the card's form), filtered like the
// directory.
func (h *handler) pipelineBoard(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	v := r.URL.Query()
	kept := boardFilters(v)
	q, err := parseDirectoryQuery(r)
	bad, isBad := dirQueryProblem(err, wsURL(ws, "pipeline"))
	if err != nil && !isBad {
		h.serverError(w, r, err)
		return
	}
	b := &store.Board{}
	if isBad {
		// A bad filter without a field in the bar would come back with "Filter" as a hidden
		// input: it is left out, the panel names it.
		if !slices.Contains(boardFormParams, bad.Field) {
			kept.Del(bad.Field)
		}
	} else if b, err = h.store.PipelineBoard(r.Context(), ws.ID, q, boardCardsPerColumn); err != nil {
		h.serverError(w, r, err)
		return
	}
	f := boardFilter{Q: v.Get("q"), Owner: v.Get("owner"), Tag: v.Get("tag"), Vertical: v.Get("vertical"), Region: v.Get("region"),
		Unowned: v.Get("unowned") == "1"}
	page := &pipelinePage{basePage: basePage{Title: "Pipeline — " + ws.Name}, Workspace: ws, Stages: stageChoices(), Filter: f,
		Filtered: len(kept) > 0, ClearURL: wsURL(ws, "pipeline"), CanEdit: st.can(access.EditCreators), Currency: b.Currency,
		SLAURL: wsURL(ws, "pipeline/sla"), TasksURL: wsURL(ws, "tasks"), DirURL: wsURL(ws, "directory"),
		BackURL: dirURL(wsURL(ws, "pipeline"), kept), StagePath: wsURL(ws, "creators/{id}/stage"), Problem: bad}
	if d, _, _ := strings.Cut(v.Get("done"), ":"); d == "view" || d == "view_deleted" {
		page.Done = directoryDone[d]
	}
	if page.Views, err = h.pipelineViews(r, kept); err != nil {
		h.serverError(w, r, err)
		return
	}
	if st.can(access.ImportData) {
		page.ImportsURL = wsURL(ws, "imports")
	}
	if page.Members, err = h.memberChoices(r); err != nil {
		h.serverError(w, r, err)
		return
	}
	m := moneyFor(b.Currency)
	now := time.Now()
	for _, c := range b.Columns {
		col := boardColumn{Stage: string(c.Stage), Label: c.Stage.Label(), Count: c.Count, GMV: m.amount(c.GMV30d), GMVRaw: c.GMV30d,
			More: c.Count - int64(len(c.Cards)), Blocked: c.Stage.Blocked(),
			AllURL: dirURL(wsURL(ws, "directory"), kept, "stage", string(c.Stage))}
		for i := range c.Cards {
			p := &c.Cards[i]
			id := strconv.FormatInt(p.ID, 10)
			card := boardCard{ID: p.ID, Handle: p.Username, URL: wsURL(ws, "creators/"+id), Name: p.DisplayName,
				Owner: ownerShort(p.OwnerEmail), Tier: p.Tier, GMV: m.amount(p.Sales.GMV30d), GMVRaw: p.Sales.GMV30d,
				Stage: string(p.Stage), StageURL: wsURL(ws, "creators/"+id+"/stage")}
			if !p.StageSince.IsZero() {
				card.Days = int(now.Sub(p.StageSince).Hours() / 24)
			}
			col.Cards = append(col.Cards, card)
		}
		page.TotalCount += c.Count
		page.Columns = append(page.Columns, col)
	}
	if isBad {
		h.render(w, r, http.StatusBadRequest, "pipeline", page)
		return
	}
	page.Empty = page.TotalCount == 0
	h.render(w, r, http.StatusOK, "pipeline", page)
}

// ownerShort is an owner as a card has room for: the email's name part.
func ownerShort(email string) string {
	name, _, _ := strings.Cut(email, "@")
	return name
}
