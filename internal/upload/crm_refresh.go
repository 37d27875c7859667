package upload

import (
	"context"
	"time"

	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/model"
)

// refreshCRM brings the workspace's CRM (precomputed sales, stages, tiers, scores) up to date
// after an upload's last file, before its run reads as finished, so a page that waits for the
// run sees the creators' new stages. A failure is logged and does not fail the import: the
// hourly refresh catches up.
func (im *Importer) refreshCRM(ctx context.Context, ws *model.Workspace) {
	if ctx.Err() != nil {
		return
	}
	res, err := crm.Refresh(ctx, im.Store, ws.ID, time.Now())
	if err != nil {
		if ctx.Err() == nil {
			im.Log.Warn("upload: the CRM refresh after an import failed", "workspace", ws.Slug, "err", err)
		}
		return
	}
	im.Log.Info("upload: CRM refreshed", "workspace", ws.Slug, "sales", res.Sales.Changed, "stage_moves", res.Moved(),
		"tier_changes", res.TierChanges, "scores", res.Scores, "took", res.Took.Round(time.Millisecond))
}
