package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
)

// outreachSequenceSteps saves the steps editor: the rows as posted, with one change applied
// (op: add, remove:N, up:N, down:N; none: just save). Every step's template must suit its
// channel (an email needs a subject, IM and Discord messages fit 2,000 characters).
func (h *handler) outreachSequenceSteps(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	q := h.loadSequence(w, r)
	if q == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	steps, err := readSteps(r, q.Hours)
	if err != nil {
		h.showSequenceError(w, r, q, q.Steps, err.Error())
		return
	}
	tpls, err := h.store.Templates(r.Context(), ws.ID, true)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if steps, err = applyStepOp(steps, r.PostForm.Get("op"), tpls, q.Hours); err != nil {
		h.showSequenceError(w, r, q, steps, err.Error())
		return
	}
	byID := map[int64]*store.OutreachTemplate{}
	for _, t := range tpls {
		byID[t.ID] = t
	}
	for i, s := range steps {
		t := byID[s.TemplateID]
		if t == nil {
			h.showSequenceError(w, r, q, steps, fmt.Sprintf("Step %d: template %d is not a template of this workspace.", i+1, s.TemplateID))
			return
		}
		if err := checkTemplateFor(t, s.Channel); err != nil {
			h.showSequenceError(w, r, q, steps, fmt.Sprintf("Step %d: %v", i+1, err))
			return
		}
	}
	if err := h.store.ReplaceSteps(r.Context(), st.principal.Actor(), ws.ID, q.ID, steps); err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			h.showSequenceError(w, r, q, steps, msg)
			return
		}
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, sequencePath(ws, q.ID, "")+"?ok=steps#steps", http.StatusSeeOther)
}

// readSteps reads the editor's rows: the repeated fields channel, template, delay, unit,
// card_kind and card_id, in order.
func readSteps(r *http.Request, h store.OutreachHours) ([]store.SequenceStep, error) {
	f := r.PostForm
	n := len(f["channel"])
	if len(f["template"]) != n || len(f["delay"]) != n || len(f["unit"]) != n {
		return nil, fmt.Errorf("the steps form is incomplete: reload the page and try again")
	}
	steps := make([]store.SequenceStep, 0, n)
	for i := 0; i < n; i++ {
		s := store.SequenceStep{Position: i, Channel: f["channel"][i]}
		if !hasChoice(outreachChannels, s.Channel) {
			// Checked here, not left to the template check, which would blame the template.
			return nil, fmt.Errorf("step %d: channel %s is not TikTok IM, Email or Discord DM", i+1, quote(s.Channel))
		}
		id, err := strconv.ParseInt(f["template"][i], 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("step %d: template %s is not a template id", i+1, quote(f["template"][i]))
		}
		s.TemplateID = id
		d, err := strconv.Atoi(strings.TrimSpace(cmpOrEmpty(f["delay"][i], "0")))
		if err != nil {
			return nil, fmt.Errorf("step %d: delay %s is not a whole number", i+1, quote(f["delay"][i]))
		}
		if s.DelayMinutes, err = joinDelay(d, f["unit"][i], h); err != nil {
			return nil, fmt.Errorf("step %d: %v", i+1, err)
		}
		if k := f["card_kind"]; i < len(k) {
			s.CardKind = k[i]
		}
		if c := f["card_id"]; i < len(c) {
			s.CardID = strings.TrimSpace(c[i])
		}
		steps = append(steps, s)
	}
	return steps, nil
}

func cmpOrEmpty(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// applyStepOp applies one editor button to the rows.
func applyStepOp(steps []store.SequenceStep, op string, tpls []*store.OutreachTemplate, h store.OutreachHours) ([]store.SequenceStep, error) {
	verb, arg, _ := strings.Cut(op, ":")
	i, err := strconv.Atoi(arg)
	inRange := err == nil && i >= 0 && i < len(steps)
	switch {
	case verb == "":
		return steps, nil
	case verb == "add":
		var tpl int64
		for _, t := range tpls {
			if t.Status == store.TemplateActive {
				tpl = t.ID
				break
			}
		}
		if tpl == 0 {
			return steps, fmt.Errorf("write a template first: every step sends one")
		}
		s := store.SequenceStep{Channel: store.ChannelTikTokIM, TemplateID: tpl}
		if len(steps) > 0 {
			last := steps[len(steps)-1]
			s.Channel, s.TemplateID, s.DelayMinutes = last.Channel, last.TemplateID, 2*businessDay(h)
		}
		steps = append(steps, s)
	case verb == "remove" && inRange:
		steps = append(steps[:i:i], steps[i+1:]...)
	case verb == "up" && inRange && i > 0:
		steps[i-1], steps[i] = steps[i], steps[i-1]
	case verb == "down" && inRange && i < len(steps)-1:
		steps[i], steps[i+1] = steps[i+1], steps[i]
	default:
		return steps, fmt.Errorf("%s is not a change the editor makes", quote(op))
	}
	for i := range steps {
		steps[i].Position = i
	}
	return steps, nil
}

// checkTemplateFor checks every variant of a template against a channel's rules.
func checkTemplateFor(t *store.OutreachTemplate, channel string) error {
	for _, v := range t.Variants {
		if err := outreach.CheckForChannel(channel, v.Subject, v.Body); err != nil {
			return fmt.Errorf("template %s, variant %s: %s", quote(t.Name), variantName(v), oneLine(err))
		}
	}
	return nil
}

// variantName names a variant: "B", "B (vi)".
func variantName(v store.TemplateVariant) string {
	if v.Language == "" {
		return v.Label
	}
	return v.Label + " (" + v.Language + ")"
}

// oneLine joins a joined error's lines with "; ".
func oneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", "; ") }
