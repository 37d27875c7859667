package crm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/store"
)

// JobKind is the durable job that refreshes every workspace's CRM; Register schedules it.
const JobKind = "crm.refresh"

// RefreshEvery is how often the scheduled refresh runs. Time alone moves creators (at risk
// after AtRiskDays without a sale) and ends tier overrides, so the CRM is refreshed without
// imports too; hourly catches each workspace's midnight within the hour.
const RefreshEvery = time.Hour

// Register adds the scheduled refresh to a job runner: one chain for the installation, so
// several servers do not refresh the same workspaces at once.
func Register(r *jobs.Runner, st *store.Store, log *slog.Logger) {
	r.Handle(WorkspaceJobKind, func(ctx context.Context, j *store.Job) error {
		_, err := Refresh(ctx, st, j.WorkspaceID, time.Now())
		return err
	})
	r.Every(JobKind, RefreshEvery, func(ctx context.Context) error { return RefreshAll(ctx, st, time.Now(), log) })
}

// WorkspaceJobKind refreshes one workspace soon after a change whose effect on the precomputed
// figures would otherwise wait for the hourly run: a merge folds the merged creator's sales into
// the kept one, an unmerge splits them back.
const WorkspaceJobKind = "crm.refresh.workspace"

// EnqueueRefresh queues a refresh of the workspace for the job runner; several changes in a
// row share one queued refresh.
func EnqueueRefresh(ctx context.Context, st *store.Store, wsID int64) error {
	_, _, err := st.EnqueueJob(ctx, store.JobSpec{WorkspaceID: wsID, Kind: WorkspaceJobKind,
		UniqueKey: fmt.Sprintf("workspace:%d", wsID)})
	return err
}

// RefreshAll refreshes every workspace's CRM, going on past a failing workspace, and returns
// the failures joined. Runs that changed something are logged.
func RefreshAll(ctx context.Context, st *store.Store, now time.Time, log *slog.Logger) error {
	wss, err := st.Workspaces(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, ws := range wss {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res, err := Refresh(ctx, st, ws.ID, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("workspace %s: %w", ws.Slug, err))
			continue
		}
		if log != nil && (res.Sales.Changed > 0 || res.Moved() > 0 || res.TierChanges > 0 || res.OverridesExpired > 0) {
			log.Info("crm refreshed", "workspace", ws.Slug, "sales", res.Sales.Changed, "stage_moves", res.Moved(),
				"tier_changes", res.TierChanges, "overrides_expired", res.OverridesExpired, "scores", res.Scores,
				"took", res.Took.Round(time.Millisecond))
		}
	}
	return errors.Join(errs...)
}
