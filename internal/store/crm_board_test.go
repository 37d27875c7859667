package store_test

import (
	"context"
	"testing"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestPipelineBoard(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		ids := storetest.Creators(t, s, ws.ID, "ana", "ben", "cara", "dev", "eve")
		a := store.Actor{Label: "lead@acme.example"}
		if _, err := s.SetStage(ctx, a, ws.ID, ids[:3], model.StageActive, ""); err != nil {
			t.Fatal(err)
		}
		for i, gmv := range []int64{500, 9000, 700, 0, 0} {
			if err := store.ExecWorkTest(s, `UPDATE creators SET sales_gmv_30d = $1, sales_currency = 'USD' WHERE id = $2`, gmv, ids[i]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.UpdateTags(ctx, a, ws.ID, ids[1:4], []string{"vip"}, nil); err != nil {
			t.Fatal(err)
		}
		// A merged creator leaves the board.
		if err := store.ExecWorkTest(s, `UPDATE creators SET merged_into = $1 WHERE id = $2`, ids[0], ids[4]); err != nil {
			t.Fatal(err)
		}
		b, err := s.PipelineBoard(ctx, ws.ID, store.DirectoryQuery{Stages: []model.Stage{model.StageChurned}}, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Columns) != len(model.Stages) || b.Currency != "USD" {
			t.Fatalf("%d columns in %q", len(b.Columns), b.Currency)
		}
		col := func(b *store.Board, st model.Stage) store.BoardColumn {
			return b.Columns[st.Rank()]
		}
		active := col(b, model.StageActive)
		if active.Count != 3 || active.GMV30d != 10200 || len(active.Cards) != 2 || active.Cards[0].Username != "ben" || active.Cards[1].Username != "cara" {
			t.Errorf("active column = %d, %d, %+v", active.Count, active.GMV30d, active.Cards)
		}
		if p := col(b, model.StageProspect); p.Count != 1 || p.Cards[0].Username != "dev" {
			t.Errorf("prospect column = %+v", p)
		}
		vip, err := s.PipelineBoard(ctx, ws.ID, store.DirectoryQuery{Tags: []string{"VIP"}}, 50)
		if err != nil {
			t.Fatal(err)
		}
		if c := col(vip, model.StageActive); c.Count != 2 || c.GMV30d != 9700 {
			t.Errorf("vip active = %d, %d", c.Count, c.GMV30d)
		}
	})
}
