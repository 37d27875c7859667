package views

import (
	"slices"
	"strings"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
)

// RenderedVariant is one variant of a template rendered for a creator.
type RenderedVariant struct {
	Language, Label string
	// Picked: the variant is in the language the creator gets (the A/B split then picks one
	// of that language's variants per enrollment).
	Picked        bool
	Subject, Body string
	Missing       []string // variables with no value and no fallback: the engine would not send it
	Problems      []string // parse errors, with line:column (a template saved before a check)
}

// PreviewVars are the values the engine renders a message with (engine_plan.go): the
// creator's, the workspace as the sender company, the sequence's campaign, commission,
// product and mailbox name when one is given, and a stand-in unsubscribe link.
func PreviewVars(company string, c *store.OutreachCreator, seq *store.Sequence, p *store.OutreachProduct, mailbox *store.Mailbox) outreach.Vars {
	sender := company
	if mailbox != nil && mailbox.FromName != "" {
		sender = mailbox.FromName
	}
	extra := map[string]string{"links.unsubscribe": "https://…/u/(each creator's own link)"}
	var product *outreach.ProductInfo
	if seq != nil {
		extra["campaign.name"] = seq.Campaign
		if p != nil || seq.CommissionBps > 0 {
			product = &outreach.ProductInfo{CommissionBP: int64(seq.CommissionBps)}
			if p != nil {
				product.Name, product.Price, product.Currency, product.Link = p.Name, p.Price, p.Currency, p.Link
			}
		}
	}
	return outreach.VarsFor(outreach.CreatorInfo{DisplayName: c.DisplayName, Handle: c.Username, Followers: c.Followers,
		Region: c.Region, Tier: c.Tier, Language: c.Language, GMV30d: c.GMV30d, Currency: c.SalesCurrency}, product,
		outreach.SenderInfo{Name: sender, Company: company}, extra)
}

// Preview renders every variant with vars and marks those of the language the creator gets.
func Preview(variants []store.TemplateVariant, language string, vars outreach.Vars) []RenderedVariant {
	vs := make([]outreach.Variant, len(variants))
	for i, v := range variants {
		vs[i] = outreach.Variant{ID: int64(i + 1), Language: v.Language, Label: v.Label, Weight: max(v.Weight, 1), Subject: v.Subject, Body: v.Body}
	}
	picked := outreach.PickVariant(vs, language, 0)
	out := make([]RenderedVariant, 0, len(variants))
	for _, v := range variants {
		rv := RenderedVariant{Language: v.Language, Label: v.Label, Picked: picked.Body != "" && strings.EqualFold(picked.Language, v.Language)}
		rv.Subject = render(v.Subject, vars, &rv)
		rv.Body = render(v.Body, vars, &rv)
		out = append(out, rv)
	}
	return out
}

func render(src string, vars outreach.Vars, rv *RenderedVariant) string {
	t, err := outreach.ParseTemplate(src)
	if err != nil {
		for _, te := range outreach.TemplateErrors(err) {
			rv.Problems = append(rv.Problems, te.Error())
		}
		return ""
	}
	s, missing := t.Render(vars)
	for _, m := range missing {
		if !slices.Contains(rv.Missing, m) {
			rv.Missing = append(rv.Missing, m)
		}
	}
	return s
}
