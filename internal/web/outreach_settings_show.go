package web

import (
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/store"
)

// outreachSettingsPage is the data of the outreach_settings template.
type outreachSettingsPage struct {
	outreachBase
	Form       settingsForm
	TierErrors []string
	Mailboxes  []mailboxRow
	NewMailbox string
	FormURL    string
}

// settingsForm is the settings form's values.
type settingsForm struct {
	Currency                        string
	Tiers                           []tierRow
	Hours                           hoursForm
	TikTokCap, EmailCap, DiscordCap int
	MaxAttempts, AttributionDays    int
}

// tierRow is one row of the quota tier table as typed.
type tierRow struct {
	Number int
	MinGMV string
	Quota  string
}

// mailboxRow is a mailbox in the settings' list.
type mailboxRow struct {
	Name, From, URL, SMTP, Cap string
	Paused, HasPassword        bool
}

var settingsNotices = map[string]string{"saved": "Outreach settings saved.", "mailbox": "Mailbox saved."}

// outreachSettings shows the quota tiers, default hours, caps and the mailboxes.
func (h *handler) outreachSettings(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	o, err := h.store.OutreachSettings(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page := &outreachSettingsPage{outreachBase: outreachPage(r, "Outreach settings", "settings", settingsNotices), Form: settingsFormOf(o)}
	h.showOutreachSettings(w, r, page, http.StatusOK)
}

func (h *handler) showOutreachSettings(w http.ResponseWriter, r *http.Request, page *outreachSettingsPage, status int) {
	ws := current(r).workspace
	page.FormURL, page.NewMailbox = wsURL(ws, "outreach/settings"), wsURL(ws, "outreach/mailboxes/new")
	boxes, err := h.store.Mailboxes(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, m := range boxes {
		row := mailboxRow{Name: m.Name, From: m.FromAddress, URL: wsURL(ws, "outreach/mailboxes/"+strconv.FormatInt(m.ID, 10)),
			SMTP: m.SMTPHost + ":" + strconv.Itoa(m.SMTPPort), Paused: m.Paused, HasPassword: m.SMTPPasswordSealed != "",
			Cap: "no cap"}
		if m.DailyCap > 0 {
			row.Cap = strconv.Itoa(m.DailyCap) + " a day"
		}
		if m.WarmupInitial > 0 || m.WarmupStep > 0 {
			row.Cap += ", warming up from " + strconv.Itoa(m.WarmupInitial) + " +" + strconv.Itoa(m.WarmupStep) + "/day"
		}
		page.Mailboxes = append(page.Mailboxes, row)
	}
	h.render(w, r, status, "outreach_settings", page)
}

func settingsFormOf(o *store.OutreachSettings) settingsForm {
	f := settingsForm{Currency: o.QuotaCurrency, Hours: hoursFormOf(o.Hours), TikTokCap: o.TikTokDailyCap, EmailCap: o.EmailDailyCap,
		DiscordCap: o.DiscordDailyCap, MaxAttempts: o.MaxAttempts, AttributionDays: o.AttributionDays}
	m := moneyFor(o.QuotaCurrency)
	for i, t := range o.QuotaTiers {
		f.Tiers = append(f.Tiers, tierRow{Number: i + 1, MinGMV: plainAmount(t.MinGMV, m), Quota: strconv.Itoa(t.Quota)})
	}
	return f.withBlankTier()
}

// withBlankTier adds an empty row for a new tier.
func (f settingsForm) withBlankTier() settingsForm {
	f.Tiers = append(f.Tiers, tierRow{Number: len(f.Tiers) + 1})
	return f
}

// plainAmount writes minor units as a number to edit, without symbol or grouping: 1000.00.
func plainAmount(minor int64, m money) string {
	return intl.FormatPlain(minor, m.cur, intl.DefaultLocale("USD"))
}
