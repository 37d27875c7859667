package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/views"
	"github.com/creatorops/creatorops/internal/store"
)

// templatePage is the data of the outreach_template template: the editor, the preview with a
// real creator and the variables' help.
type templatePage struct {
	outreachBase
	Tpl        *store.OutreachTemplate // nil while new
	Action     string
	Form       templateForm
	Editable   bool
	Preview    *previewView
	Creator    string // the preview's creator, as typed
	Creators   []string
	Sequences  []choice // sequences whose offer the preview may use
	PreviewSeq string
	UsedBy     []usedBy
	Vars       []outreach.Variable
	ArchiveURL string
	ListURL    string
}

// usedBy is a sequence whose steps send the template.
type usedBy struct{ Name, URL string }

// templateForm is the editor's values.
type templateForm struct {
	Name     string
	Variants []variantForm
}

// variantForm is one text of the template, with the problems found in it.
type variantForm struct {
	Name            string // "B (vi)", how errors name the variant
	Language, Label string
	Weight          int
	Subject, Body   string
	SubjectErrs     []string
	BodyErrs        []string
	WeightErrs      []string
	Blank           bool // the empty row for adding a variant
}

// Bad reports whether the variant has problems to show.
func (v variantForm) Bad() bool { return len(v.SubjectErrs)+len(v.BodyErrs)+len(v.WeightErrs) > 0 }

// problemsSummary is the message above a refused editor: how many problems, in which
// variants, and the first one in full, so a problem in a variant far down a long form is
// known without scrolling to find it.
func (f templateForm) problemsSummary() string {
	var first string
	n := 0
	var where []string
	for _, v := range f.Variants {
		if !v.Bad() {
			continue
		}
		n += len(v.SubjectErrs) + len(v.BodyErrs) + len(v.WeightErrs)
		where = append(where, "variant "+v.Name)
		if first == "" {
			switch {
			case len(v.WeightErrs) > 0:
				first = "variant " + v.Name + ": " + v.WeightErrs[0]
			case len(v.SubjectErrs) > 0:
				first = "variant " + v.Name + " subject, " + v.SubjectErrs[0]
			default:
				first = "variant " + v.Name + " message, " + v.BodyErrs[0]
			}
		}
	}
	if n == 0 {
		return "Nothing was saved: fix the problems marked below."
	}
	if n == 1 {
		return "Nothing was saved: " + first + "."
	}
	return fmt.Sprintf("Nothing was saved: %d problems in %s, marked below; the first: %s.", n, strings.Join(where, " and "), first)
}

// previewView is a template rendered for one creator.
type previewView struct {
	Creator    string
	CreatorURL string
	Language   string
	Variants   []variantPreview
	Error      string
}

// variantPreview is one variant rendered.
type variantPreview struct {
	Name          string
	Picked        bool // in the language the creator gets (the A/B split then picks one)
	Subject, Body string
	Missing       []string
}

var templateNotices = map[string]string{"created": "Template saved.", "saved": "Template saved.",
	"archived": "Template archived: hidden from new steps, still sent by the steps using it.", "restored": "Template restored."}

// templateFormOf fills the editor from a saved template, plus an empty row for a new variant.
func templateFormOf(t *store.OutreachTemplate) templateForm {
	f := templateForm{Name: t.Name}
	for _, v := range t.Variants {
		f.Variants = append(f.Variants, variantForm{Language: v.Language, Label: v.Label, Weight: v.Weight, Subject: v.Subject, Body: v.Body})
	}
	return f.withBlank()
}

// withBlank adds the empty row the editor shows for a new variant, labelled with the next letter.
func (f templateForm) withBlank() templateForm {
	label := "A"
	for _, v := range f.Variants {
		if v.Label >= label && len(v.Label) == 1 && v.Label < "Z" {
			label = string(v.Label[0] + 1)
		}
	}
	if len(f.Variants) == 0 {
		label = "A"
	}
	f.Variants = append(f.Variants, variantForm{Label: label, Weight: 1, Blank: true})
	return f
}

// readTemplateForm reads the editor (name and the repeated variant fields) and checks every
// variant's subject and body: each problem is kept next to its field with its line:column.
// ok is false when something must be fixed before saving.
func readTemplateForm(r *http.Request) (templateForm, []store.TemplateVariant, bool) {
	p := r.PostForm
	f := templateForm{Name: strings.TrimSpace(p.Get("name"))}
	n := len(p["body"])
	ok := true
	var vs []store.TemplateVariant
	at := func(name string, i int) string {
		if xs := p[name]; i < len(xs) {
			return xs[i]
		}
		return ""
	}
	for i := 0; i < n; i++ {
		v := variantForm{Language: strings.TrimSpace(at("language", i)), Label: strings.ToUpper(strings.TrimSpace(at("label", i))),
			Subject: at("subject", i), Body: strings.ReplaceAll(at("body", i), "\r\n", "\n")}
		if strings.TrimSpace(v.Subject) == "" && strings.TrimSpace(v.Body) == "" {
			continue // an empty row: no variant (how a variant is removed, too)
		}
		w, err := strconv.Atoi(strings.TrimSpace(cmpOrEmpty(at("weight", i), "1")))
		if err != nil || w < 0 || w > 1000 {
			v.WeightErrs = append(v.WeightErrs, fmt.Sprintf("weight %s is not a whole number from 0 to 1000", quote(at("weight", i))))
		}
		v.Weight = w
		v.SubjectErrs = append(v.SubjectErrs, templateProblems(v.Subject)...)
		v.BodyErrs = append(v.BodyErrs, templateProblems(v.Body)...)
		v.Name = variantName(store.TemplateVariant{Language: v.Language, Label: cmpOrEmpty(v.Label, "A")})
		if strings.TrimSpace(v.Body) == "" {
			v.BodyErrs = append(v.BodyErrs, "the message is empty: write it, or clear the subject too to remove this variant")
		}
		if v.Bad() {
			ok = false
		}
		f.Variants = append(f.Variants, v)
		vs = append(vs, store.TemplateVariant{Language: v.Language, Label: v.Label, Weight: max(w, 0), Subject: v.Subject, Body: v.Body})
	}
	return f, vs, ok
}

