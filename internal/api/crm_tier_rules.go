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
	"github.com/creatorops/creatorops/internal/store"
)

// TierRule gives its tier to creators who reach its thresholds over a window; the first rule
// (by position) a creator meets wins.
type TierRule struct {
	ID         int64     `json:"id"`
	Tier       string    `json:"tier" example:"Gold"`
	Position   int       `json:"position" doc:"1 for the first rule evaluated" example:"1"`
	WindowDays int       `json:"window_days" doc:"30 or 90 rolling days, 0 for lifetime" enum:"0,30,90"`
	MinGMV     Money     `json:"min_gmv" doc:"GMV at least, in the rule's currency; only sales in that currency count"`
	MinOrders  int64     `json:"min_orders" example:"10"`
	CreatedAt  time.Time `json:"created_at"`
}

func tierRuleOut(r *store.TierRule) TierRule {
	return TierRule{ID: r.ID, Tier: r.Tier, Position: r.Position, WindowDays: r.WindowDays,
		MinGMV: moneyOf(r.MinGMV, r.Currency), MinOrders: r.MinOrders, CreatedAt: r.CreatedAt}
}

type listTierRulesOutput struct {
	Body struct {
		Items []TierRule `json:"items"`
	}
}

// tierRuleBody is a rule as sent. Values are checked by the handler, after the rule is found,
// so another workspace's rule is a 404 whatever the body holds.
type tierRuleBody struct {
	Tier       string `json:"tier" required:"false" maxLength:"200" example:"Gold"`
	WindowDays int    `json:"window_days" required:"false" doc:"30, 90 or 0 (lifetime)" example:"30"`
	MinGMV     Money  `json:"min_gmv" required:"false" doc:"GMV at least, with the rule's currency"`
	MinOrders  int64  `json:"min_orders,omitempty" required:"false" example:"10"`
	Position   int    `json:"position,omitempty" required:"false" doc:"Where to put the rule (1 = first); default: last for a new rule, unchanged for an edit"`
}

func (b tierRuleBody) rule() store.TierRule {
	return store.TierRule{Tier: b.Tier, WindowDays: b.WindowDays, MinGMV: b.MinGMV.Amount, Currency: b.MinGMV.Currency,
		MinOrders: b.MinOrders, Position: b.Position}
}

type createTierRuleInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body tierRuleBody
}

type tierRuleInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Rule string `path:"rule" doc:"Tier rule id"`
}

type updateTierRuleInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Rule string `path:"rule" doc:"Tier rule id"`
	Body tierRuleBody
}

type tierRuleOutput struct{ Body TierRule }

func registerTierRules(a *API) {
	tags := []string{"CRM settings"}
	base := Prefix + "/workspaces/{ws}/crm/tier-rules"
	register(a, huma.Operation{OperationID: "list-tier-rules", Method: http.MethodGet, Path: base,
		Summary: "List the tier rules", Tags: tags, Description: "In evaluation order: a creator gets the tier of the first rule they meet."},
		access.ViewData, a.listTierRules)
	register(a, huma.Operation{OperationID: "create-tier-rule", Method: http.MethodPost, Path: base, DefaultStatus: http.StatusCreated,
		Summary: "Add a tier rule", Tags: tags, Description: "Tiers change at the next refresh. A second rule for the same tier is a 409."},
		access.ConfigureCRM, a.createTierRule)
	register(a, huma.Operation{OperationID: "update-tier-rule", Method: http.MethodPut, Path: base + "/{rule}",
		Summary: "Change a tier rule (and move it with position)", Tags: tags}, access.ConfigureCRM, a.updateTierRule)
	register(a, huma.Operation{OperationID: "delete-tier-rule", Method: http.MethodDelete, Path: base + "/{rule}",
		DefaultStatus: http.StatusNoContent, Summary: "Delete a tier rule", Tags: tags,
		Description: "Creators keep the tier until the next refresh."}, access.ConfigureCRM, a.deleteTierRule)
}

func (a *API) listTierRules(ctx context.Context, _ *crmSettingsInput) (*listTierRulesOutput, error) {
	rules, err := a.Store.TierRules(ctx, from(ctx).workspace.ID)
	if err != nil {
		return nil, a.fail(err, "tier rule")
	}
	out := &listTierRulesOutput{}
	out.Body.Items = []TierRule{}
	for i := range rules {
		out.Body.Items = append(out.Body.Items, tierRuleOut(&rules[i]))
	}
	return out, nil
}

// pathRule finds the {rule} of the path among the workspace's rules.
func (a *API) pathRule(ctx context.Context, raw string) (*store.TierRule, error) {
	notFound := huma.Error404NotFound(fmt.Sprintf("tier rule %q not found in this workspace", raw))
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, notFound
	}
	r, err := a.Store.TierRule(ctx, from(ctx).workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, a.fail(err, "tier rule")
	}
	return r, nil
}

func (a *API) ruleProblem(err error, tier string) error {
	if errors.Is(err, store.ErrTierExists) {
		return huma.Error409Conflict(fmt.Sprintf("tier %q already has a rule in this workspace: change that one", tier))
	}
	return a.settingProblem(err, "tier rule")
}

func (a *API) createTierRule(ctx context.Context, in *createTierRuleInput) (*tierRuleOutput, error) {
	st := from(ctx)
	if in.Body.Position < 0 {
		return nil, invalid("body.position", in.Body.Position, "positions start at 1")
	}
	r, err := a.Store.CreateTierRule(ctx, st.principal.Actor(), st.workspace.ID, in.Body.rule())
	if err != nil {
		return nil, a.ruleProblem(err, in.Body.Tier)
	}
	out := tierRuleOut(r)
	return &tierRuleOutput{Body: out}, nil
}

func (a *API) updateTierRule(ctx context.Context, in *updateTierRuleInput) (*tierRuleOutput, error) {
	st := from(ctx)
	old, err := a.pathRule(ctx, in.Rule)
	if err != nil {
		return nil, err
	}
	if in.Body.Position < 0 {
		return nil, invalid("body.position", in.Body.Position, "positions start at 1")
	}
	if _, err := a.Store.UpdateTierRule(ctx, st.principal.Actor(), st.workspace.ID, old.ID, in.Body.rule()); err != nil {
		return nil, a.ruleProblem(err, in.Body.Tier)
	}
	if in.Body.Position > 0 && in.Body.Position != old.Position {
		if err := a.Store.MoveTierRule(ctx, st.principal.Actor(), st.workspace.ID, old.ID, in.Body.Position); err != nil {
			return nil, a.ruleProblem(err, in.Body.Tier)
		}
	}
	r, err := a.Store.TierRule(ctx, st.workspace.ID, old.ID)
	if err != nil {
		return nil, a.fail(err, "tier rule")
	}
	return &tierRuleOutput{Body: tierRuleOut(r)}, nil
}

func (a *API) deleteTierRule(ctx context.Context, in *tierRuleInput) (*struct{}, error) {
	st := from(ctx)
	r, err := a.pathRule(ctx, in.Rule)
	if err != nil {
		return nil, err
	}
	if err := a.Store.DeleteTierRule(ctx, st.principal.Actor(), st.workspace.ID, r.ID); err != nil {
		return nil, a.fail(err, "tier rule")
	}
	return nil, nil
}
