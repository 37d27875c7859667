package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
)

// plannerPage is the data of the outreach_planner template.
type plannerPage struct {
	outreachBase
	Quotas    []senderQuota
	Sequences []choice
	Seq       *store.Sequence
	SeqValue  string
	Plan      *quotaPlan
	FormURL   string
	Enroll    *enrollOutcome
}

// quotaPlan is who the planner would enroll in a sequence now.
type quotaPlan struct {
	Sender     string
	Quota      int
	Used       int
	Pending    int // enrolled in the sender's sequences, first message not sent yet
	Left       int
	NoQuota    bool // a channel without a quota (Discord): Left is the planner's batch size
	Candidates []plannedCreator
	More       int // eligible prospects beyond the plan
}

// plannedCreator is one creator of the plan.
type plannedCreator struct {
	ID     int64
	Handle string
	URL    string
	Score  int
}

// plannerBatch caps a plan without a quota (Discord) and how many candidates are read.
const plannerBatch = 200

// outreachPlanner shows what each sender may still send this week or today and, for a chosen
// sequence, the highest-scoring prospects that fill what is left.
func (h *handler) outreachPlanner(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	ctx := r.Context()
	page := &plannerPage{outreachBase: outreachPage(r, "Quota planner", "planner", nil), FormURL: wsURL(ws, "outreach/planner"),
		Enroll: enrollOutcomeOf(r.URL.Query())}
	now := time.Now()
	var err error
	if page.Quotas, err = h.senderQuotas(ctx, ws, now); err != nil {
		h.serverError(w, r, err)
		return
	}
	seqs, err := h.store.Sequences(ctx, ws.ID, false)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	want := r.URL.Query().Get("sequence")
	for _, q := range seqs {
		if len(q.Steps) == 0 {
			continue
		}
		id := strconv.FormatInt(q.ID, 10)
		page.Sequences = append(page.Sequences, choice{id, q.Name + " (" + channelName(q.Steps[0].Channel) + ", " + q.Status + ")"})
		if id == want || (want == "" && page.Seq == nil) {
			page.Seq, page.SeqValue = q, id
		}
	}
	if page.Seq != nil {
		if page.Plan, err = h.plan(ctx, ws.ID, page.Seq, seqs, page.Quotas); err != nil {
			h.serverError(w, r, err)
			return
		}
		for i := range page.Plan.Candidates {
			page.Plan.Candidates[i].URL = wsURL(ws, "creators/"+strconv.FormatInt(page.Plan.Candidates[i].ID, 10))
		}
	}
	h.render(w, r, http.StatusOK, "outreach_planner", page)
}

// plan fills what is left of the sender of q's first step with the best prospects
// (outreach.QuotaPlan), minus the enrollments of that sender still waiting for their first
// message.
func (h *handler) plan(ctx context.Context, wsID int64, q *store.Sequence, all []*store.Sequence, quotas []senderQuota) (*quotaPlan, error) {
	channel := q.Steps[0].Channel
	key := q.SenderKey(channel)
	p := &quotaPlan{Sender: channelName(channel) + " (no sender picked yet)", NoQuota: true, Quota: plannerBatch}
	for _, sq := range quotas {
		if sq.SenderKey == key {
			p.Sender, p.NoQuota, p.Quota, p.Used = sq.Name+" · "+sq.Period, false, sq.Quota, sq.Used
		}
	}
	if key != "" && channel == store.ChannelDiscord {
		p.Sender = "Discord bot"
	}
	var same []int64
	for _, x := range all {
		if len(x.Steps) > 0 && x.SenderKey(x.Steps[0].Channel) == key && key != "" {
			same = append(same, x.ID)
		}
	}
	var err error
	if p.Pending, err = h.store.PendingFirstSteps(ctx, wsID, same); err != nil {
		return nil, err
	}
	p.Left = max(p.Quota-p.Used-p.Pending, 0)
	if p.NoQuota {
		p.Left = plannerBatch
	}
	cands, err := h.store.PlannerCandidates(ctx, wsID, q.ID, channel, min(p.Left, plannerBatch)+1)
	if err != nil {
		return nil, err
	}
	cs := make([]outreach.Candidate, len(cands))
	handles := map[int64]string{}
	for i, c := range cands {
		cs[i] = outreach.Candidate{ID: c.ID, Score: c.Score}
		handles[c.ID] = c.Username
	}
	picked := outreach.QuotaPlan(min(p.Left, plannerBatch), cs)
	for _, c := range picked {
		p.Candidates = append(p.Candidates, plannedCreator{ID: c.ID, Handle: handles[c.ID], Score: c.Score})
	}
	p.More = len(cands) - len(picked)
	return p, nil
}
