package platformsync

import (
	"context"
	"errors"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// Promotion links per run and per transaction: a chain runs every few hours, so a big catalog
// is covered over a few runs rather than in one burst against the platform's rate limit.
const (
	PromotionLinksPerRun = 200
	promotionLinkBatch   = 20
)

// PromotionLinksResult counts what GeneratePromotionLinks did.
type PromotionLinksResult struct {
	Generated, Refused int
}

// promotionLinksJob runs one connection's promotion links generation.
func (y *Syncer) promotionLinksJob(ctx context.Context, job *store.Job) error {
	conn, err := y.affiliateConnection(ctx, job)
	if err != nil {
		return err
	}
	res, err := y.GeneratePromotionLinks(ctx, conn, PromotionLinksPerRun)
	if err != nil {
		return y.stopOnReauth(ctx, job, err)
	}
	if res.Generated+res.Refused > 0 {
		y.log().Info("platformsync: promotion links generated", "workspace", conn.WorkspaceID, "connection", conn.ID,
			"generated", res.Generated, "refused", res.Refused)
	}
	return nil
}

// GeneratePromotionLinks generates a promotion link for up to limit products of the
// connection's shop that have none, or one 30 days old (store.DuePromotionLinks), storing them
// promotionLinkBatch at a time. A product the platform refuses (not in the affiliate pool) is
// noted and tried again the next day; any other error (rate limit once the client's own
// backoff is spent, 5xx, token) ends the run, keeping what was stored, for the job's retry.
func (y *Syncer) GeneratePromotionLinks(ctx context.Context, conn *store.Connection, limit int) (PromotionLinksResult, error) {
	var res PromotionLinksResult
	due, err := y.Store.DuePromotionLinks(ctx, conn, y.now(), limit)
	if err != nil || len(due) == 0 {
		return res, err
	}
	cl, token, err := y.Clients.Client(ctx, conn)
	if err != nil {
		return res, err
	}
	auth := tiktokshop.ShopAuth{Cipher: conn.ShopCipher, AccessToken: token}
	var batch []store.PromotionLinkResult
	flush := func() error {
		err := y.Store.SavePromotionLinks(ctx, syncActor, conn, batch, y.now())
		batch = batch[:0]
		return err
	}
	for _, id := range due {
		url, err := cl.GeneratePromotionLink(ctx, auth, id)
		if apiErr, ok := tiktokshop.AsAPIError(err); ok && refusedProduct(apiErr) {
			batch = append(batch, store.PromotionLinkResult{ProductID: id, Error: apiErr.Message})
			res.Refused++
		} else if err != nil {
			return res, errors.Join(err, flush())
		} else {
			batch = append(batch, store.PromotionLinkResult{ProductID: id, URL: url})
			res.Generated++
		}
		if len(batch) == promotionLinkBatch {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	return res, flush()
}

// refusedProduct tells a refusal about the product itself (worth noting and moving on) from
// a problem of the call (worth stopping for: the token, the rate limit, the platform).
func refusedProduct(e *tiktokshop.APIError) bool {
	return !e.IsTokenProblem() && !e.IsRateLimited() && !e.IsServerError() && !e.IsInvalidSign() && e.Code != tiktokshop.CodeScopeNotGranted
}
