package web

import (
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/creatorops/creatorops/internal/store"
)

// boardFormParams are the filters the board's filter bar has a field for, in its order; the
// other directory filters a link or a saved view may carry still apply to the board, and the
// bar keeps them as hidden fields.
var boardFormParams = []string{"q", "owner", "unowned", "tag", "vertical", "region"}

// boardViews is the saved views menu of the board's filter bar.
type boardViews struct {
	Links   []dirViewLink
	Current string       // the name of the view whose filters the board shows, if one does
	Query   string       // the board's filters, what "Save view" keeps
	Hidden  []boardParam // filters without a field in the bar, kept by "Filter"
	Also    []boardParam // those of them the bar names ("also filtered by tier Gold")
}

// boardParam is a filter the board applies without a field for it in its bar.
type boardParam struct{ Name, Value, Label string }

// boardFilters reads the filters the board applies from its query: every directory filter but
// the stage (the board is a column per stage), with the currency of amount filters. Sorting,
// paging and the last action's message are not filters.
func boardFilters(v url.Values) url.Values {
	kept := url.Values{}
	amounts := false
	for _, k := range directoryFilterParams {
		if k == "stage" {
			continue
		}
		for _, x := range v[k] {
			if x = strings.TrimSpace(x); x != "" {
				kept.Add(k, x)
				amounts = amounts || strings.HasPrefix(k, "gmv")
			}
		}
	}
	if c := v.Get("currency"); amounts && c != "" {
		kept.Set("currency", c)
	}
	return kept
}

// pipelineViews builds the board's saved views menu for its filters: the member's pipeline
// views, the one showing marked, and the filters without a field in the bar.
func (h *handler) pipelineViews(r *http.Request, kept url.Values) (*boardViews, error) {
	bv := &boardViews{Query: kept.Encode()}
	var err error
	if bv.Links, err = h.savedViewLinks(r, store.ViewPagePipeline, bv.Query); err != nil {
		return nil, err
	}
	for _, l := range bv.Links {
		if l.Current {
			bv.Current = l.Name
		}
	}
	for _, k := range slices.Sorted(maps.Keys(kept)) {
		vals := kept[k]
		if slices.Contains(boardFormParams, k) {
			vals = vals[1:] // the first is in its field
		}
		for _, x := range vals {
			p := boardParam{Name: k, Value: x, Label: cmp.Or(boardParamLabels[k], k)}
			bv.Hidden = append(bv.Hidden, p)
			if k != "currency" { // it only says what the amounts are in
				bv.Also = append(bv.Also, p)
			}
		}
	}
	return bv, nil
}

// boardParamLabels name the directory's filters in the bar's "also filtered by" line.
var boardParamLabels = map[string]string{"q": "search", "owner": "owner", "tag": "tag", "vertical": "vertical",
	"region": "region", "tier": "tier", "language": "language", "agency": "agency", "tz": "time zone", "email": "has email",
	"discord": "has Discord", "gmv30_min": "GMV 30d from", "gmv30_max": "GMV 30d to", "gmv90_min": "GMV 90d from",
	"gmv90_max": "GMV 90d to", "gmvall_min": "lifetime GMV from", "gmvall_max": "lifetime GMV to",
	"followers_min": "followers from", "followers_max": "followers to", "last_sale_from": "last sale from",
	"last_sale_to": "last sale to", "first_sale_from": "first sale from", "first_sale_to": "first sale to",
	"score_min": "score at least"}
