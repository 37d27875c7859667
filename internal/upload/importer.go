package upload

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// Kind is a sort of file an upload can be.
type Kind struct {
	ID    string // ingest's kind: the run's kind
	Label string
	Short string // for tables
}

// Kinds are the files an upload takes, the default first.
var Kinds = []Kind{
	{ID: ingest.KindTikTokOrders, Label: "TikTok Shop affiliate orders", Short: "Affiliate orders"},
	{ID: ingest.KindCreators, Label: "Creator list", Short: "Creator list"},
}

// KindOf describes a run's kind; an unknown one is named as it is.
func KindOf(id string) Kind {
	for _, k := range Kinds {
		if k.ID == id {
			return k
		}
	}
	return Kind{ID: id, Label: id, Short: id}
}

// Request is an upload to import: its kind, the shop (affiliate orders only) and the files, in
// the order they are to be imported.
type Request struct {
	Kind  string
	Shop  ingest.ShopSpec
	Files []*File
	// MayAddShop allows a shop the workspace lacks to be created (shops.manage); without it an
	// unknown shop is refused.
	MayAddShop bool
	// Mapping reads a creator list's columns as other fields (header → field key or "ignore",
	// see ingest.CreatorListOptions); nil reads them by their headers.
	Mapping map[string]string
}

// Importer imports uploads in the background, under a context that lives as long as the
// server: an upload's request ends long before a large import does.
type Importer struct {
	Store      *store.Store
	Log        *slog.Logger
	Background context.Context
}

// errStopped is the failure of a run the server stopped before it finished.
var errStopped = errors.New("the server stopped during this import: upload the file again (lines already imported are not counted twice)")

// queuedBeat is how often runs waiting their turn are marked alive.
const queuedBeat = 30 * time.Second

// Start checks every file's header against the kind (and the shop), creates the shop when the
// upload names a new one, records one queued run per file, and imports the files one after the
// other in the background. It returns the runs' ids. An upload it refuses leaves nothing
// written; its files are removed either way once they are no longer needed.
func (im *Importer) Start(ctx context.Context, a store.Actor, ws *model.Workspace, req Request) ([]int64, error) {
	started := false
	defer func() {
		if !started {
			RemoveAll(req.Files)
		}
	}()
	if len(req.Files) == 0 {
		return nil, badRequest("Choose at least one file to upload (a CSV or XLSX export).")
	}
	var shop *model.Shop
	var newShop bool
	switch req.Kind {
	case ingest.KindTikTokOrders:
		if req.Shop.Slug == "" {
			return nil, badRequest("shop: choose the shop the export comes from, or name a new one.")
		}
		if !req.MayAddShop {
			// Said first: whether the file could make a shop does not matter to who cannot.
			if _, err := im.Store.ShopBySlug(ctx, ws.ID, req.Shop.Slug); errors.Is(err, store.ErrNotFound) {
				return nil, cannotAddShop(req.Shop.Slug)
			}
		}
		var err error
		shop, newShop, err = ingest.PlanShop(ctx, im.Store, ws, req.Shop, req.Files[0].Path)
		var se *ingest.ShopError
		if errors.As(err, &se) {
			return nil, badRequest("shop %s.", se.Error())
		}
		if err != nil {
			return nil, err
		}
		if newShop && !req.MayAddShop {
			return nil, cannotAddShop(req.Shop.Slug)
		}
	case ingest.KindCreators:
	default:
		return nil, badRequest("kind %q is not a kind of import (want %s or %s).", req.Kind, ingest.KindTikTokOrders, ingest.KindCreators)
	}
	runs := make([]store.QueuedRun, 0, len(req.Files))
	for _, f := range req.Files {
		header, err := checkHeader(req.Kind, f, shop, req.Mapping)
		if err != nil {
			return nil, err
		}
		q := store.QueuedRun{Kind: req.Kind, FileName: f.Name, Header: header, Bytes: f.Bytes}
		if shop != nil && !newShop {
			q.ShopID = shop.ID
		}
		runs = append(runs, q)
	}
	var planned *model.Shop
	if newShop {
		planned = shop
	}
	ids, created, err := im.Store.QueueImportRuns(ctx, a, ws.ID, planned, runs)
	if err != nil {
		return nil, err
	}
	if created != nil {
		shop = created
	}
	started = true
	go im.run(a, ws, shop, req.Kind, req.Mapping, req.Files, ids)
	return ids, nil
}

