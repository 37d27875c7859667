package web

import (
	"net/http"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// creatorSamplesShown is how many applications the creator page lists.
const creatorSamplesShown = 5

// creatorSamples is the creator page's sample applications panel
// (templates/partials/creator_samples.html).
type creatorSamples struct {
	Rows   []sampleRow
	More   bool
	AllURL string // the creator's applications in the samples list
}

// creatorSamplesPanel loads the creator's latest sample applications; nil when there are none,
// and the page shows no panel.
func (h *handler) creatorSamplesPanel(r *http.Request, ws *model.Workspace, creatorID int64, handle string) (*creatorSamples, error) {
	rows, more, err := h.store.SampleApplications(r.Context(), ws.ID, store.SampleQuery{CreatorID: creatorID, Limit: creatorSamplesShown})
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &creatorSamples{Rows: sampleRows(ws, rows, time.Now()), More: more,
		AllURL: listURL(wsURL(ws, "samples"), nil, "creator", handle)}, nil
}
