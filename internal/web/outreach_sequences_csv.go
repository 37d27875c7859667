package web

import (
	"net/http"
	"strconv"
	"time"
)

// outreachSequencesCSV downloads the sequences with their counts; archived ones only with
// archived=1, as the list shows them, so the file holds what the page showed.
func (h *handler) outreachSequencesCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	seqs, err := h.store.Sequences(r.Context(), ws.ID, r.URL.Query().Get("archived") == "1")
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	stats, err := h.store.OutreachSequenceStats(r.Context(), ws.ID, weekStartOf(ws, time.Now()))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	header := []string{"Sequence ID", "Name", "Status", "Steps", "Channels", "Enrolled", "Running", "Stopped", "Completed", "Sent this week", "Reply rate", "Updated"}
	h.writeCSV(w, r, csvFilename(ws, "sequences"), header, func(emit func([]string) error) error {
		for _, row := range sequenceRows(ws, seqs, stats) {
			if err := emit([]string{strconv.FormatInt(row.ID, 10), row.Name, row.Status, strconv.Itoa(row.Steps), row.Channels,
				strconv.Itoa(row.Enrolled), strconv.Itoa(row.Active), strconv.Itoa(row.Stopped), strconv.Itoa(row.Completed),
				strconv.Itoa(row.SentWeek), row.ReplyRate, row.Updated}); err != nil {
				return err
			}
		}
		return nil
	})
}
