package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/views"
	"github.com/creatorops/creatorops/internal/store"
)

// OutreachTemplate is a message with per-language and A/B variants.
type OutreachTemplate struct {
	ID        int64             `json:"id"`
	Name      string            `json:"name" example:"First touch"`
	Status    string            `json:"status" enum:"active,archived"`
	Variants  []TemplateVariant `json:"variants"`
	CreatedBy string            `json:"created_by"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// TemplateVariant is one text of a template: for a language ("" for any) and an A/B label.
type TemplateVariant struct {
	Language string `json:"language" required:"false" maxLength:"16" doc:"BCP 47 tag such as vi or vi-VN; empty for the default" example:"vi"`
	Label    string `json:"label" required:"false" maxLength:"8" doc:"A/B label; default A" example:"A"`
	Weight   int    `json:"weight" required:"false" minimum:"0" maximum:"1000" doc:"Share of the A/B split; 0 pauses it; default 1"`
	Subject  string `json:"subject" required:"false" maxLength:"1000" doc:"Email steps only"`
	Body     string `json:"body" maxLength:"20000" example:"Hi {{creator.first_name | \"there\"}}!"`
}

func templateOut(t *store.OutreachTemplate) OutreachTemplate {
	out := OutreachTemplate{ID: t.ID, Name: t.Name, Status: t.Status, CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
		Variants: []TemplateVariant{}}
	for _, v := range t.Variants {
		out.Variants = append(out.Variants, TemplateVariant{Language: v.Language, Label: v.Label, Weight: v.Weight, Subject: v.Subject, Body: v.Body})
	}
	return out
}

// templateBody is a template as sent. Variables are checked here, every problem reported with
// its variant, field and line:column.
type templateBody struct {
	Name     string            `json:"name" required:"false" maxLength:"120" example:"First touch"`
	Variants []TemplateVariant `json:"variants" required:"false" maxItems:"50" doc:"On update, the variants given replace all of them"`
	Archived *bool             `json:"archived,omitempty" required:"false" doc:"Update only: archive (true) or restore (false) the template"`
}

func (b *templateBody) check() ([]store.TemplateVariant, error) {
	var details []error
	var out []store.TemplateVariant
	for i, v := range b.Variants {
		for _, f := range [2][2]string{{"subject", v.Subject}, {"body", v.Body}} {
			field := f[0]
			_, err := outreach.ParseTemplate(f[1])
			for _, te := range outreach.TemplateErrors(err) {
				details = append(details, &huma.ErrorDetail{Message: te.Error(), Location: fmt.Sprintf("body.variants[%d].%s", i, field), Value: te.Name})
			}
		}
		out = append(out, store.TemplateVariant{Language: v.Language, Label: v.Label, Weight: v.Weight, Subject: v.Subject, Body: v.Body})
	}
	if len(details) > 0 {
		return nil, huma.Error422UnprocessableEntity("the template has problems (line:column of each)", details...)
	}
	return out, nil
}

type listTemplatesInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Archived bool   `query:"archived" doc:"Include archived templates"`
	PageParams
}

type listTemplatesOutput struct {
	Body struct {
		Items      []OutreachTemplate `json:"items"`
		NextCursor string             `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type createTemplateInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body templateBody
}

type templateInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Template string `path:"template" doc:"Template id"`
}

type updateTemplateInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Template string `path:"template" doc:"Template id"`
	Body     templateBody
}

type templateOutput struct{ Body OutreachTemplate }

type previewTemplateInput struct {
	WS       string `path:"ws" doc:"Workspace slug"`
	Template string `path:"template" doc:"Template id"`
	Creator  int64  `query:"creator" doc:"Id of the creator to render it for (required)"`
	Sequence int64  `query:"sequence" doc:"Id of a sequence whose campaign, commission and mailbox fill the variables"`
}

// TemplatePreview is a template rendered for a real creator, as the engine would send it.
type TemplatePreview struct {
	CreatorID int64             `json:"creator_id"`
	Handle    string            `json:"handle"`
	Language  string            `json:"language" doc:"The creator's language"`
	Variants  []RenderedVariant `json:"variants"`
}

// RenderedVariant is one variant rendered.
type RenderedVariant struct {
	Language string   `json:"language"`
	Label    string   `json:"label"`
	Picked   bool     `json:"picked" doc:"In the language this creator gets"`
	Subject  string   `json:"subject"`
	Body     string   `json:"body"`
	Missing  []string `json:"missing" doc:"Variables without a value or fallback: the engine would not send this variant to them"`
}

type previewTemplateOutput struct{ Body TemplatePreview }

func registerOutreachTemplates(a *API) {
	base := outreachPath + "/templates"
	register(a, huma.Operation{OperationID: "list-outreach-templates", Method: http.MethodGet, Path: base,
		Summary: "List the outreach templates", Tags: outreachTags, Description: "By name."}, access.ViewData, a.listTemplates)
	register(a, huma.Operation{OperationID: "create-outreach-template", Method: http.MethodPost, Path: base, DefaultStatus: http.StatusCreated,
		Summary: "Create an outreach template", Tags: outreachTags,
		Description: "Unknown variables and other template problems are a 422 listing each with its variant, field and line:column."},
		access.RunOutreach, a.createTemplate)
	register(a, huma.Operation{OperationID: "get-outreach-template", Method: http.MethodGet, Path: base + "/{template}",
		Summary: "Get an outreach template", Tags: outreachTags}, access.ViewData, a.getTemplate)
	register(a, huma.Operation{OperationID: "update-outreach-template", Method: http.MethodPatch, Path: base + "/{template}",
		Summary: "Change an outreach template", Tags: outreachTags,
		Description: "Name and variants (the variants given replace all of them), or archived. Queued messages keep their text."},
		access.RunOutreach, a.updateTemplate)
	register(a, huma.Operation{OperationID: "preview-outreach-template", Method: http.MethodGet, Path: base + "/{template}/preview",
		Summary: "Render a template for a creator", Tags: outreachTags,
		Description: "Every variant, rendered with the creator's values as the engine would, with the variables left without a value."},
		access.ViewData, a.previewTemplate)
}

