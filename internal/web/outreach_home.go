package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// outreachHomePage is the data of the outreach template: the sequences and this week's quotas.
type outreachHomePage struct {
	outreachBase
	Sequences    []sequenceRow
	ShowArchived bool
	ToggleURL    string
	ExportURL    string
	Quotas       []senderQuota
	// The first-run checklist, shown until a sequence exists.
	HasSender, HasTemplate bool
	Templates              int
}

// sequenceRow is a sequence as the outreach home lists it.
type sequenceRow struct {
	ID                        int64
	Name, URL, Status         string
	Steps                     int
	Channels                  string
	Enrolled, Active, Stopped int
	Completed, SentWeek       int
	ReplyRate                 string
	Updated                   string
}

var outreachNotices = map[string]string{"archived": "Sequence archived: its enrollments stopped and its unsent messages were cancelled."}

// outreachHome lists the sequences with their counts, and what each sender may still send.
func (h *handler) outreachHome(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	ctx := r.Context()
	page := &outreachHomePage{outreachBase: outreachPage(r, "Outreach", "home", outreachNotices), ShowArchived: r.URL.Query().Get("archived") == "1"}
	seqs, err := h.store.Sequences(ctx, ws.ID, page.ShowArchived)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	now := time.Now()
	stats, err := h.store.OutreachSequenceStats(ctx, ws.ID, weekStartOf(ws, now))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page.Sequences = sequenceRows(ws, seqs, stats)
	if page.Quotas, err = h.senderQuotas(ctx, ws, now); err != nil {
		h.serverError(w, r, err)
		return
	}
	tpls, err := h.store.Templates(ctx, ws.ID, false)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page.Templates, page.HasTemplate, page.HasSender = len(tpls), len(tpls) > 0, len(page.Quotas) > 0
	page.ToggleURL = wsURL(ws, "outreach")
	if !page.ShowArchived {
		page.ToggleURL += "?archived=1"
	}
	if page.CanExport {
		page.ExportURL = wsURL(ws, "outreach/sequences.csv")
		if page.ShowArchived {
			page.ExportURL += "?archived=1"
		}
	}
	h.render(w, r, http.StatusOK, "outreach", page)
}

func sequenceRows(ws *model.Workspace, seqs []*store.Sequence, stats map[int64]*store.SequenceStats) []sequenceRow {
	out := make([]sequenceRow, 0, len(seqs))
	for _, q := range seqs {
		x := stats[q.ID]
		if x == nil {
			x = &store.SequenceStats{}
		}
		row := sequenceRow{ID: q.ID, Name: q.Name, URL: sequencePath(ws, q.ID, ""), Status: q.Status, Steps: len(q.Steps),
			Enrolled: x.Enrolled, Active: x.Active + x.Paused, Stopped: x.Stopped, Completed: x.Completed, SentWeek: x.SentSince,
			ReplyRate: "—", Updated: q.UpdatedAt.In(ws.Location()).Format("2 Jan 2006")}
		if x.Contacted > 0 {
			row.ReplyRate = fmt.Sprintf("%.1f%%", x.ReplyRate()*100)
		}
		var chans []string
		for _, s := range q.Steps {
			if name := channelName(s.Channel); !slices.Contains(chans, name) {
				chans = append(chans, name)
			}
		}
		row.Channels = strings.Join(chans, ", ")
		out = append(out, row)
	}
	return out
}
