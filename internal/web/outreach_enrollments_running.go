package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// runningEnroll is a sequence's background enrollment while it runs, as the sequence page and
// its enrollments page show it: people who started one from the Directory look for it there,
// and the enrollments list grows while it runs.
type runningEnroll struct {
	Text string // "Enrolling 84,000 creators from the Directory… 42,000 done"
	URL  string // its progress page; "" for the roles that may not open it (outreach.run)
}

// runningEnrollOf returns sequence q's running background enrollment, nil when none runs.
func (h *handler) runningEnrollOf(ctx context.Context, r *http.Request, q *store.Sequence) (*runningEnroll, error) {
	st := current(r)
	ws := st.workspace
	j, err := h.store.RunningEnrollJob(ctx, ws.ID, q.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	from := "from the Directory"
	name, fromView, err := h.enrollJobView(ctx, ws.ID, j)
	switch {
	case err != nil:
		return nil, err
	case fromView && name != "":
		from = "from the saved view «" + name + "»"
	case fromView:
		from = "from a saved view"
	}
	done := j.Handled()
	re := &runningEnroll{}
	if j.Total == nil {
		re.Text = "Counting the creators to enroll " + from + "…"
	} else {
		// Creators who joined the filter since it was counted are enrolled too: the count grows
		// rather than "done" passing it, as on the progress page.
		total := max(*j.Total, done)
		noun := "creators"
		if total == 1 {
			noun = "creator"
		}
		re.Text = "Enrolling " + dirThousands(total) + " " + noun + " " + from + "… " + dirThousands(done) + " done"
	}
	if st.can(access.RunOutreach) {
		re.URL = enrollJobURL(ws.Slug, j.ID)
	}
	return re, nil
}
