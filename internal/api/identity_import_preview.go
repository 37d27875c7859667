package api

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/upload"
)

// PreviewColumn is a column of a creator list and the field it is read as.
type PreviewColumn struct {
	Header string `json:"header" example:"Contact Email"`
	Field  string `json:"field" doc:"A creator field, or ignore" example:"email"`
}

// PreviewRow is a row of a creator list as it would be read.
type PreviewRow struct {
	Row         int64    `json:"row" doc:"Line of the file, the header being row 1"`
	Cells       []string `json:"cells"`
	Error       string   `json:"error,omitempty" doc:"Why the row would be rejected; absent when it reads well"`
	ErrorColumn string   `json:"error_column,omitempty" doc:"Header of the cell at fault"`
}

// CreatorListPreview is how a creator list would be imported.
type CreatorListPreview struct {
	File    string          `json:"file"`
	Columns []PreviewColumn `json:"columns"`
	Rows    []PreviewRow    `json:"rows" doc:"The first rows"`
	Missing []string        `json:"missing" doc:"Required fields no column gives: the list cannot be imported until one is mapped"`
	Reused  bool            `json:"reused" doc:"The mapping is the one of the latest import of a list with this header"`
	Fields  []string        `json:"fields" doc:"The field names a mapping may use"`
}

type creatorPreviewInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	body *multipart.Reader
}

// Resolve keeps the request's body to stream the file to disk in the handler.
func (in *creatorPreviewInput) Resolve(ctx huma.Context) []error {
	ct := ctx.Header("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return []error{unsupportedBody{&huma.ErrorDetail{Location: "header.Content-Type", Value: ct,
			Message: "send the list as multipart/form-data with the field file (and mapping, currency, locale)"}}}
	}
	in.body = multipart.NewReader(upload.LimitBody(ctx.BodyReader(), maxUpload(ctx)), params["boundary"])
	return nil
}

type creatorPreviewOutput struct{ Body CreatorListPreview }

// parseMappingField reads the upload's mapping field: a JSON object of header → field.
func parseMappingField(v string) (map[string]string, error) {
	if v == "" {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		return nil, huma.Error400BadRequest(`mapping: send a JSON object of header → field, e.g. {"Contact Email":"email","Notes":"ignore"} (` + err.Error() + ")")
	}
	return m, nil
}

func (a *API) previewCreatorList(ctx context.Context, in *creatorPreviewInput) (*creatorPreviewOutput, error) {
	st := from(ctx)
	form, err := upload.ReadForm(in.body, "file", a.UploadDir, a.MaxUpload)
	if err != nil {
		return nil, a.uploadProblem(err)
	}
	defer upload.RemoveAll(form.Files)
	if len(form.Files) != 1 {
		return nil, huma.Error400BadRequest(fmt.Sprintf("send exactly one file in the field \"file\" (got %d)", len(form.Files)))
	}
	for name := range form.Fields {
		if name != "mapping" && name != "currency" && name != "locale" {
			return nil, huma.Error400BadRequest(fmt.Sprintf("unknown field %q: the preview takes file, mapping, currency and locale", name))
		}
	}
	mapping, err := parseMappingField(form.Fields["mapping"])
	if err != nil {
		return nil, err
	}
	f := form.Files[0]
	p, err := ingest.PreviewCreatorList(ctx, a.Store, st.workspace, f.Path, ingest.CreatorListOptions{Mapping: mapping,
		Currency: form.Fields["currency"], Locale: form.Fields["locale"]}, 10)
	if err != nil {
		if strings.Contains(err.Error(), "store:") {
			return nil, a.fail(err, "preview")
		}
		return nil, huma.Error400BadRequest(strings.TrimPrefix(err.Error(), f.Name+": "))
	}
	out := CreatorListPreview{File: f.Name, Columns: []PreviewColumn{}, Rows: []PreviewRow{}, Missing: append([]string{}, p.Missing...),
		Reused: p.Reused, Fields: append([]string{}, ingest.CreatorFieldKeys...)}
	for _, c := range p.Columns {
		out.Columns = append(out.Columns, PreviewColumn{Header: c.Header, Field: c.Field})
	}
	for _, r := range p.Rows {
		row := PreviewRow{Row: r.Number, Cells: r.Cells, Error: r.Error}
		if r.ErrColumn >= 0 && r.ErrColumn < len(p.Columns) {
			row.ErrorColumn = p.Columns[r.ErrColumn].Header
		}
		out.Rows = append(out.Rows, row)
	}
	return &creatorPreviewOutput{Body: out}, nil
}

// previewRequestBody documents the preview's multipart body (registered by hand for the same
// reason as uploadRequestBody: the handler streams it).
func previewRequestBody() *huma.RequestBody {
	str := func(doc string) *huma.Schema { return &huma.Schema{Type: "string", Description: doc} }
	return &huma.RequestBody{
		Required:    true,
		Description: "The creator list as multipart/form-data.",
		Content: map[string]*huma.MediaType{"multipart/form-data": {
			Schema: &huma.Schema{Type: "object", Required: []string{"file"}, Properties: map[string]*huma.Schema{
				"mapping":  str(`JSON object of header → field (or "ignore"), over the columns found by name, e.g. {"Contact Email":"email"}`),
				"currency": str("Currency of the GMV column (default USD)"),
				"locale":   str("Number format, e.g. en-US (default: the currency's usual)"),
				"file":     {Type: "string", Format: "binary", Description: "A creator list, CSV or XLSX"},
			}},
			Encoding: map[string]*huma.Encoding{"file": {ContentType: "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}},
		}},
	}
}
