package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestHostileNamesAreEscaped imports a creator list whose names and categories are markup (a
// creator writes their own nickname) and checks every page that shows them escapes them,
// including the creators list, whose rows are written without html/template for speed.
func TestHostileNamesAreEscaped(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		list := filepath.Join(t.TempDir(), "creators.csv")
		csv := "Creator Username,Nickname,Followers,Category,Region,Agency\n" +
			`xss_1,"<script>alert(1)</script>",1000,"<img src=x onerror=alert(2)>","""><b>US</b>",<i>agency</i>` + "\n"
		if err := os.WriteFile(list, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ingest.ImportCreators(ctx, s, ws, list, ingest.CreatorListOptions{}); err != nil {
			t.Fatal(err)
		}
		c, err := s.CreatorByHandle(ctx, ws.ID, "tiktok", "xss_1")
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		cl := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		raw := []string{"<script>alert(1)", "<img src=x", "<b>US</b>", "<i>agency</i>"}
		run(t, srv, cl, []scenario{
			{name: "creators list", path: "/w/acme/creators?sales=without", status: 200, want: []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, lacks: raw},
			{name: "creators search", path: "/w/acme/creators?q=xss", status: 200, want: []string{"@xss_1"}, lacks: raw},
			{name: "creator page", path: fmt.Sprintf("/w/acme/creators/%d", c.ID), status: 200, want: []string{"&lt;script&gt;"}, lacks: raw},
			{name: "creators CSV", path: "/w/acme/creators.csv", status: 200, want: []string{"xss_1"}},
		})
	})
}
