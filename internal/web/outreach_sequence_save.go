package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// outreachSequenceSave saves a sequence's settings: name, senders, stop conditions, hours,
// what its templates say about the offer, and its enrollment rule.
func (h *handler) outreachSequenceSave(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	q := h.loadSequence(w, r)
	if q == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	next := *q
	if err := readSequenceForm(r, &next); err != nil {
		h.showSequenceError(w, r, q, q.Steps, err.Error())
		return
	}
	if err := h.store.UpdateSequence(r.Context(), st.principal.Actor(), &next); err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			h.showSequenceError(w, r, q, q.Steps, msg)
			return
		}
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, sequencePath(st.workspace, q.ID, "")+"?ok=saved#settings", http.StatusSeeOther)
}

// readSequenceForm reads the settings form into q; the first bad field is the error.
func readSequenceForm(r *http.Request, q *store.Sequence) error {
	f := r.PostForm
	q.Name = f.Get("name")
	var err error
	if q.TikTokConnectionID, err = optionalID(f.Get("tiktok_connection_id"), "TikTok shop"); err != nil {
		return err
	}
	if q.MailboxID, err = optionalID(f.Get("mailbox_id"), "mailbox"); err != nil {
		return err
	}
	q.StopOnReply, q.StopOnSample = f.Get("stop_on_reply") == "1", f.Get("stop_on_sample") == "1"
	q.StopStages = nil
	for _, s := range f["stop_stage"] {
		stage, ok := model.ParseStage(s)
		if !ok {
			return fmt.Errorf("stop stage %s is not a stage", quote(s))
		}
		q.StopStages = append(q.StopStages, stage)
	}
	if q.Hours, err = parseHours(r); err != nil {
		return err
	}
	q.ProductID, q.Campaign = strings.TrimSpace(f.Get("product_id")), strings.TrimSpace(f.Get("campaign"))
	q.CommissionBps = 0
	if c := strings.TrimSuffix(strings.TrimSpace(f.Get("commission")), "%"); c != "" {
		pct, err := strconv.ParseFloat(strings.TrimSpace(c), 64)
		if err != nil || pct < 0 || pct > 100 || math.IsNaN(pct) {
			return fmt.Errorf("commission %s is not a percentage from 0 to 100", quote(f.Get("commission")))
		}
		q.CommissionBps = int(math.Round(pct * 100))
	}
	q.Rule.Enabled = f.Get("rule_enabled") == "1"
	if q.Rule.ViewID, err = optionalID(f.Get("rule_view_id"), "saved view"); err != nil {
		return err
	}
	q.Rule.Stage = f.Get("rule_stage")
	if q.Rule.MinScore, err = formInt(r, "rule_min_score", 0); err != nil {
		return err
	}
	if q.Rule.MinScore < 0 || q.Rule.MinScore > 100 {
		return fmt.Errorf("fit score of at least %s is not from 0 to 100", quote(f.Get("rule_min_score")))
	}
	if q.Rule.Enabled && q.Rule.ViewID == nil && q.Rule.Stage == "" && q.Rule.MinScore == 0 {
		return fmt.Errorf("the enrollment rule needs a saved view, a stage or a minimum fit score: otherwise it would enroll every creator")
	}
	return nil
}

// optionalID reads a select's id, "" for none.
func optionalID(v, what string) (*int64, error) {
	if v == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return nil, fmt.Errorf("%s %s is not an id", what, quote(v))
	}
	return &id, nil
}
