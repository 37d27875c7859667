package ingest_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestImportCreatorList(t *testing.T) {
	list := filepath.Join("..", "..", "testdata", "creators-sample.csv")
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := newShop(t, s)
		sum, err := ingest.ImportCreators(ctx, s, ws, list, ingest.CreatorListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rows != 300 || sum.Inserted != 300 {
			t.Fatalf("summary %+v", sum)
		}
		// mintaura_1,Mintaura 1,"734,294",Health,$25.58,1,149586,11.0%,,US,
		c, err := s.CreatorByHandle(ctx, ws.ID, "tiktok", "mintaura_1")
		if err != nil {
			t.Fatal(err)
		}
		if c.DisplayName != "Mintaura 1" || *c.Followers != 734294 || c.Category != "Health" || *c.GMV30d != 2558 ||
			c.Currency != "USD" || *c.EngagementBP != 1100 || c.Region != "US" || c.Email != "" {
			t.Errorf("mintaura_1 read as %+v", c)
		}
		// The same list again changes nothing; the orders importer then finds these creators.
		again, err := ingest.ImportCreators(ctx, s, ws, list, ingest.CreatorListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if again.Unchanged != 300 {
			t.Errorf("second import %+v", again)
		}
	})
}