func (a *API) listTemplates(ctx context.Context, in *listTemplatesInput) (*listTemplatesOutput, error) {
	ts, err := a.Store.Templates(ctx, from(ctx).workspace.ID, in.Archived)
	if err != nil {
		return nil, a.fail(err, "template")
	}
	lo, hi, next, err := offsetPage(in.Cursor, in.Limit, len(ts))
	if err != nil {
		return nil, err
	}
	out := &listTemplatesOutput{}
	out.Body.Items, out.Body.NextCursor = []OutreachTemplate{}, next
	for _, t := range ts[lo:hi] {
		out.Body.Items = append(out.Body.Items, templateOut(t))
	}
	return out, nil
}

func (a *API) createTemplate(ctx context.Context, in *createTemplateInput) (*templateOutput, error) {
	st := from(ctx)
	vs, err := in.Body.check()
	if err != nil {
		return nil, err
	}
	t := &store.OutreachTemplate{WorkspaceID: st.workspace.ID, Name: in.Body.Name, Variants: vs}
	if err := a.Store.CreateTemplate(ctx, st.principal.Actor(), t); err != nil {
		return nil, a.outreachProblem(err, "template")
	}
	return &templateOutput{Body: templateOut(t)}, nil
}

func (a *API) getTemplate(ctx context.Context, in *templateInput) (*templateOutput, error) {
	t, err := a.pathTemplate(ctx, in.Template)
	if err != nil {
		return nil, err
	}
	return &templateOutput{Body: templateOut(t)}, nil
}

func (a *API) updateTemplate(ctx context.Context, in *updateTemplateInput) (*templateOutput, error) {
	st := from(ctx)
	t, err := a.pathTemplate(ctx, in.Template)
	if err != nil {
		return nil, err
	}
	if in.Body.Name != "" || in.Body.Variants != nil {
		next := &store.OutreachTemplate{ID: t.ID, WorkspaceID: t.WorkspaceID, Name: t.Name, Variants: t.Variants}
		if in.Body.Name != "" {
			next.Name = in.Body.Name
		}
		if in.Body.Variants != nil {
			if next.Variants, err = in.Body.check(); err != nil {
				return nil, err
			}
		}
		if err := a.Store.UpdateTemplate(ctx, st.principal.Actor(), next); err != nil {
			return nil, a.outreachProblem(err, "template")
		}
	}
	if in.Body.Archived != nil {
		if err := a.Store.ArchiveTemplate(ctx, st.principal.Actor(), st.workspace.ID, t.ID, *in.Body.Archived); err != nil {
			return nil, a.fail(err, "template")
		}
	}
	return a.getTemplate(ctx, &templateInput{Template: strconv.FormatInt(t.ID, 10)})
}

func (a *API) previewTemplate(ctx context.Context, in *previewTemplateInput) (*previewTemplateOutput, error) {
	ws := from(ctx).workspace
	t, err := a.pathTemplate(ctx, in.Template)
	if err != nil {
		return nil, err
	}
	if in.Creator <= 0 {
		return nil, invalid("query.creator", in.Creator, "is required: the id of a creator to render the template for")
	}
	c, err := a.Store.OutreachCreatorOf(ctx, ws.ID, in.Creator)
	if errors.Is(err, store.ErrNotFound) {
		return nil, invalid("query.creator", in.Creator, "is not a creator of this workspace")
	}
	if err != nil {
		return nil, a.fail(err, "creator")
	}
	var seq *store.Sequence
	var mailbox *store.Mailbox
	if in.Sequence != 0 {
		if seq, err = a.Store.Sequence(ctx, ws.ID, in.Sequence); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil, invalid("query.sequence", in.Sequence, "is not a sequence of this workspace")
			}
			return nil, a.fail(err, "sequence")
		}
		if seq.MailboxID != nil {
			if mailbox, err = a.Store.Mailbox(ctx, ws.ID, *seq.MailboxID); err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, a.fail(err, "mailbox")
			}
		}
	}
	var product *store.OutreachProduct
	if seq != nil {
		if product, err = a.Store.SequenceProduct(ctx, seq); err != nil {
			return nil, a.fail(err, "product")
		}
	}
	out := TemplatePreview{CreatorID: c.ID, Handle: c.Username, Language: c.Language, Variants: []RenderedVariant{}}
	for _, rv := range views.Preview(t.Variants, c.Language, views.PreviewVars(ws.Name, c, seq, product, mailbox)) {
		missing := rv.Missing
		if missing == nil {
			missing = []string{}
		}
		out.Variants = append(out.Variants, RenderedVariant{Language: rv.Language, Label: rv.Label, Picked: rv.Picked,
			Subject: rv.Subject, Body: rv.Body, Missing: missing})
	}
	return &previewTemplateOutput{Body: out}, nil
}
