package ingest_test

import (
	"context"
	"path/filepath"
	"strings"
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

// TestCreatorListTagLimit: a tag longer than the one limit the pages and the API keep is a
// rejected row naming the column and the tag, not a tag stored where no page could set it.
func TestCreatorListTagLimit(t *testing.T) {
	p, err := ingest.NewCreatorRowParser([]string{"Creator Username", "Tags"}, "USD", "en-US")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", store.MaxTagLen+1)
	if _, rerr := p.Parse([]string{"ok_creator", "vip, " + strings.Repeat("y", store.MaxTagLen)}); rerr != nil {
		t.Fatalf("a %d-character tag was refused: %v", store.MaxTagLen, rerr)
	}
	_, rerr := p.Parse([]string{"long_tags", "vip, " + long})
	if rerr == nil || rerr.Column != "Tags" || rerr.Value != long || !strings.Contains(rerr.Reason, "longer than 60") {
		t.Fatalf("a %d-character tag: %+v", len(long), rerr)
	}
}
