package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// connectionSync is the sync status the connections list shows for one connection
// (templates/partials/sync_status.html).
type connectionSync struct {
	LastSuccessAt *time.Time // the last completed sync; nil before the first
	LastError     string     // the latest attempt's error, "" after a success
	LinesSeen     int64      // order lines read by every sync so far
	LastRunLines  int64      // lines the last (or current) run read
	Running       bool       // a sync of the connection runs now
	NextAt        *time.Time // when the next sync is due; nil when none is queued
	Resuming      bool       // the last run stopped part-way; the next resumes it
	// For the "Sync now" button.
	Timezone string
	Action   string // the POST path; "" when the viewer may not sync or the connection cannot
}

// connectionSyncs returns the sync status of the workspace's connections by connection id:
// their orders sync state and the queued or running sync job of each.
func (h *handler) connectionSyncs(r *http.Request, ws *model.Workspace) (map[int64]connectionSync, error) {
	ctx := r.Context()
	states, err := h.store.WorkspaceSyncStates(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	conns, err := h.store.Connections(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]connectionSync, len(conns))
	canSync := current(r).can(access.ManageShops)
	for _, c := range conns {
		cs := connectionSync{Timezone: ws.Timezone}
		if canSync && c.Status == store.ConnectionActive && c.ShopID != nil {
			cs.Action = wsURL(ws, fmt.Sprintf("connections/%d/sync", c.ID))
		}
		out[c.ID] = cs
	}
	for _, st := range states {
		if st.Resource != "orders" {
			continue
		}
		cs := out[st.ConnectionID]
		cs.LastSuccessAt, cs.LastError, cs.LinesSeen, cs.LastRunLines = st.LastSuccessAt, st.LastError, st.LinesSeen, st.RunLines
		cs.Resuming = st.Unfinished() && st.Pages > 0
		out[st.ConnectionID] = cs
	}
	for _, kind := range []string{platformsync.KindOrders, platformsync.KindShopeeOrders} {
		if err := h.syncJobsInto(r, ws, kind, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// syncJobsInto marks in out the connections whose sync job of kind runs or is queued.
func (h *handler) syncJobsInto(r *http.Request, ws *model.Workspace, kind string, out map[int64]connectionSync) error {
	for _, status := range []string{store.JobQueued, store.JobRunning} {
		jobs, err := h.store.Jobs(r.Context(), store.JobFilter{WorkspaceID: ws.ID, Kind: kind, Status: status, Limit: 500})
		if err != nil {
			return err
		}
		for _, j := range jobs {
			var id int64
			if _, err := fmt.Sscanf(strings.TrimPrefix(j.UniqueKey, "connection:"), "%d", &id); err != nil {
				continue
			}
			cs, ok := out[id]
			if !ok {
				continue
			}
			if status == store.JobRunning {
				cs.Running = true
			} else if cs.NextAt == nil || j.RunAt.Before(*cs.NextAt) {
				at := j.RunAt
				cs.NextAt = &at
			}
			out[id] = cs
		}
	}
	return nil
}
