package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// crmSettingsPage is the CRM settings: thresholds and score targets, tier rules, a refresh.
type crmSettingsPage struct {
	basePage
	Workspace   *model.Workspace
	Form        crmSettingsForm
	Rules       []tierRuleView
	NewRule     tierRuleForm
	Currency    string   // the workspace's main currency: sales and rules are counted in it
	Currencies  []string // offered for a rule: the main one first
	Windows     []adminOption
	LastRefresh *store.AuditRecord
	Error       string
	Notice      string
	OpenRule    int64 // the rule whose edit failed: its form is shown open with the values sent
	RuleForm    tierRuleForm
	CanProspect bool
}

// crmSettingsForm holds the settings as typed, so a refused value is shown back.
type crmSettingsForm struct {
	AtRiskDays, ChurnedDays, EngagedSLADays, ActivatedSLADays, RecontactDays string
	TargetVerticals, TargetRegions, TargetMinFollowers                       string
}

// tierRuleForm is a rule as typed.
type tierRuleForm struct {
	Tier, WindowDays, MinGMV, MinOrders, Currency string
}

// tierRuleView is one rule of the table, with its edit form's values.
type tierRuleView struct {
	store.TierRule
	Window      string
	MinGMVText  string // as the table shows it: $1,000.00
	First, Last bool
	Form        tierRuleForm
	// CurrencyChoices are the page's currencies, and the rule's own when it is none of them.
	CurrencyChoices []string
}

// tierWindows are the windows a rule may count over, as the form offers them.
var tierWindows = []adminOption{{Value: "30", Label: "last 30 days"}, {Value: "90", Label: "last 90 days"}, {Value: "0", Label: "lifetime"}}

// settingLabels name each setting as the page does, for error messages.
var settingLabels = map[string]string{
	"at_risk_days": "At risk after", "churned_days": "Churned after", "engaged_sla_days": "Engaged SLA",
	"activated_sla_days": "Activated SLA", "recontact_days": "Recontact after", "target_verticals": "Target verticals",
	"target_regions": "Target regions", "target_min_followers": "Target followers", "tier": "Tier",
	"window_days": "Window", "min_gmv": "Minimum GMV", "min_orders": "Minimum orders", "currency": "Currency",
	"position": "Position", "until": "Until", "reason": "Why",
}

// settingMessage says which field and value were refused, and why.
func settingMessage(err error) (string, bool) {
	se, ok := err.(*store.SettingError)
	if !ok {
		return "", false
	}
	label := settingLabels[se.Field]
	if label == "" {
		label = se.Field
	}
	return label + " (" + se.Field + ") " + quote(se.Value) + ": " + se.Reason + ".", true
}

func formOf(c *store.CRMSettings) crmSettingsForm {
	itoa := strconv.Itoa
	return crmSettingsForm{AtRiskDays: itoa(c.AtRiskDays), ChurnedDays: itoa(c.ChurnedDays), EngagedSLADays: itoa(c.EngagedSLADays),
		ActivatedSLADays: itoa(c.ActivatedSLADays), RecontactDays: itoa(c.RecontactDays),
		TargetVerticals: strings.Join(c.TargetVerticals, ", "), TargetRegions: strings.Join(c.TargetRegions, ", "),
		TargetMinFollowers: strconv.FormatInt(c.TargetMinFollowers, 10)}
}

// ruleFormOf writes a rule as its edit form shows it: the amount without grouping.
func ruleFormOf(r store.TierRule) tierRuleForm {
	f := tierRuleForm{Tier: r.Tier, WindowDays: strconv.Itoa(r.WindowDays), MinOrders: strconv.FormatInt(r.MinOrders, 10), Currency: r.Currency}
	if cur, ok := intl.LookupCurrency(r.Currency); ok {
		f.MinGMV = intl.FormatPlain(r.MinGMV, cur, intl.DefaultLocale(r.Currency))
	}
	return f
}

