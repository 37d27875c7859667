package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
)

// outreachSettingsSave saves the quota tiers (checked with outreach.ValidateTiers: every bad
// row is named), default hours, daily caps, attempts and the attribution window.
func (h *handler) outreachSettingsSave(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	o, form, tierErrs, err := readSettingsForm(r, ws.ID)
	page := &outreachSettingsPage{outreachBase: outreachPage(r, "Outreach settings", "settings", nil), Form: form.withBlankTier(), TierErrors: tierErrs}
	if err == nil {
		err = h.store.SaveOutreachSettings(r.Context(), st.principal.Actor(), o)
		if err == nil {
			http.Redirect(w, r, wsURL(ws, "outreach/settings")+"?ok=saved", http.StatusSeeOther)
			return
		}
		if msg, ok := outreachFieldMessage(err); ok {
			err = errors.New(msg)
		} else {
			h.serverError(w, r, err)
			return
		}
	}
	page.Error = "Nothing was saved: " + err.Error()
	h.showOutreachSettings(w, r, page, http.StatusUnprocessableEntity)
}

// readSettingsForm reads the form; tierErrs lists each bad tier row.
func readSettingsForm(r *http.Request, wsID int64) (*store.OutreachSettings, settingsForm, []string, error) {
	f := r.PostForm
	o := store.DefaultOutreachSettings(wsID)
	form := settingsForm{Currency: strings.ToUpper(strings.TrimSpace(f.Get("quota_currency")))}
	cur, ok := intl.LookupCurrency(form.Currency)
	if !ok {
		return nil, form, nil, fmt.Errorf("currency %s is not a currency code like USD", quote(form.Currency))
	}
	o.QuotaCurrency = cur.Code
	mins, quotas := f["tier_min"], f["tier_quota"]
	var tiers []outreach.QuotaTier
	var tierErrs []string
	for i := range mins {
		q := ""
		if i < len(quotas) {
			q = quotas[i]
		}
		row := tierRow{Number: len(form.Tiers) + 1, MinGMV: strings.TrimSpace(mins[i]), Quota: strings.TrimSpace(q)}
		if row.MinGMV == "" && row.Quota == "" {
			continue
		}
		form.Tiers = append(form.Tiers, row)
		gmv, err := intl.ParseAmount(cmpOrEmpty(row.MinGMV, "0"), cur, intl.DefaultLocale("USD"))
		if err != nil || gmv < 0 {
			tierErrs = append(tierErrs, fmt.Sprintf("quota tiers: row %d: minimum GMV %s is not an amount like 1000 or 1000.50", row.Number, quote(row.MinGMV)))
			continue
		}
		n, err := strconv.Atoi(row.Quota)
		if err != nil {
			tierErrs = append(tierErrs, fmt.Sprintf("quota tiers: row %d: quota %s is not a whole number", row.Number, quote(row.Quota)))
			continue
		}
		tiers = append(tiers, outreach.QuotaTier{MinGMV: gmv, Quota: n})
	}
	if len(tierErrs) == 0 {
		if err := outreach.ValidateTiers(tiers, cur.Code); err != nil {
			tierErrs = strings.Split(err.Error(), "\n")
		}
	}
	o.QuotaTiers = nil
	for _, t := range tiers {
		o.QuotaTiers = append(o.QuotaTiers, store.QuotaTier{MinGMV: t.MinGMV, Quota: t.Quota})
	}
	form.Hours = postedHours(r)
	var err error
	if o.Hours, err = parseHours(r); err != nil {
		return nil, form, tierErrs, err
	}
	for _, x := range []struct {
		name string
		dst  *int
		form *int
	}{{"tiktok_daily_cap", &o.TikTokDailyCap, &form.TikTokCap}, {"email_daily_cap", &o.EmailDailyCap, &form.EmailCap},
		{"discord_daily_cap", &o.DiscordDailyCap, &form.DiscordCap}, {"max_attempts", &o.MaxAttempts, &form.MaxAttempts},
		{"attribution_days", &o.AttributionDays, &form.AttributionDays}} {
		n, err := formInt(r, x.name, *x.dst)
		if err != nil {
			return nil, form, tierErrs, err
		}
		*x.dst, *x.form = n, n
	}
	if len(tierErrs) > 0 {
		return nil, form, tierErrs, errors.New("fix the quota tiers marked below")
	}
	return o, form, nil, nil
}
