package web

import (
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// outreachEnrollmentsCSV downloads a sequence's enrollments with the page's filters, every
// page of them, streamed.
func (h *handler) outreachEnrollmentsCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	q := h.loadSequence(w, r)
	if q == nil {
		return
	}
	v := r.URL.Query()
	f, ok := enrollmentFilterOf(v, q.ID)
	if !ok {
		h.badRequest(w, r, "status "+quote(v.Get("status"))+" is not active, paused, stopped or completed.")
		return
	}
	reason := v.Get("reason")
	loc := ws.Location()
	header := []string{"Enrollment ID", "Creator ID", "Creator", "Status", "Reason", "Next step", "Next due", "Variant", "Source", "Enrolled by", "Enrolled at", "First sent", "Last sent"}
	h.writeCSV(w, r, csvFilename(ws, "enrollments-"+strconv.FormatInt(q.ID, 10)), header, func(emit func([]string) error) error {
		for {
			rows, more, err := h.enrollmentPage(r.Context(), ws.ID, f, reason, 500)
			if err != nil {
				return err
			}
			for _, e := range rows {
				reasonText, due := e.StopReason, ""
				if e.Status == store.EnrollmentActive {
					reasonText, due = e.WaitReason, e.NextAt.In(loc).Format("2006-01-02 15:04")
				}
				first, last := "", ""
				if e.FirstSentAt != nil {
					first = e.FirstSentAt.In(loc).Format("2006-01-02 15:04")
				}
				if e.LastSentAt != nil {
					last = e.LastSentAt.In(loc).Format("2006-01-02 15:04")
				}
				if err := emit([]string{strconv.FormatInt(e.ID, 10), strconv.FormatInt(e.CreatorID, 10), e.CreatorHandle, e.Status, reasonText,
					strconv.Itoa(e.StepIndex + 1), due, e.Variant, e.Source, e.EnrolledBy, e.EnrolledAt.In(loc).Format("2006-01-02 15:04"), first, last}); err != nil {
					return err
				}
			}
			if !more || len(rows) == 0 {
				return nil
			}
			f.AfterID = rows[len(rows)-1].ID
		}
	})
}
