package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/store"
)

// CRMSettings are a workspace's thresholds for the automatic stage moves and SLA views, and
// the fit score's targets.
type CRMSettings struct {
	AtRiskDays         int      `json:"at_risk_days" doc:"Days without a sale that move activated and active creators to at_risk" example:"30"`
	ChurnedDays        int      `json:"churned_days" doc:"Days without a sale that move them to churned; more than at_risk_days" example:"60"`
	EngagedSLADays     int      `json:"engaged_sla_days" doc:"The SLA view of engaged creators not onboarded after this many days" example:"3"`
	ActivatedSLADays   int      `json:"activated_sla_days" doc:"The SLA view of sampled or activated creators without a sale after this many days" example:"14"`
	RecontactDays      int      `json:"recontact_days" doc:"Creators contacted within this many days are left off the best prospects" example:"14"`
	TargetVerticals    []string `json:"target_verticals" example:"[\"Beauty\"]"`
	TargetRegions      []string `json:"target_regions" example:"[\"US\"]"`
	TargetMinFollowers int64    `json:"target_min_followers" example:"10000"`
}

func crmSettingsOut(c *store.CRMSettings) CRMSettings {
	out := CRMSettings{AtRiskDays: c.AtRiskDays, ChurnedDays: c.ChurnedDays, EngagedSLADays: c.EngagedSLADays,
		ActivatedSLADays: c.ActivatedSLADays, RecontactDays: c.RecontactDays, TargetVerticals: c.TargetVerticals,
		TargetRegions: c.TargetRegions, TargetMinFollowers: c.TargetMinFollowers}
	if out.TargetVerticals == nil {
		out.TargetVerticals = []string{}
	}
	if out.TargetRegions == nil {
		out.TargetRegions = []string{}
	}
	return out
}

type crmSettingsInput struct {
	WS string `path:"ws" doc:"Workspace slug"`
}

type crmSettingsOutput struct{ Body CRMSettings }

// Every field is optional: the ones sent change, the others keep their values.
type updateCRMSettingsInput struct {
	WS   string `path:"ws" doc:"Workspace slug"`
	Body struct {
		AtRiskDays         *int     `json:"at_risk_days,omitempty" required:"false"`
		ChurnedDays        *int     `json:"churned_days,omitempty" required:"false"`
		EngagedSLADays     *int     `json:"engaged_sla_days,omitempty" required:"false"`
		ActivatedSLADays   *int     `json:"activated_sla_days,omitempty" required:"false"`
		RecontactDays      *int     `json:"recontact_days,omitempty" required:"false"`
		TargetVerticals    []string `json:"target_verticals,omitempty" required:"false" maxItems:"50"`
		TargetRegions      []string `json:"target_regions,omitempty" required:"false" maxItems:"50"`
		TargetMinFollowers *int64   `json:"target_min_followers,omitempty" required:"false"`
	}
}

// RefreshResult says what a CRM refresh changed.
type RefreshResult struct {
	Currency         string         `json:"currency" doc:"The currency the creators' sales are counted in" example:"USD"`
	Day              string         `json:"day" doc:"The day the sales are as of, in the workspace's zone" example:"2026-11-21"`
	Creators         int            `json:"creators"`
	SalesUpdated     int            `json:"sales_updated"`
	StageMoves       map[string]int `json:"stage_moves" doc:"Creators moved, by \"from→to\""`
	StageSkipped     int            `json:"stage_moves_skipped" doc:"Automatic moves not made because a member moved the creator meanwhile"`
	TierChanges      int            `json:"tier_changes"`
	OverridesExpired int            `json:"overrides_expired"`
	ScoresUpdated    int            `json:"scores_updated"`
	Seconds          float64        `json:"seconds"`
}

type refreshOutput struct{ Body RefreshResult }

