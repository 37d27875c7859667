package web

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// The CRM and outreach lists answer a bad query value with their own page too (400): the
// Directory's many filters, the pipeline board and its SLA views, the prospects, promotion
// links, a sequence's enrollments and the suppressions. The creator page shows the first page
// of its timeline or order lines with a line saying why. Exports stay plain 400s, and another
// workspace's objects are 404 before any query is read.
func TestListProblemsStayOnTheirPageCRM(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		ids := storetest.Creators(t, s, ws.ID, "ann", "bo")
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		owner := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		specialist := signIn(t, srv, addMember(t, s, "spec@example.com", ws, "specialist"))
		viewer := signIn(t, srv, addMember(t, s, "viewer@example.com", ws, "viewer"))
		seq := &store.Sequence{WorkspaceID: ws.ID, Name: "Welcome"}
		if err := s.CreateSequence(ctx, store.CLIActor, seq); err != nil {
			t.Fatal(err)
		}
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		theirSeq := &store.Sequence{WorkspaceID: other.ID, Name: "Theirs"}
		if err := s.CreateSequence(ctx, store.CLIActor, theirSeq); err != nil {
			t.Fatal(err)
		}
		theirCreator := storetest.Creators(t, s, other.ID, "zed")[0]
		outsider := signIn(t, srv, addMember(t, s, "out@example.com", other, "owner"))

		invalid := `aria-invalid="true" aria-describedby="list-problem"`
		errorPage := []string{"That did not work"}
		filterHeading := "Nothing is listed: one filter cannot be used."
		pagingHeading := "This page of the list does not exist."
		enrollments := "/w/acme/outreach/sequences/" + strconv.FormatInt(seq.ID, 10) + "/enrollments"
		creator := "/w/acme/creators/" + strconv.FormatInt(ids[0], 10)
		dirForm := `<form class="panel dir-filters"`
		boardForm := `id="board-filters"`
		run(t, srv, owner, []scenario{
			// The Directory: every kind of filter, the field marked and named, the others as typed.
			{name: "directory, bad date", path: "/w/acme/directory?last_sale_from=yesterday&q=an", status: 400,
				want: []string{dirForm, `name="last_sale_from" id="f-last_sale_from" value="yesterday" aria-label="Last sale from" ` + invalid, `name="q" id="f-q" value="an"`,
					filterHeading, "last_sale_from &#34;yesterday&#34; is not a date like 2026-11-15.", `<a href="/w/acme/directory">clear the filters</a>`},
				lacks: append([]string{"dir-export-matching", "dir-bulk", `id="dir-total"`}, errorPage...)},
			{name: "directory, bad amount", path: "/w/acme/directory?gmv30_min=12x&sort=score", status: 400,
				want: []string{`id="f-gmv30_min" value="12x" placeholder="min" aria-label="GMV 30 days, at least" ` + invalid, "gmv30_min &#34;12x&#34; is not an amount",
					`<option value="score" selected>`, `<a href="/w/acme/directory?sort=score">clear the filters</a>`}},
			{name: "directory, bad count", path: "/w/acme/directory?followers_min=lots", status: 400,
				want: []string{`id="f-followers_min" value="lots" placeholder="min" title="At least, e.g. 10k or 5000" aria-label="Followers, at least" ` + invalid, "followers_min &#34;lots&#34; is not a count"}},
			{name: "directory, bad score", path: "/w/acme/directory?score_min=101", status: 400,
				want: []string{`name="score_min" id="f-score_min" value="101" ` + invalid, "score_min &#34;101&#34; is not a score"}},
			{name: "directory, bad stage", path: "/w/acme/directory?stage=vip&stage=engaged", status: 400,
				want: []string{`<fieldset ` + invalid + `><legend>Stage</legend>`, `id="f-stage-engaged" value="engaged" checked`, "stage &#34;vip&#34; is not a stage"}},
			{name: "directory, bad owner", path: "/w/acme/directory?owner=bob", status: 400,
				want: []string{`<select name="owner" id="f-owner" ` + invalid, "owner &#34;bob&#34; is not a member id"}},
			{name: "directory, bad flag", path: "/w/acme/directory?email=maybe", status: 400,
				want: []string{`<select name="email" id="f-email" ` + invalid, "email &#34;maybe&#34; is not yes or no."}},
			{name: "directory, bad currency", path: "/w/acme/directory?currency=XX&gmv30_min=5", status: 400,
				want: []string{`<fieldset ` + invalid + `><legend>GMV`, "currency &#34;XX&#34; is not a currency code"}},
			{name: "directory, bad sort", path: "/w/acme/directory?sort=price&tag=vip", status: 400,
				want: []string{`<select name="sort" id="f-sort" ` + invalid, `<option value="gmv_30d" selected>`, `name="tag" id="f-tag" list="dl-tag" value="vip"`,
					"sort &#34;price&#34; is not one of"}},
			{name: "directory, bad direction", path: "/w/acme/directory?dir=up&q=an", status: 400,
				want:  []string{"dir &#34;up&#34; is not asc or desc.", `<input type="hidden" name="dir" value="">`},
				lacks: []string{`name="dir" value="up"`}},
			{name: "directory, bad cursor", path: "/w/acme/directory?after=zz&q=an", status: 400,
				want:  []string{dirForm, pagingHeading, "after &#34;zz&#34; is not a position in this list", `<a href="/w/acme/directory?q=an">Start again from the first page</a>`},
				lacks: append([]string{invalid}, errorPage...)},
			{name: "directory, good filters still list", path: "/w/acme/directory?last_sale_from=2026-01-01&stage=prospect&sort=handle", status: 200,
				lacks: []string{invalid, "list-problem"}},
			{name: "directory, list", path: "/w/acme/directory?stage=prospect", status: 200, want: []string{"@ann", "@bo", "dir-export-matching"}},
			{name: "directory export stays a plain 400", path: "/w/acme/directory.csv?last_sale_from=x", status: 400,
				want: []string{"last_sale_from &#34;x&#34;"}, lacks: []string{dirForm}},

			// The pipeline board: the bar's fields marked; a filter it has no field for is named.
			{name: "board, bad owner", path: "/w/acme/pipeline?owner=bob&q=an", status: 400,
				want: []string{boardForm, `<select id="f-owner" name="owner" ` + invalid, `name="q" value="an" placeholder="@handle, name or email" >`, filterHeading, "owner &#34;bob&#34; is not a member id",
					`<a href="/w/acme/pipeline">clear the filters</a>`},
				lacks: append([]string{`class="board"`, `<span class="count">`}, errorPage...)},
			{name: "board, bad tag", path: "/w/acme/pipeline?tag=" + strings.Repeat("t", 101), status: 400,
				want: []string{`name="tag" value="` + strings.Repeat("t", 101) + `" size="10" ` + invalid, "is longer than 100 characters."}},
			{name: "board, bad hidden filter", path: "/w/acme/pipeline?score_min=500&region=US", status: 400,
				want:  []string{"score_min &#34;500&#34; is not a score", `name="region" value="US"`},
				lacks: []string{`name="score_min"`}},
			{name: "board, good filters", path: "/w/acme/pipeline?region=US", status: 200, lacks: []string{"list-problem"}},

			// SLA views: a bad page is named, the views stay.
			{name: "sla, bad cursor", path: "/w/acme/pipeline/sla?view=no_sale&after=bad", status: 400,
				want:  []string{"<h1>SLA views</h1>", `class="card sla-card`, pagingHeading, "after “bad” is not a page of this list", `<a href="/w/acme/pipeline/sla?view=no_sale">Start again`},
				lacks: append([]string{"Export CSV"}, errorPage...)},
			{name: "sla, good", path: "/w/acme/pipeline/sla?view=no_sale", status: 200, lacks: []string{"list-problem"}},

			{name: "prospects, bad cursor", path: "/w/acme/prospects?after=x.y", status: 400,
				want:  []string{"<h1>Best next creators to contact</h1>", pagingHeading, "after “x.y” is not a position in this list", `<a href="/w/acme/prospects">Start again`},
				lacks: errorPage},
			{name: "prospects, good", path: "/w/acme/prospects", status: 200, want: []string{"@ann"}, lacks: []string{"list-problem"}},

			{name: "promotion links, bad offset", path: "/w/acme/promotion-links?offset=-3&q=tea", status: 400,
				want:  []string{`<form class="filters"`, `name="q" value="tea"`, pagingHeading, "offset “-3” is not a page of this list", `<a href="/w/acme/promotion-links?q=tea">Start again`},
				lacks: errorPage},
			{name: "promotion links, good", path: "/w/acme/promotion-links?offset=50", status: 200, lacks: []string{"list-problem"}},

			{name: "enrollments, bad status", path: enrollments + "?status=done", status: 400,
				want: []string{"<h1>Enrollments", `<nav class="tabs" aria-label="Status">`, filterHeading, "status “done” is not active, paused, stopped or completed.",
					"Pick one of the status tabs above. Or <a href=\"" + enrollments + "\">clear the filters</a>."},
				lacks: append([]string{"Export CSV"}, errorPage...)},
			{name: "enrollments, bad cursor", path: enrollments + "?status=active&after=x", status: 400,
				want: []string{pagingHeading, "after “x” is not a page of this list", `href="` + enrollments + `?status=active">Start again`}},
			{name: "enrollments, good", path: enrollments + "?status=active", status: 200, lacks: []string{"list-problem"}},

			{name: "suppressions, bad cursor", path: "/w/acme/outreach/suppressions?after=0", status: 400,
				want:  []string{"<h1>Suppressions</h1>", `class="panel filters suppression-add"`, pagingHeading, "after “0” is not a page of this list", `<a href="/w/acme/outreach/suppressions">Start again`},
				lacks: errorPage},
			{name: "suppressions, good", path: "/w/acme/outreach/suppressions", status: 200, lacks: []string{"list-problem"}},

			// The creator page: the part from its start, and why.
			{name: "creator, bad timeline cursor", path: creator + "?before=garbage", status: 400,
				want:  []string{"<h1>@ann", `id="tl-problem"`, "before “garbage” is not a place on this timeline", "The newest entries are shown.", "Added as Prospect"},
				lacks: errorPage},
			{name: "creator, bad timeline filter", path: creator + "?timeline=bogus", status: 400,
				want: []string{"<h1>@ann", "timeline “bogus” is not a timeline filter: all, notes, messages or orders. Everything is shown.",
					`id="tl-all" class="current"`}, lacks: errorPage},
			{name: "creator, bad lines cursor", path: creator + "?after=%21", status: 400,
				want:  []string{"<h1>@ann", `id="lines-problem"`, "after ! is not a page of this creator&#39;s order lines", "The latest lines are shown."},
				lacks: append([]string{`id="tl-problem"`}, errorPage...)},
			{name: "creator, good", path: creator + "?timeline=notes", status: 200, lacks: []string{"tl-problem", "lines-problem"}},

			// Another workspace's objects are 404 whatever the query.
			{name: "their sequence", path: "/w/acme/outreach/sequences/" + strconv.FormatInt(theirSeq.ID, 10) + "/enrollments?status=done", status: 404},
			{name: "their creator", path: "/w/acme/creators/" + strconv.FormatInt(theirCreator, 10) + "?after=%21", status: 404},
			{name: "enrollments export stays a plain 400", path: enrollments + ".csv?status=done", status: 400, lacks: []string{"list-problem"}},
		})
		// Roles are unchanged: a specialist and a viewer read these lists and get the same page;
		// a member of another workspace gets 404 before the query is read.
		run(t, srv, specialist, []scenario{
			{name: "specialist, directory", path: "/w/acme/directory?score_min=x", status: 400, want: []string{`name="score_min" id="f-score_min" value="x" ` + invalid}, lacks: []string{"dir-export-matching"}},
			{name: "specialist, board", path: "/w/acme/pipeline?owner=x", status: 400, want: []string{`name="owner" ` + invalid + `>`}},
		})
		run(t, srv, viewer, []scenario{
			{name: "viewer, directory", path: "/w/acme/directory?email=x", status: 400, want: []string{`<select name="email" id="f-email" ` + invalid}},
			{name: "viewer, enrollments", path: enrollments + "?after=x", status: 400, want: []string{pagingHeading}},
			{name: "viewer, suppressions", path: "/w/acme/outreach/suppressions?after=x", status: 400, want: []string{pagingHeading}},
			{name: "viewer, directory export", path: "/w/acme/directory.csv", status: 403},
		})
		run(t, srv, outsider, []scenario{
			{name: "outsider, directory", path: "/w/acme/directory?email=x", status: 404},
			{name: "outsider, board", path: "/w/acme/pipeline?owner=x", status: 404},
			{name: "outsider, creator", path: creator + "?before=x", status: 404},
		})
	})
}
