package web

import (
	"errors"
	"net/http"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// creatorStage moves one creator to another stage (form fields stage and reason). The board's
// script posts it with Accept: application/json and moves the card only on a yes.
func (h *handler) creatorStage(w http.ResponseWriter, r *http.Request) {
	c, ok := h.pathCreator(w, r)
	if !ok {
		return
	}
	st := current(r)
	raw := r.PostFormValue("stage")
	stage, ok := model.ParseStage(raw)
	if !ok {
		h.refuse(w, r, http.StatusBadRequest, "stage "+quote(raw)+" is not a stage: pick one of the list.")
		return
	}
	reason := r.PostFormValue("reason")
	_, err := h.store.SetStage(r.Context(), st.principal.Actor(), st.workspace.ID, []int64{c.ID}, stage, reason)
	if errors.Is(err, store.ErrReasonRequired) {
		h.refuse(w, r, http.StatusBadRequest, "reason: say why @"+c.Username+" is "+stage.Label()+
			" — a colleague reads it before contacting them anyway.")
		return
	}
	if err != nil {
		h.changeFailed(w, r, err)
		return
	}
	if wantsJSON(r) {
		answerJSON(w, http.StatusOK, map[string]string{"stage": string(stage), "label": stage.Label()})
		return
	}
	backTo(w, r, creatorURL(r, c.ID), "stage")
}

// quote writes a value for a message: "beauty" with its quotes, or (empty).
func quote(s string) string {
	if s == "" {
		return "(empty)"
	}
	// Cut at a character, not a byte: half a multi-byte character is not text.
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:60]) + "…"
	}
	return "“" + s + "”"
}