func registerCRMSettings(a *API) {
	tags := []string{"CRM settings"}
	path := Prefix + "/workspaces/{ws}/crm/settings"
	register(a, huma.Operation{OperationID: "get-crm-settings", Method: http.MethodGet, Path: path,
		Summary: "Get the CRM settings", Tags: tags,
		Description: "The defaults (30, 60, 3, 14, 14 days, no targets) until someone saves them."}, access.ViewData, a.getCRMSettings)
	register(a, huma.Operation{OperationID: "update-crm-settings", Method: http.MethodPut, Path: path,
		Summary: "Change the CRM settings", Tags: tags,
		Description: "Only the fields sent change. They apply from the next refresh (after imports, hourly, or run-crm-refresh)."},
		access.ConfigureCRM, a.updateCRMSettings)
	register(a, huma.Operation{OperationID: "run-crm-refresh", Method: http.MethodPost, Path: Prefix + "/workspaces/{ws}/crm/refresh",
		Summary: "Refresh the CRM now", Tags: tags,
		Description: "Recomputes every creator's precomputed sales, makes the automatic stage moves, re-evaluates tiers " +
			"(clearing expired overrides) and fit scores, as imports and the hourly run do. Idempotent."},
		access.ConfigureCRM, a.runCRMRefresh)
}

func (a *API) getCRMSettings(ctx context.Context, _ *crmSettingsInput) (*crmSettingsOutput, error) {
	c, err := a.Store.CRMSettings(ctx, from(ctx).workspace.ID)
	if err != nil {
		return nil, a.fail(err, "settings")
	}
	return &crmSettingsOutput{Body: crmSettingsOut(c)}, nil
}

func (a *API) updateCRMSettings(ctx context.Context, in *updateCRMSettingsInput) (*crmSettingsOutput, error) {
	st := from(ctx)
	c, err := a.Store.CRMSettings(ctx, st.workspace.ID)
	if err != nil {
		return nil, a.fail(err, "settings")
	}
	b := in.Body
	for _, f := range []struct {
		v   *int
		dst *int
	}{{b.AtRiskDays, &c.AtRiskDays}, {b.ChurnedDays, &c.ChurnedDays}, {b.EngagedSLADays, &c.EngagedSLADays},
		{b.ActivatedSLADays, &c.ActivatedSLADays}, {b.RecontactDays, &c.RecontactDays}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	if b.TargetVerticals != nil {
		c.TargetVerticals = b.TargetVerticals
	}
	if b.TargetRegions != nil {
		c.TargetRegions = b.TargetRegions
	}
	if b.TargetMinFollowers != nil {
		c.TargetMinFollowers = *b.TargetMinFollowers
	}
	if err := a.Store.SaveCRMSettings(ctx, st.principal.Actor(), st.workspace.ID, *c); err != nil {
		return nil, a.settingProblem(err, "settings")
	}
	return a.getCRMSettings(ctx, &crmSettingsInput{})
}

// settingProblem turns a refused setting into a 422 naming the field and value.
func (a *API) settingProblem(err error, what string) error {
	var se *store.SettingError
	if errors.As(err, &se) {
		return invalid("body."+se.Field, se.Value, se.Reason)
	}
	return a.fail(err, what)
}

func (a *API) runCRMRefresh(ctx context.Context, _ *crmSettingsInput) (*refreshOutput, error) {
	res, err := crm.Refresh(ctx, a.Store, from(ctx).workspace.ID, time.Now())
	if err != nil {
		return nil, a.fail(err, "workspace")
	}
	out := RefreshResult{Currency: res.Sales.Currency, Creators: res.Sales.Creators, SalesUpdated: res.Sales.Changed,
		StageMoves: res.StageMoves, StageSkipped: res.StageSkipped, TierChanges: res.TierChanges,
		OverridesExpired: res.OverridesExpired, ScoresUpdated: res.Scores, Seconds: res.Took.Seconds()}
	if d := res.Sales.Day; d != 0 {
		out.Day = time.Date(int(d/10000), time.Month(d/100%100), int(d%100), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	if out.StageMoves == nil {
		out.StageMoves = map[string]int{}
	}
	return &refreshOutput{Body: out}, nil
}
