package crm_test

import (
	"context"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// A merge queues one refresh of its workspace; more changes before it runs share it.
func TestEnqueueRefreshCoalesces(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		for range 3 {
			if err := crm.EnqueueRefresh(ctx, s, ws.ID); err != nil {
				t.Fatal(err)
			}
		}
		jobs, err := s.ClaimJobs(ctx, "test", []string{crm.WorkspaceJobKind}, 10, time.Minute, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != 1 || jobs[0].WorkspaceID != ws.ID {
			t.Fatalf("queued refreshes = %+v, want one for workspace %d", jobs, ws.ID)
		}
	})
}
