package api

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/upload"
)

// ImportRun is one imported file as the API shows it.
type ImportRun struct {
	ID         int64      `json:"id" example:"12"`
	File       string     `json:"file" example:"affiliate-orders-2026-10.csv"`
	Bytes      int64      `json:"bytes" doc:"Size of the uploaded file; 0 for imports from the command line"`
	Shop       string     `json:"shop,omitempty" doc:"Slug of the shop the orders belong to; absent for creator lists" example:"us"`
	Kind       string     `json:"kind" enum:"tiktok_orders,creators"`
	Status     string     `json:"status" enum:"queued,running,done,failed,interrupted" doc:"interrupted: the server stopped during the import; upload the file again"`
	Progress   float64    `json:"progress" minimum:"0" maximum:"1" doc:"Share of the file read so far"`
	Rows       int64      `json:"rows" doc:"Rows read, the header not counted"`
	Inserted   int64      `json:"inserted" doc:"Lines (or creators) new to the workspace"`
	Updated    int64      `json:"updated"`
	Unchanged  int64      `json:"unchanged"`
	Rejected   int64      `json:"rejected" doc:"Rows that could not be read: see the rejected rows operation"`
	Stale      int64      `json:"stale" doc:"Lines older than the stored version (an earlier export): the stored one was kept"`
	Repeated   int64      `json:"repeated" doc:"Rows repeating a line of the same file: the later row was kept"`
	Error      string     `json:"error,omitempty" doc:"Why the import failed"`
	StartedBy  string     `json:"started_by" doc:"Who uploaded it: an email, an API token, or cli"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

func importRunOut(r *store.ImportRun, at time.Time) ImportRun {
	return ImportRun{ID: r.ID, File: r.FileName, Bytes: r.FileBytes, Shop: r.ShopSlug, Kind: r.Kind, Status: r.StatusAt(at),
		Progress: float64(r.Progress) / 1000, Rows: r.RowsRead, Inserted: r.Inserted, Updated: r.Updated, Unchanged: r.Unchanged,
		Rejected: r.Rejected, Stale: r.Stale, Repeated: r.Repeated, Error: r.Error, StartedBy: r.StartedBy,
		StartedAt: r.StartedAt, FinishedAt: r.FinishedAt}
}

// RejectedRow is a row an import could not read.
type RejectedRow struct {
	ID      int64    `json:"id"`
	RunID   int64    `json:"run_id" doc:"The import that first rejected the row"`
	File    string   `json:"file"`
	Row     int64    `json:"row" doc:"Line of the file, the header being row 1"`
	Column  string   `json:"column" doc:"Header of the field at fault; empty for the row as a whole"`
	Value   string   `json:"value"`
	Reason  string   `json:"reason" example:"\"12,5O\" is not an amount in en-US"`
	Raw     []string `json:"raw" doc:"The row's cells as read, in the order of the file's header"`
	FixedBy *int64   `json:"fixed_by,omitempty" doc:"The later import that read this line well, if any"`
}

type importUploadInput struct {
	WS          string `path:"ws" doc:"Workspace slug"`
	contentType string
	body        *multipart.Reader
	limit       int64
}

// Resolve keeps the request's body to stream it in the handler: huma would otherwise read the
// whole multipart form before the operation runs.
func (in *importUploadInput) Resolve(ctx huma.Context) []error {
	in.contentType = ctx.Header("Content-Type")
	mt, params, err := mime.ParseMediaType(in.contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return []error{unsupportedBody{&huma.ErrorDetail{Location: "header.Content-Type", Value: in.contentType,
			Message: "send the upload as multipart/form-data with the fields kind, shop and file"}}}
	}
	in.body = multipart.NewReader(upload.LimitBody(ctx.BodyReader(), maxUpload(ctx)), params["boundary"])
	return nil
}

// unsupportedBody is a request body of the wrong media type: a 415, not huma's usual 422.
type unsupportedBody struct{ *huma.ErrorDetail }

func (unsupportedBody) GetStatus() int { return http.StatusUnsupportedMediaType }

// maxUpload reads the upload cap the operation was registered with.
func maxUpload(ctx huma.Context) int64 {
	n, _ := ctx.Operation().Metadata[metaMaxUpload].(int64)
	return n
}

const metaMaxUpload = "maxUpload"

type importRunOutput struct {
	Location string `header:"Location" doc:"Address of the import run"`
	Body     ImportRun
}

type importRunInput struct {
	WS  string `path:"ws" doc:"Workspace slug"`
	Run int64  `path:"run" doc:"Import run id" minimum:"1"`
}

type importsInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
	PageParams
}

type importsOutput struct {
	Body struct {
		Items      []ImportRun `json:"items"`
		NextCursor string      `json:"next_cursor,omitempty" doc:"Pass as cursor for the next page; absent on the last"`
	}
}

type rejectedInput struct {
	WS    string `path:"ws" doc:"Workspace slug"`
	Run   int64  `path:"run" doc:"Import run id" minimum:"1"`
	Fixed bool   `query:"fixed" doc:"Also rows a later import read well (marked with fixed_by)"`
	PageParams
}

type rejectedOutput struct {
	Body struct {
		Items      []RejectedRow `json:"items"`
		NextCursor string        `json:"next_cursor,omitempty" doc:"Pass as cursor for the next page; absent on the last"`
	}
}

// uploadImport streams the upload to disk and starts importing it in the background.
func (a *API) uploadImport(imp *upload.Importer) func(context.Context, *importUploadInput) (*importRunOutput, error) {
	return func(ctx context.Context, in *importUploadInput) (*importRunOutput, error) {
		st := from(ctx)
		form, err := upload.ReadForm(in.body, "file", a.UploadDir, a.MaxUpload)
		if err != nil {
			return nil, a.uploadProblem(err)
		}
		if len(form.Files) != 1 {
			upload.RemoveAll(form.Files)
			return nil, huma.Error400BadRequest(fmt.Sprintf("send exactly one file in the field \"file\" (got %d): upload several files one request each, in the order they are to be imported", len(form.Files)))
		}
		for name := range form.Fields {
			if name != "kind" && name != "shop" && name != "currency" && name != "locale" && name != "mapping" {
				upload.RemoveAll(form.Files)
				return nil, huma.Error400BadRequest(fmt.Sprintf("unknown field %q: the upload takes kind, shop, currency, locale, mapping and file", name))
			}
		}
		mapping, err := parseMappingField(form.Fields["mapping"]) // identity_import_preview.go
		if err != nil {
			upload.RemoveAll(form.Files)
			return nil, err
		}
		kind := cmpOr(form.Fields["kind"], ingest.KindTikTokOrders)
		req := upload.Request{Kind: kind, Files: form.Files, MayAddShop: access.Can(st.role, access.ManageShops)}
		if kind == ingest.KindCreators {
			req.Mapping = mapping
		}
		if kind == ingest.KindTikTokOrders {
			req.Shop = ingest.ShopSpec{Slug: form.Fields["shop"], Platform: model.PlatformTikTokShop, Currency: form.Fields["currency"],
				Locale: form.Fields["locale"], Timezone: st.workspace.Timezone}
		}
		ids, err := imp.Start(ctx, st.principal.Actor(), st.workspace, req)
		if err != nil {
			return nil, a.uploadProblem(err)
		}
		run, err := a.Store.ImportRun(ctx, st.workspace.ID, ids[0])
		if err != nil {
			return nil, a.fail(err, "import run")
		}
		return &importRunOutput{Location: fmt.Sprintf("%s/workspaces/%s/imports/%d", Prefix, st.workspace.Slug, run.ID),
			Body: importRunOut(run, time.Now())}, nil
	}
}

// uploadProblem turns a refused upload into its problem, with the status upload chose.
func (a *API) uploadProblem(err error) error {
	var ue *upload.Error
	if errors.As(err, &ue) {
		return huma.NewError(ue.Status, ue.Msg)
	}
	return a.fail(err, "upload")
}

func (a *API) listImports(ctx context.Context, in *importsInput) (*importsOutput, error) {
	st := from(ctx)
	before, err := decodeIDCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	runs, err := a.Store.ImportRunPage(ctx, st.workspace.ID, before, in.Limit)
	if err != nil {
		return nil, a.fail(err, "import run")
	}
	out := &importsOutput{}
	out.Body.Items = []ImportRun{}
	if len(runs) > in.Limit {
		runs = runs[:in.Limit]
		out.Body.NextCursor = encodeCursor(strconv.FormatInt(runs[len(runs)-1].ID, 10))
	}
	now := time.Now()
	for _, r := range runs {
		out.Body.Items = append(out.Body.Items, importRunOut(r, now))
	}
	return out, nil
}

type importRunBody struct{ Body ImportRun }

func (a *API) getImport(ctx context.Context, in *importRunInput) (*importRunBody, error) {
	run, err := a.Store.ImportRun(ctx, from(ctx).workspace.ID, in.Run)
	if err != nil {
		return nil, a.fail(err, "import run")
	}
	return &importRunBody{Body: importRunOut(run, time.Now())}, nil
}

func (a *API) listRejected(ctx context.Context, in *rejectedInput) (*rejectedOutput, error) {
	ws := from(ctx).workspace
	// The run first: another workspace's run is a 404 whatever the cursor says.
	run, err := a.Store.ImportRun(ctx, ws.ID, in.Run)
	if err != nil {
		return nil, a.fail(err, "import run")
	}
	key, err := decodeCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	after, ok := parseRejectedCursor(key)
	if !ok {
		return nil, huma.Error400BadRequest("cursor " + in.Cursor + " is not a cursor of this list: pass next_cursor from the previous page as is")
	}
	rows, err := a.Store.RejectedPage(ctx, ws.ID, store.RejectedFilter{RunID: run.ID, IncludeDone: in.Fixed}, after, in.Limit)
	if err != nil {
		return nil, a.fail(err, "rejected row")
	}
	out := &rejectedOutput{}
	out.Body.Items = []RejectedRow{}
	if len(rows) > in.Limit {
		rows = rows[:in.Limit]
		k := rows[len(rows)-1].Key()
		out.Body.NextCursor = encodeCursor(fmt.Sprintf("%d-%d-%d", k.RunID, k.Row, k.ID))
	}
	for _, r := range rows {
		item := RejectedRow{ID: r.ID, RunID: r.RunID, File: r.FileName, Row: r.Row, Column: r.Column, Value: r.Value,
			Reason: r.Reason, Raw: r.Raw}
		if item.Raw == nil {
			item.Raw = []string{}
		}
		if r.ResolvedRunID != 0 {
			id := r.ResolvedRunID
			item.FixedBy = &id
		}
		out.Body.Items = append(out.Body.Items, item)
	}
	return out, nil
}

// parseRejectedCursor reads the key of a rejected rows cursor: "run-row-id" ("" is the start).
func parseRejectedCursor(key string) (store.RejectedKey, bool) {
	var k store.RejectedKey
	if key == "" {
		return k, true
	}
	parts := strings.Split(key, "-")
	if len(parts) != 3 {
		return k, false
	}
	var v [3]int64
	for i, p := range parts {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n < 0 {
			return k, false
		}
		v[i] = n
	}
	return store.RejectedKey{RunID: v[0], Row: v[1], ID: v[2]}, true
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// uploadRequestBody documents the multipart upload the operation streams itself.
func uploadRequestBody() *huma.RequestBody {
	str := func(doc string) *huma.Schema { return &huma.Schema{Type: "string", Description: doc} }
	kind := str("What the file is (default tiktok_orders)")
	kind.Enum = []any{ingest.KindTikTokOrders, ingest.KindCreators}
	return &huma.RequestBody{
		Required:    true,
		Description: "The export as multipart/form-data. One file per request.",
		Content: map[string]*huma.MediaType{"multipart/form-data": {
			Schema: &huma.Schema{Type: "object", Required: []string{"file"}, Properties: map[string]*huma.Schema{
				"kind":     kind,
				"shop":     str("Slug of the shop the orders belong to (tiktok_orders). A shop the workspace lacks is created, with shops.manage"),
				"currency": str("Currency of a new shop, ISO 4217 (default: the file's Currency column)"),
				"locale":   str("Number format of a new shop, e.g. en-US, id-ID (default: the currency's usual)"),
				"mapping":  str(`Creator lists: JSON object of header → field (or "ignore") over the columns found by name; see preview-creator-list`),
				"file":     {Type: "string", Format: "binary", Description: "A Seller Center affiliate-orders export or a creator list, CSV or XLSX"},
			}},
			Encoding: map[string]*huma.Encoding{"file": {ContentType: "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}},
		}},
	}
}

var _ huma.Resolver = (*importUploadInput)(nil)
