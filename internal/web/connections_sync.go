package web

import (
	"net/http"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// connectionSync is the sync status the connections list shows for one connection.
type connectionSync struct {
	LastSuccessAt *time.Time // the last completed sync; nil before the first
	LastError     string     // the latest attempt's error, "" after a success
}

// connectionSyncs returns the sync status of the workspace's connections by connection id.
// The syncs (issue 5) fill it from their sync state; until then every connection shows
// "not yet".
func (h *handler) connectionSyncs(_ *http.Request, _ *model.Workspace) (map[int64]connectionSync, error) {
	return map[int64]connectionSync{}, nil
}
