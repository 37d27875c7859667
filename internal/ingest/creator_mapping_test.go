package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// A CRM spreadsheet whose headers creatorops does not know by name.
const crmList = `Handle,Contact Email,Niche,Discord,Lang,Tags,Owner,Stage,Shopee,Notes
@velvet.rose,Rose@Example.com,"Beauty / Home; Pets",rose#1,EN,"VIP, summer drop",lead@acme.example,Contacted,88123,likes pets
mintaura_1,,Health,,,,,Engaged,,
badrow,not-an-email,Beauty,,,,nobody@acme.example,Signed,,
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMapCreatorColumns(t *testing.T) {
	header := []string{"Handle", "Contact Email", "Niche", "Notes"}
	for _, tc := range []struct {
		name      string
		overrides map[string]string
		want      []string // field of each column
		err       string
	}{
		{name: "by name", want: []string{"username", "ignore", "verticals", "ignore"}},
		{name: "remapped", overrides: map[string]string{"Contact Email": "email", "Niche": "tags", "notes": "Display name"},
			want: []string{"username", "email", "tags", "display_name"}},
		{name: "ignored", overrides: map[string]string{"Niche": "ignore"}, want: []string{"username", "ignore", "ignore", "ignore"}},
		{name: "moved", overrides: map[string]string{"Notes": "username"}, want: []string{"ignore", "ignore", "verticals", "username"}},
		{name: "unknown header", overrides: map[string]string{"Contact Emial": "email"}, err: `no column "Contact Emial"`},
		{name: "unknown field", overrides: map[string]string{"Niche": "vertical_s"}, err: `"vertical_s" is not a creator field`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ingest.MapCreatorColumns(header, tc.overrides)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := m.ColumnKeys(); !slices.Equal(got, tc.want) {
				t.Errorf("columns %q, want %q", got, tc.want)
			}
		})
	}
	if _, err := ingest.ParseMapFlags([]string{"Niche"}); err == nil || !strings.Contains(err.Error(), `"Header=field"`) {
		t.Errorf("a --map without =: %v", err)
	}
}

func TestImportCreatorListWithMapping(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := newShop(t, s)
		lead, err := s.CreateUser(ctx, "lead@acme.example", "", "x")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddMember(ctx, lead, ws.ID, "manager"); err != nil {
			t.Fatal(err)
		}
		mapping := map[string]string{"Contact Email": "email", "Lang": "language", "Shopee": "shopee_id"}
		csvPath := writeFile(t, "crm.csv", crmList)
		for _, path := range []string{csvPath, csvToXLSX(t, csvPath)} {
			t.Run(filepath.Ext(path), func(t *testing.T) {
				p, err := ingest.PreviewCreatorList(ctx, s, ws, path, ingest.CreatorListOptions{Mapping: mapping}, 10)
				if err != nil {
					t.Fatal(err)
				}
				var fields []string
				for _, c := range p.Columns {
					fields = append(fields, c.Field)
				}
				want := []string{"username", "email", "verticals", "discord", "language", "tags", "owner_email", "stage", "shopee_id", "ignore"}
				if !slices.Equal(fields, want) || len(p.Rows) != 3 || p.Rows[0].Error != "" || p.Rows[2].ErrColumn != 1 ||
					!strings.Contains(p.Rows[2].Error, "is not an email address") {
					t.Fatalf("preview %q, rows %+v", fields, p.Rows)
				}
			})
		}
		sum, err := ingest.ImportCreators(ctx, s, ws, csvPath, ingest.CreatorListOptions{Mapping: mapping})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rows != 3 || sum.Inserted != 2 || sum.Rejected != 1 {
			t.Fatalf("summary %+v", sum)
		}
		c, err := s.CreatorByHandle(ctx, ws.ID, "tiktok", "velvet.rose")
		if err != nil {
			t.Fatal(err)
		}
		p, _ := s.CRMProfile(ctx, ws.ID, c.ID)
		if p.Email != "rose@example.com" || !slices.Equal(p.Verticals, []string{"Beauty", "Home", "Pets"}) || p.Discord != "rose#1" ||
			p.Language != "en" || !slices.Equal(p.Tags, []string{"vip", "summer-drop"}) || p.OwnerEmail != "lead@acme.example" ||
			p.Stage != model.StageContacted {
			t.Errorf("velvet.rose read as %+v", p)
		}
		if sh, err := s.CreatorByHandle(ctx, ws.ID, "shopee", "88123"); err != nil || sh.ID != c.ID {
			t.Errorf("Shopee account: %+v, %v", sh, err)
		}
		// The mapping is kept on the run, and offered again for a list with the same header.
		runs, _ := s.ImportRuns(ctx, ws.ID, 1)
		if m, _ := s.ImportRunMapping(ctx, ws.ID, runs[0].ID); m["Contact Email"] != "email" || m["Notes"] != "ignore" {
			t.Errorf("run mapping %v", m)
		}
		again, err := ingest.PreviewCreatorList(ctx, s, ws, csvPath, ingest.CreatorListOptions{}, 10)
		if err != nil || !again.Reused || again.Columns[1].Field != "email" {
			t.Errorf("preview without a mapping: %+v, %v", again, err)
		}

		// Do-not-contact is kept across imports; stages never move back; empty cells clear nothing.
		if _, err := s.SetStage(ctx, store.CLIActor, ws.ID, []int64{c.ID}, model.StageDoNotContact, "asked us to stop"); err != nil {
			t.Fatal(err)
		}
		mint, _ := s.CreatorByHandle(ctx, ws.ID, "tiktok", "mintaura_1")
		later := writeFile(t, "later.csv", "Handle,Contact Email,Stage,Niche\n@velvet.rose,,Active,\nmintaura_1,,Contacted,\n")
		if _, err := ingest.ImportCreators(ctx, s, ws, later, ingest.CreatorListOptions{Mapping: map[string]string{"Contact Email": "email"}}); err != nil {
			t.Fatal(err)
		}
		p, _ = s.CRMProfile(ctx, ws.ID, c.ID)
		if p.Stage != model.StageDoNotContact || p.StageReason != "asked us to stop" || p.Email != "rose@example.com" ||
			len(p.Verticals) != 3 {
			t.Errorf("after a later import: %+v", p)
		}
		if m, _ := s.CRMProfile(ctx, ws.ID, mint.ID); m.Stage != model.StageEngaged {
			t.Errorf("mintaura_1 moved back to %s", m.Stage)
		}
	})
}
