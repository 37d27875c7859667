package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/upload"
)

// runsPerPage is how many import runs the imports page lists at once.
const runsPerPage = 25

// importsPage is the list of a workspace's imports with the upload form.
type importsPage struct {
	basePage
	Workspace  *model.Workspace
	Runs       []runView
	Older      string // address of the next (older) page, "" on the last
	Newest     string // address of the first page, "" on it
	AnyPending bool   // a run is queued or running: the page refreshes itself
	CanImport  bool
	CanExport  bool
	CanNewShop bool // creating a shop needs shops.manage besides imports.create
	Shops      []*model.Shop
	Kinds      []upload.Kind
	Form       uploadForm
	Error      string // why the last upload was refused
	MaxUpload  string
	OpenRows   int64       // rejected rows no import has fixed yet
	OpenMixed  bool        // they come from files with different headers: no single download
	Problem    listProblem // a page address that cannot be used: no list, and why
}

// uploadForm is what the upload form was filled with, kept when an upload is refused.
type uploadForm struct {
	Kind, Shop, NewShop, Currency, Locale string
}

// listImports shows the imports page.
func (h *handler) listImports(w http.ResponseWriter, r *http.Request) {
	h.showImports(w, r, http.StatusOK, uploadForm{Kind: ingest.KindTikTokOrders}, "")
}

// showImports renders the imports page with status, the form as filled and an error, so a
// refused upload comes back to the page it was made on.
func (h *handler) showImports(w http.ResponseWriter, r *http.Request, status int, form uploadForm, problem string) {
	st := current(r)
	ws := st.workspace
	var before int64
	var bad listProblem
	if v := r.URL.Query().Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			// The page itself answers, with its upload form, and the way to the first page.
			status, bad = http.StatusBadRequest, problemAt("before", "before "+strconv.Quote(v)+" is not an import run number.", wsURL(ws, "imports"))
		} else {
			before = n
		}
	}
	ctx := r.Context()
	var runs []*store.ImportRun
	if bad.Message == "" {
		var err error
		if runs, err = h.store.ImportRunPage(ctx, ws.ID, before, runsPerPage); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	page := &importsPage{basePage: basePage{Title: ws.Name + " — Imports"}, Workspace: ws, Form: form, Error: problem,
		CanImport: st.can(access.ImportData), CanExport: st.can(access.ExportData),
		CanNewShop: st.can(access.ImportData) && st.can(access.ManageShops),
		Kinds:      upload.Kinds, MaxUpload: upload.Size(h.opts.MaxUpload), Problem: bad}
	if len(runs) > runsPerPage {
		runs = runs[:runsPerPage]
		page.Older = wsURL(ws, "imports?before="+strconv.FormatInt(runs[len(runs)-1].ID, 10))
	}
	if before != 0 {
		page.Newest = wsURL(ws, "imports")
	}
	now := time.Now()
	for _, run := range runs {
		v := newRunView(ws, run, now)
		page.AnyPending = page.AnyPending || v.Pending
		page.Runs = append(page.Runs, v)
	}
	var err error
	if page.CanImport {
		if page.Shops, err = h.store.ImportShops(ctx, ws.ID); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	if page.CanExport {
		srcs, err := h.store.RejectedSources(ctx, ws.ID, openRejected)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		page.OpenRows, page.OpenMixed = openRejectedRows(srcs)
	}
	h.render(w, r, status, "imports", page)
}
