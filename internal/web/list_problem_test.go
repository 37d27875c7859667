package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// A list with a filter it cannot use answers with its own page (400): the filter form, the
// field at fault marked, and a message naming the field and the value, instead of the bare
// error page. Paging addresses that are not pages say so, with the way to the first page.
func TestListProblemsStayOnTheirPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws, _ := storetest.USDShop(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		owner := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		specialist := signIn(t, srv, addMember(t, s, "spec@example.com", ws, "specialist"))
		viewer := signIn(t, srv, addMember(t, s, "viewer@example.com", ws, "viewer"))

		marked := func(name string) string { return `name="` + name + `"` }
		invalid := `aria-invalid="true" aria-describedby="list-problem"`
		errorPage := []string{"That did not work"}
		filterHeading := "Nothing is listed: one filter cannot be used."
		pagingHeading := "This page of the list does not exist."
		run(t, srv, owner, []scenario{
			{name: "orders, bad date", path: "/w/acme/orders?from=15/11/2026&creator=ann", status: 400,
				want: []string{`<form class="filters"`, `name="from" value="" ` + invalid, `name="creator" value="ann"`, filterHeading,
					"from &#34;15/11/2026&#34; is not a date like 2026-11-15.", `<a href="/w/acme/orders">clear the filters</a>`},
				lacks: append([]string{"Export CSV", `name="to" value="" aria-invalid`}, errorPage...)},
			{name: "orders, dates the wrong way", path: "/w/acme/orders?from=2026-11-15&to=2026-11-01", status: 400,
				want: []string{`name="from" value="2026-11-15" ` + invalid, `name="to" value="2026-11-01"`, "from 2026-11-15 is after to 2026-11-01."}},
			{name: "orders, bad status", path: "/w/acme/orders?status=lost", status: 400,
				want: []string{`<select name="status" ` + invalid, "status &#34;lost&#34; is not one of"}, lacks: errorPage},
			{name: "orders, bad cursor", path: "/w/acme/orders?after=xyz&status=completed", status: 400,
				want:  []string{pagingHeading, "after xyz is not a page of this list", `<a href="/w/acme/orders?status=completed">Start again from the first page</a>`},
				lacks: append([]string{invalid}, errorPage...)},
			{name: "orders, good filters still list", path: "/w/acme/orders?from=2026-11-01", status: 200, lacks: []string{invalid, "list-problem"}},
			{name: "products, long search", path: "/w/acme/products?q=" + strings.Repeat("a", 201), status: 400,
				want: []string{`<form class="filters"`, marked("q") + ` value="" placeholder="product name or ID" maxlength="200" ` + invalid,
					"q is longer than 200 characters.", filterHeading}, lacks: append([]string{"Export CSV"}, errorPage...)},
			{name: "products, bad sort", path: "/w/acme/products?sort=price&q=tea", status: 400,
				want: []string{`name="q" value="tea"`, "sort &#34;price&#34; is not one of: gmv, orders, units, name.", `name="sort" value="gmv"`}},
			{name: "products, bad page", path: "/w/acme/products?page=0", status: 400, want: []string{pagingHeading, "page &#34;0&#34; is not a page number"}},
			{name: "creator sales, bad sales", path: "/w/acme/creators?sales=lots&q=bloom", status: 400,
				want:  []string{`<form class="filters"`, `<select name="sales" ` + invalid, `name="q" value="bloom"`, "sales &#34;lots&#34;", filterHeading},
				lacks: append([]string{"Export CSV"}, errorPage...)},
			{name: "creator sales, bad page", path: "/w/acme/creators?page=two", status: 400, want: []string{pagingHeading, "page &#34;two&#34; is not a page number"}},
			{name: "imports, bad cursor", path: "/w/acme/imports?before=x", status: 400,
				want:  []string{"Upload an export", pagingHeading, "before &#34;x&#34; is not an import run number.", `<a href="/w/acme/imports">Start again`},
				lacks: errorPage},
			{name: "audit, bad cursor", path: "/w/acme/audit?before=-1", status: 400,
				want: []string{"Audit log", pagingHeading, "before=&#34;-1&#34; is not a position in the audit log"}, lacks: errorPage},
			{name: "audit, long action", path: "/w/acme/audit?action=" + strings.Repeat("x", 101), status: 400,
				want: []string{filterHeading, "action is too long"}, lacks: errorPage},
			{name: "tasks, bad cursor", path: "/w/acme/tasks?who=all&show=upcoming&after=nonsense", status: 400,
				want:  []string{"<h1>Tasks</h1>", pagingHeading, "after “nonsense” is not a page of this list", `href="/w/acme/tasks?show=upcoming&amp;who=all">Start again`},
				lacks: errorPage},
			{name: "samples, bad date", path: "/w/acme/samples?to=tomorrow&creator=ann", status: 400,
				want:  []string{`<form class="filters"`, `name="to" value="" ` + invalid, `name="creator" value="ann"`, "to &#34;tomorrow&#34; is not a date like 2026-11-15.", filterHeading},
				lacks: append([]string{"Export CSV"}, errorPage...)},
			{name: "samples, bad cursor", path: "/w/acme/samples?after=%21%21", status: 400, want: []string{pagingHeading, "after !! is not a page of this list"}},
			{name: "collaborations, bad kind", path: "/w/acme/collaborations?kind=closed&q=summer", status: 400,
				want:  []string{`<form class="filters"`, `<select name="kind" ` + invalid, `name="q" value="summer"`, "kind “closed” is not open or target.", filterHeading},
				lacks: errorPage},
			{name: "collaborations, bad cursor", path: "/w/acme/collaborations?before=0", status: 400, want: []string{pagingHeading, "before “0” is not a page"}},
		})
		// Every role that may read a list gets the same page; the others still get 403 first.
		run(t, srv, specialist, []scenario{
			{name: "specialist, orders", path: "/w/acme/orders?to=x", status: 400, want: []string{`name="to" value="" ` + invalid}},
			{name: "specialist, audit", path: "/w/acme/audit?before=x", status: 403},
		})
		run(t, srv, viewer, []scenario{
			{name: "viewer, samples", path: "/w/acme/samples?from=x", status: 400, want: []string{`name="from" value="" ` + invalid}, lacks: []string{"Export CSV"}},
			{name: "viewer, audit", path: "/w/acme/audit?before=x", status: 403},
		})
		// The exports keep answering a bad filter with a plain 400: they are downloads.
		run(t, srv, owner, []scenario{
			{name: "orders export", path: "/w/acme/orders.csv?from=x", status: 400, want: []string{"from &#34;x&#34; is not a date"}},
			{name: "samples export", path: "/w/acme/samples.csv?from=x", status: 400, want: []string{"from &#34;x&#34; is not a date"}},
		})
	})
}