func cannotAddShop(slug string) *Error {
	return &Error{Status: http.StatusForbidden, Msg: fmt.Sprintf("shop %q does not exist, and your role cannot add shops: "+
		"choose an existing shop, or ask a manager or the owner to add it first.", slug)}
}

// checkHeader reads a file's header and checks the importer of kind can read it, so a wrong
// file is refused at once instead of failing in the background.
func checkHeader(kind string, f *File, shop *model.Shop, mapping map[string]string) ([]string, error) {
	t, err := ingest.OpenTable(f.Path)
	if err != nil {
		return nil, badRequest("%s cannot be read: %s.", f.Name, strings.TrimPrefix(err.Error(), f.Name+": "))
	}
	defer t.Close()
	header := t.Header()
	switch kind {
	case ingest.KindTikTokOrders:
		_, err = ingest.NewOrderRowParser(header, shop)
		if err != nil {
			return nil, badRequest("%s is not a TikTok Shop affiliate-orders export: %v. Download it from Seller Center (Affiliate → Orders → Export).", f.Name, err)
		}
	case ingest.KindCreators:
		_, err = ingest.NewMappedCreatorRowParser(header, mapping, "USD", "", nil)
		if err != nil {
			return nil, badRequest("%s is not a creator list: %v.", f.Name, err)
		}
	}
	return header, nil
}

// run imports an upload's files in order, each into its queued run, and removes them.
func (im *Importer) run(a store.Actor, ws *model.Workspace, shop *model.Shop, kind string, mapping map[string]string, files []*File, ids []int64) {
	ctx := im.Background
	defer RemoveAll(files)
	var next atomic.Int64 // index of the first run not started yet
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		t := time.NewTicker(queuedBeat)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if i := int(next.Load()); i < len(ids) {
					if err := im.Store.TouchQueuedRuns(ctx, ids[i:]); err != nil && ctx.Err() == nil {
						im.Log.Warn("upload: unable to mark queued imports alive", "err", err)
					}
				}
			}
		}
	}()
	for i, f := range files {
		id := ids[i]
		next.Store(int64(i + 1))
		sum, err := im.importFile(ctx, ws, shop, kind, mapping, f, id)
		if err != nil && ctx.Err() != nil {
			err = errStopped
		}
		f.Remove()
		text := fmt.Sprintf("import of %s failed: %v", f.Name, err)
		var after any
		if err == nil {
			text = fmt.Sprintf("imported %s: %d rows, %d new, %d updated, %d unchanged, %d rejected",
				f.Name, sum.Rows, sum.Inserted, sum.Updated, sum.Unchanged, sum.Rejected)
			after = sum
		} else {
			after = map[string]string{"file": f.Name, "error": err.Error()}
			im.Log.Warn("upload: import failed", "workspace", ws.Slug, "run", id, "file", f.Name, "err", err)
		}
		if i == len(files)-1 {
			im.refreshCRM(ctx, ws) // crm_refresh.go: before the run reads as finished
		}
		if ferr := im.Store.FinishUploadedRun(context.WithoutCancel(ctx), a, ws.ID, id, err, text, after); ferr != nil {
			im.Log.Error("upload: unable to finish an import run", "run", id, "err", ferr)
		}
	}
}

// importFile imports one file into its run; a server already stopping fails it at once.
func (im *Importer) importFile(ctx context.Context, ws *model.Workspace, shop *model.Shop, kind string, mapping map[string]string, f *File, id int64) (*ingest.Summary, error) {
	if ctx.Err() != nil {
		return nil, errStopped
	}
	if err := im.Store.StartQueuedRun(ctx, id); err != nil {
		return nil, err
	}
	opts := ingest.Options{RunID: id, OnProgress: func(p ingest.Progress) {
		if err := im.Store.SetImportRunProgress(ctx, id, int64(p.Fraction*1000)); err != nil && ctx.Err() == nil {
			im.Log.Warn("upload: unable to record progress", "run", id, "err", err)
		}
	}}
	if kind == ingest.KindCreators {
		return ingest.ImportCreators(ctx, im.Store, ws, f.Path, ingest.CreatorListOptions{Mapping: mapping, Options: opts})
	}
	return ingest.ImportOrders(ctx, im.Store, ws, shop, f.Path, opts)
}