// newCRMSettingsPage loads the page; form is nil to show the stored settings.
func (h *handler) newCRMSettingsPage(r *http.Request, form *crmSettingsForm) (*crmSettingsPage, error) {
	st := current(r)
	ctx := r.Context()
	ws := st.workspace
	page := &crmSettingsPage{basePage: basePage{Title: ws.Name + " — CRM settings"}, Workspace: ws, Windows: tierWindows,
		CanProspect: st.can(access.ViewData)}
	set, err := h.store.CRMSettings(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	page.Form = formOf(set)
	if form != nil {
		page.Form = *form
	}
	if page.Currency, err = h.store.MainCurrency(ctx, ws.ID); err != nil {
		return nil, err
	}
	if page.Currency == "" {
		page.Currency = "USD"
	}
	page.Currencies = []string{page.Currency}
	shops, err := h.store.ShopSummaries(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for _, sh := range shops {
		if !slices.Contains(page.Currencies, sh.Currency) {
			page.Currencies = append(page.Currencies, sh.Currency)
		}
	}
	rules, err := h.store.TierRules(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	for i, rule := range rules {
		choices := page.Currencies
		if !slices.Contains(choices, rule.Currency) {
			choices = append(slices.Clone(choices), rule.Currency)
		}
		page.Rules = append(page.Rules, tierRuleView{TierRule: rule, Window: crm.WindowLabel(rule.WindowDays),
			MinGMVText: crm.FormatMoney(rule.MinGMV, rule.Currency), First: i == 0, Last: i == len(rules)-1, Form: ruleFormOf(rule),
			CurrencyChoices: choices})
	}
	page.NewRule = tierRuleForm{WindowDays: "30", Currency: page.Currency}
	if page.LastRefresh, err = h.store.LastCRMRefresh(ctx, ws.ID); err != nil {
		return nil, err
	}
	return page, nil
}

// renderCRMSettings loads the page and renders it; edit may change it first (an error, the
// form as typed).
func (h *handler) renderCRMSettings(w http.ResponseWriter, r *http.Request, status int, form *crmSettingsForm, edit func(*crmSettingsPage)) {
	page, err := h.newCRMSettingsPage(r, form)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if edit != nil {
		edit(page)
	}
	h.render(w, r, status, "crm_settings", page)
}

// parseRuleForm reads a tier rule form; the message names the field and value refused.
func parseRuleForm(r *http.Request) (store.TierRule, tierRuleForm, string) {
	f := tierRuleForm{Tier: strings.TrimSpace(r.PostFormValue("tier")), WindowDays: r.PostFormValue("window_days"),
		MinGMV: strings.TrimSpace(r.PostFormValue("min_gmv")), MinOrders: strings.TrimSpace(r.PostFormValue("min_orders")),
		Currency: strings.ToUpper(strings.TrimSpace(r.PostFormValue("currency")))}
	rule := store.TierRule{Tier: f.Tier, Currency: f.Currency}
	days, err := strconv.Atoi(f.WindowDays)
	if err != nil {
		return rule, f, "Window (window_days) " + quote(f.WindowDays) + ": pick the last 30 days, the last 90 days or lifetime."
	}
	rule.WindowDays = days
	cur, ok := intl.LookupCurrency(f.Currency)
	if !ok {
		return rule, f, "Currency (currency) " + quote(f.Currency) + ": not a currency code we know (ISO 4217, e.g. USD)."
	}
	if f.MinGMV != "" {
		loc := intl.DefaultLocale(cur.Code)
		v, err := intl.ParseAmount(f.MinGMV, cur, loc)
		if err != nil {
			return rule, f, "Minimum GMV (min_gmv) " + quote(f.MinGMV) + ": not an amount in " + cur.Code + " (write it like " +
				intl.FormatPlain(150000*pow10(cur.MinorUnits)/100, cur, loc) + ")."
		}
		rule.MinGMV = v
	}
	if f.MinOrders != "" {
		n, err := strconv.ParseInt(f.MinOrders, 10, 64)
		if err != nil {
			return rule, f, "Minimum orders (min_orders) " + quote(f.MinOrders) + ": not a whole number."
		}
		rule.MinOrders = n
	}
	if err := rule.Validate(); err != nil {
		msg, _ := settingMessage(err)
		return rule, f, msg
	}
	return rule, f, ""
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// pathRule loads the {rule} of the path as a rule of the current workspace, or answers 404.
func (h *handler) pathRule(w http.ResponseWriter, r *http.Request) (*store.TierRule, bool) {
	id, err := strconv.ParseInt(r.PathValue("rule"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return nil, false
	}
	rule, err := h.store.TierRule(r.Context(), current(r).workspace.ID, id)
	if isNotFound(err) {
		h.notFound(w, r)
		return nil, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return nil, false
	}
	return rule, true
}
