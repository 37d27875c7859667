package web

import (
	"net/http"
	"strings"

	"github.com/creatorops/creatorops/internal/store"
)

// templatesPage is the data of the outreach_templates template.
type templatesPage struct {
	outreachBase
	Rows         []templateRow
	ShowArchived bool
	ToggleURL    string
	ExportURL    string
	NewURL       string
}

// templateRow is a template as the list shows it.
type templateRow struct {
	ID        int64
	Name, URL string
	Status    string
	Variants  string // "A, B · vi: A"
	UsedBy    int
	Updated   string
	CreatedBy string
}

// outreachTemplates lists the workspace's templates with their variants and the sequences
// using them.
func (h *handler) outreachTemplates(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	page := &templatesPage{outreachBase: outreachPage(r, "Templates", "templates", templateNotices), ShowArchived: r.URL.Query().Get("archived") == "1"}
	rows, err := h.templateRows(r, page.ShowArchived)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page.Rows, page.NewURL = rows, wsURL(ws, "outreach/templates/new")
	page.ToggleURL = wsURL(ws, "outreach/templates")
	if !page.ShowArchived {
		page.ToggleURL += "?archived=1"
	}
	if page.CanExport {
		page.ExportURL = wsURL(ws, "outreach/templates.csv")
		if page.ShowArchived {
			page.ExportURL += "?archived=1"
		}
	}
	h.render(w, r, http.StatusOK, "outreach_templates", page)
}

func (h *handler) templateRows(r *http.Request, withArchived bool) ([]templateRow, error) {
	ws := current(r).workspace
	tpls, err := h.store.Templates(r.Context(), ws.ID, withArchived)
	if err != nil {
		return nil, err
	}
	seqs, err := h.store.Sequences(r.Context(), ws.ID, false)
	if err != nil {
		return nil, err
	}
	out := make([]templateRow, 0, len(tpls))
	for _, t := range tpls {
		row := templateRow{ID: t.ID, Name: t.Name, URL: templatePath(ws, t.ID), Status: t.Status, CreatedBy: t.CreatedBy,
			Updated: t.UpdatedAt.In(ws.Location()).Format("2 Jan 2006"), Variants: variantsText(t.Variants)}
		for _, q := range seqs {
			if usesTemplate(q.Steps, t.ID) {
				row.UsedBy++
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// variantsText sums up a template's variants by language: "A, B · vi: A".
func variantsText(vs []store.TemplateVariant) string {
	var parts []string
	var lang string
	var labels []string
	flush := func() {
		if len(labels) == 0 {
			return
		}
		s := strings.Join(labels, ", ")
		if lang != "" {
			s = lang + ": " + s
		}
		parts = append(parts, s)
		labels = nil
	}
	for i, v := range vs {
		if i == 0 || v.Language != lang {
			flush()
			lang = v.Language
		}
		labels = append(labels, v.Label)
	}
	flush()
	return strings.Join(parts, " · ")
}
