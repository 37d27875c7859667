package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/outreach/views"
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

// quotaPlan is views.Plan as the page shows it.
type quotaPlan struct {
	*views.Plan
	SenderText string
	Rows       []plannedCreator
}

// plannedCreator is one creator of the plan.
type plannedCreator struct {
	Handle string
	URL    string
	Score  int
}

// outreachPlanner shows what each sender may still send this week or today and, for a chosen
// sequence, the highest-scoring prospects that fill what is left.
func (h *handler) outreachPlanner(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	ctx := r.Context()
	page := &plannerPage{outreachBase: outreachPage(r, "Quota planner", "planner", nil), FormURL: wsURL(ws, "outreach/planner"),
		Enroll: enrollOutcomeOf(r.URL.Query())}
	var err error
	if page.Quotas, err = h.senderQuotas(ctx, ws, time.Now()); err != nil {
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
		senders := make([]views.Sender, len(page.Quotas))
		for i, q := range page.Quotas {
			senders[i] = q.Sender
		}
		p, err := views.MakePlan(ctx, h.store, ws.ID, page.Seq, senders)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		page.Plan = &quotaPlan{Plan: p, SenderText: channelName(page.Seq.Steps[0].Channel) + ": no sender picked yet"}
		if p.Sender != nil {
			page.Plan.SenderText = p.Sender.Name
		} else if page.Seq.Steps[0].Channel == store.ChannelDiscord {
			page.Plan.SenderText = "the Discord bot"
		}
		for _, c := range p.Candidates {
			page.Plan.Rows = append(page.Plan.Rows, plannedCreator{Handle: c.Username, Score: c.Score,
				URL: wsURL(ws, "creators/"+strconv.FormatInt(c.ID, 10))})
		}
	}
	h.render(w, r, http.StatusOK, "outreach_planner", page)
}
