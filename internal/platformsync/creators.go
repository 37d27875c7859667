package platformsync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// Marketplace search limits.
const (
	DefaultCreatorLimit = 100
	MaxCreatorLimit     = 1000
)

// CreatorSearch is a marketplace creator search to bring into the CRM as prospects.
type CreatorSearch struct {
	ConnectionID int64  `json:"connection_id"`
	Keyword      string `json:"keyword,omitempty"`
	MinFollowers int64  `json:"min_followers,omitempty"`
	MaxFollowers int64  `json:"max_followers,omitempty"`
	// Limit is how many creators to bring in at most: 1–1000, 0 for 100. The marketplace
	// serves 20 a page, so a search costs Limit/20 calls.
	Limit int `json:"limit,omitempty"`
}

// SearchCreators queues a marketplace creator search for the workspace's connection and
// returns the job's id. The same search asked again while it is queued or running is the
// same job.
func (y *Syncer) SearchCreators(ctx context.Context, workspaceID int64, q CreatorSearch) (int64, error) {
	if q.Limit < 0 || q.Limit > MaxCreatorLimit {
		return 0, fmt.Errorf("limit %d: bring in 1 to %d creators at once", q.Limit, MaxCreatorLimit)
	}
	if q.MinFollowers < 0 || q.MaxFollowers < 0 || (q.MaxFollowers > 0 && q.MaxFollowers < q.MinFollowers) {
		return 0, fmt.Errorf("followers %d–%d is not a range", q.MinFollowers, q.MaxFollowers)
	}
	b, err := json.Marshal(q)
	if err != nil {
		return 0, err
	}
	sum := sha256.Sum256(b)
	id, _, err := y.Store.EnqueueJob(ctx, store.JobSpec{WorkspaceID: workspaceID, Kind: KindCreators,
		UniqueKey: fmt.Sprintf("connection:%d:%s", q.ConnectionID, hex.EncodeToString(sum[:8])), Payload: q, MaxAttempts: 5})
	return id, err
}

// creatorsJob runs a marketplace search, storing each page's creators as it goes: a search
// retried after a failure finds the creators it already stored unchanged.
func (y *Syncer) creatorsJob(ctx context.Context, job *store.Job) error {
	var q CreatorSearch
	if err := job.DecodePayload(&q); err != nil {
		return jobs.Permanent(err)
	}
	conn, err := y.Store.Connection(ctx, job.WorkspaceID, q.ConnectionID)
	if errors.Is(err, store.ErrNotFound) {
		return jobs.Permanent(fmt.Errorf("connection %d of workspace %d no longer exists", q.ConnectionID, job.WorkspaceID))
	}
	if err != nil {
		return err
	}
	if conn.Status != store.ConnectionActive {
		return jobs.Permanent(fmt.Errorf("connection %d (%s) is %s", conn.ID, conn.ShopName, conn.Status))
	}
	res, err := y.ImportMarketplaceCreators(ctx, conn, q)
	if err == nil {
		y.log().Info("platformsync: marketplace creators brought in", "workspace", conn.WorkspaceID, "connection", conn.ID,
			"created", res.Created, "updated", res.Updated, "unchanged", res.Unchanged)
	}
	return err
}

// ImportMarketplaceCreators walks the marketplace search q in pages of 20 (the largest the
// platform serves) and adds the creators to the connection's workspace as prospects, up to
// q.Limit (store.AddMarketplaceProspects: a creator's stage is never touched).
func (y *Syncer) ImportMarketplaceCreators(ctx context.Context, conn *store.Connection, q CreatorSearch) (store.ProspectsResult, error) {
	var total store.ProspectsResult
	limit := q.Limit
	if limit == 0 {
		limit = DefaultCreatorLimit
	}
	cl, token, err := y.Clients.Client(ctx, conn)
	if err != nil {
		return total, err
	}
	const pageSize = 20
	auth := tiktokshop.ShopAuth{Cipher: conn.ShopCipher, AccessToken: token}
	var page []store.MarketplaceCreator
	flush := func() error {
		res, err := y.Store.AddMarketplaceProspects(ctx, syncActor, conn.WorkspaceID, page)
		total.Created += res.Created
		total.Updated += res.Updated
		total.Unchanged += res.Unchanged
		page = page[:0]
		return err
	}
	seen := 0
	for c, err := range cl.MarketplaceCreators(ctx, auth, tiktokshop.CreatorQuery{Keyword: q.Keyword,
		MinFollowers: q.MinFollowers, MaxFollowers: q.MaxFollowers, PageSize: pageSize}) {
		if err != nil {
			if ferr := flush(); ferr != nil {
				return total, ferr
			}
			return total, err
		}
		page = append(page, store.MarketplaceCreator{Username: c.Username, ExternalID: c.UserID, DisplayName: c.Nickname,
			Region: c.Region, Followers: c.FollowerCount, Categories: c.Categories})
		seen++
		if len(page) == pageSize || seen == limit {
			if err := flush(); err != nil {
				return total, err
			}
		}
		if seen == limit {
			break
		}
	}
	if len(page) > 0 {
		return total, flush()
	}
	return total, nil
}
