package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
)

// resultsPage is the data of the outreach_results template.
type resultsPage struct {
	outreachBase
	Seq     *store.Sequence
	SeqURL  string
	Days    int
	FormURL string
	Steps   []stepResults
}

// AnySent reports whether a step sent something: the charts' legend is only shown then.
func (p *resultsPage) AnySent() bool {
	for _, s := range p.Steps {
		if len(s.Variants) > 0 {
			return true
		}
	}
	return false
}

// stepResults is one step's figures per variant, its chart and the A/B notes.
type stepResults struct {
	Number   int
	What     string // "Email · First touch"
	Variants []variantResults
	Chart    *resultsChart
	Notes    []abNote
}

// variantResults is one variant's row.
type variantResults struct {
	Label                                                   string
	Sent, Delivered, Replied, Onboarded, Sampled, Activated int
	ReplyRate                                               string
	GMV                                                     string
}

// abNote is the significance note of a variant against A.
type abNote struct {
	Text string
	Win  bool
}

// resultsChart is a small SVG bar chart: per variant, the share of delivered messages that
// got a reply, a sample request and a first sale.
type resultsChart struct {
	Width, Height int
	Bars          []resultsBar
	Labels        []chartText
}

type resultsBar struct {
	X, Y, W, H int
	Class      string
	Title      string
}

type chartText struct {
	X, Y   int
	Text   string
	Anchor string
}

// outreachResults shows what each step and variant of a sequence achieved, GMV counted within
// the days given (default 30) after each message.
func (h *handler) outreachResults(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	q := h.loadSequence(w, r)
	if q == nil {
		return
	}
	days := 30
	if d := r.URL.Query().Get("days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 365 {
			h.badRequest(w, r, "days "+quote(d)+" is not a number of days from 1 to 365.")
			return
		}
		days = n
	}
	res, err := h.store.SequenceResults(r.Context(), ws.ID, q.ID, time.Duration(days)*24*time.Hour)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	tpls, err := h.store.Templates(r.Context(), ws.ID, true)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, t := range tpls {
		names[t.ID] = t.Name
	}
	page := &resultsPage{outreachBase: outreachPage(r, "Results — "+q.Name, "home", nil), Seq: q, SeqURL: sequencePath(ws, q.ID, ""),
		Days: days, FormURL: sequencePath(ws, q.ID, "results")}
	page.Steps = buildStepResults(q, names, res)
	h.render(w, r, http.StatusOK, "outreach_results", page)
}

func buildStepResults(q *store.Sequence, names map[int64]string, res []*store.StepResult) []stepResults {
	byStep := map[int][]*store.StepResult{}
	for _, x := range res {
		byStep[x.Position] = append(byStep[x.Position], x)
	}
	var out []stepResults
	for _, st := range q.Steps {
		sr := stepResults{Number: st.Position + 1, What: channelName(st.Channel) + " · " + names[st.TemplateID]}
		rows := byStep[st.Position]
		sort.Slice(rows, func(i, j int) bool { return rows[i].Variant < rows[j].Variant })
		for _, x := range rows {
			v := variantResults{Label: cmpOrEmpty(x.Variant, "—"), Sent: x.Sent, Delivered: x.Delivered, Replied: x.Replied,
				Onboarded: x.Onboarded, Sampled: x.Sampled, Activated: x.Activated, ReplyRate: "—", GMV: gmvText(x.GMV)}
			if x.Delivered > 0 {
				v.ReplyRate = fmt.Sprintf("%.1f%%", float64(x.Replied)*100/float64(x.Delivered))
			}
			sr.Variants = append(sr.Variants, v)
		}
		for i := 1; i < len(rows); i++ {
			a, b := rows[0], rows[i]
			sig := outreach.Compare(a.Delivered, a.Replied, b.Delivered, b.Replied)
			note := sig.Note
			if rows[0].Variant != "A" || b.Variant != "B" {
				note = strings.NewReplacer("B ", b.Variant+" ", " B", " "+b.Variant, "A ", a.Variant+" ", " A", " "+a.Variant).Replace(note)
			}
			sr.Notes = append(sr.Notes, abNote{Text: a.Variant + " vs " + b.Variant + ": " + note, Win: sig.Significant})
		}
		if len(rows) > 0 {
			sr.Chart = resultsChartOf(rows)
		}
		out = append(out, sr)
	}
	return out
}

// gmvText writes GMV per currency: "$1,250.00 · ₫3,000,000".
func gmvText(gmv map[string]int64) string {
	codes := make([]string, 0, len(gmv))
	for c := range gmv {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var parts []string
	for _, c := range codes {
		parts = append(parts, moneyFor(c).amount(gmv[c]))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, " · ")
}

// resultsChartOf draws, per variant, three bars: replied, sampled and activated as shares of
// the delivered messages.
func resultsChartOf(rows []*store.StepResult) *resultsChart {
	const barW, gap, groupGap, top, plotH = 18, 4, 26, 14, 90
	metrics := []struct {
		name  string
		class string
		get   func(*store.StepResult) int
	}{{"replied", "bar", func(x *store.StepResult) int { return x.Replied }},
		{"sampled", "bar b2", func(x *store.StepResult) int { return x.Sampled }},
		{"activated", "bar b3", func(x *store.StepResult) int { return x.Activated }}}
	c := &resultsChart{Height: top + plotH + 30}
	x := 10
	for _, row := range rows {
		start := x
		for _, m := range metrics {
			pct := 0.0
			if row.Delivered > 0 {
				pct = float64(m.get(row)) / float64(row.Delivered)
			}
			h := int(pct * plotH)
			c.Bars = append(c.Bars, resultsBar{X: x, Y: top + plotH - h, W: barW, H: max(h, 1), Class: m.class,
				Title: fmt.Sprintf("%s %s: %d of %d delivered (%.1f%%)", cmpOrEmpty(row.Variant, "—"), m.name, m.get(row), row.Delivered, pct*100)})
			c.Labels = append(c.Labels, chartText{X: x + barW/2, Y: top + plotH - h - 3, Text: fmt.Sprintf("%.0f%%", pct*100), Anchor: "middle"})
			x += barW + gap
		}
		c.Labels = append(c.Labels, chartText{X: (start + x - gap) / 2, Y: top + plotH + 16, Text: cmpOrEmpty(row.Variant, "—"), Anchor: "middle"})
		x += groupGap
	}
	c.Width = x
	return c
}