// templateProblems lists what ParseTemplate refuses in src, each with its line:column.
func templateProblems(src string) []string {
	_, err := outreach.ParseTemplate(src)
	if err == nil {
		return nil
	}
	var out []string
	for _, te := range outreach.TemplateErrors(err) {
		out = append(out, te.Error())
	}
	if len(out) == 0 {
		out = append(out, err.Error())
	}
	return out
}

// previewSeqAuto asks fillTemplatePage to preview with the offer of the first sequence that
// sends the template (the editor's first view, before anyone picked one).
const previewSeqAuto = "auto"

// fillTemplatePage adds what every state of the editor shows: the variables, the creators
// and sequences the preview can use, and the preview itself (creator ref from ?creator= or
// the form; the first creator of the directory by fit score when none is given).
func (h *handler) fillTemplatePage(ctx context.Context, r *http.Request, p *templatePage, variants []store.TemplateVariant, creatorRef, seqRef string) error {
	ws := current(r).workspace
	p.Vars = outreach.Variables
	p.ListURL = wsURL(ws, "outreach/templates")
	dir, err := h.store.Directory(ctx, ws.ID, store.DirectoryQuery{Sort: store.DirSortScore, Desc: true, Limit: 20, SkipCount: true})
	if err != nil {
		return err
	}
	for _, row := range dir.Rows {
		p.Creators = append(p.Creators, row.Username)
	}
	if creatorRef == "" && len(p.Creators) > 0 {
		creatorRef = p.Creators[0]
	}
	seqs, err := h.store.Sequences(ctx, ws.ID, false)
	if err != nil {
		return err
	}
	var seq, user *store.Sequence
	for _, q := range seqs {
		id := strconv.FormatInt(q.ID, 10)
		p.Sequences = append(p.Sequences, choice{id, q.Name})
		if id == seqRef {
			seq = q
		}
		if p.Tpl != nil && usesTemplate(q.Steps, p.Tpl.ID) {
			p.UsedBy = append(p.UsedBy, usedBy{q.Name, sequencePath(ws, q.ID, "")})
			if user == nil {
				user = q
			}
		}
	}
	if seqRef == previewSeqAuto {
		// A template a sequence sends is previewed with that sequence's offer at first, so
		// {{product.name}} and {{commission.rate}} read as the creator will get them.
		seq = user
	}
	if seq != nil {
		p.PreviewSeq = strconv.FormatInt(seq.ID, 10)
	}
	p.Creator = creatorRef
	if creatorRef != "" && len(variants) > 0 {
		p.Preview, err = h.preview(ctx, r, variants, creatorRef, seq)
	}
	return err
}

// preview renders every variant for a real creator of the workspace, as the engine would
// (with the sequence's offer and mailbox when one is given), and marks the variant the
// creator's language picks.
func (h *handler) preview(ctx context.Context, r *http.Request, variants []store.TemplateVariant, creatorRef string, seq *store.Sequence) (*previewView, error) {
	ws := current(r).workspace
	pv := &previewView{Creator: strings.TrimPrefix(creatorRef, "@")}
	id, err := h.store.CreatorIDByHandle(ctx, ws.ID, pv.Creator)
	if errors.Is(err, store.ErrNotFound) {
		if n, perr := strconv.ParseInt(pv.Creator, 10, 64); perr == nil && n > 0 {
			id, err = n, nil
		}
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	var c *store.OutreachCreator
	if err == nil {
		c, err = h.store.OutreachCreatorOf(ctx, ws.ID, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	if c == nil {
		pv.Error = "No creator " + quote(creatorRef) + " in this workspace: pick one of the list, or type a handle."
		return pv, nil
	}
	pv.Creator, pv.CreatorURL, pv.Language = c.Username, wsURL(ws, "creators/"+strconv.FormatInt(c.ID, 10)), c.Language
	var mailbox *store.Mailbox
	if seq != nil && seq.MailboxID != nil {
		if mailbox, err = h.store.Mailbox(ctx, ws.ID, *seq.MailboxID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	var product *store.OutreachProduct
	if seq != nil {
		if product, err = h.store.SequenceProduct(ctx, seq); err != nil {
			return nil, err
		}
	}
	for _, rv := range views.Preview(variants, c.Language, views.PreviewVars(ws.Name, c, seq, product, mailbox)) {
		pv.Variants = append(pv.Variants, variantPreview{Name: variantName(store.TemplateVariant{Language: rv.Language, Label: rv.Label}),
			Picked: rv.Picked, Subject: rv.Subject, Body: rv.Body, Missing: rv.Missing})
	}
	return pv, nil
}
