package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// This file holds what the outreach pages share: the tabs above them, loading the object a
// path names (scoped to the workspace, 404 otherwise), and how channels and delays read.

// outreachBase is embedded in every outreach page's data.
type outreachBase struct {
	basePage
	Workspace    *model.Workspace
	Tabs         []tabLink
	Notice       string
	Error        string
	CanRun       bool // outreach.run: templates, sequences, enrollments
	CanConfigure bool // outreach.configure: mailboxes, quotas, lifting suppressions
	CanExport    bool
}

// outreachTabs are the sections of outreach, in order.
var outreachTabs = []struct {
	key, label, path string
	perm             access.Permission
}{
	{"home", "Sequences", "outreach", access.ViewData},
	{"templates", "Templates", "outreach/templates", access.ViewData},
	{"planner", "Quota planner", "outreach/planner", access.ViewData},
	{"suppressions", "Suppressions", "outreach/suppressions", access.ViewData},
	{"settings", "Settings & mailboxes", "outreach/settings", access.ConfigureOutreach},
}

// outreachPage fills the common part of an outreach page: title, tabs (current marks one),
// permissions and the notice after a redirect (?ok=key, looked up in notices).
func outreachPage(r *http.Request, title, currentTab string, notices map[string]string) outreachBase {
	st := current(r)
	ws := st.workspace
	b := outreachBase{basePage: basePage{Title: title + " — " + ws.Name}, Workspace: ws,
		CanRun: st.can(access.RunOutreach), CanConfigure: st.can(access.ConfigureOutreach), CanExport: st.can(access.ExportData)}
	for _, t := range outreachTabs {
		if st.can(t.perm) {
			b.Tabs = append(b.Tabs, tabLink{Label: t.label, URL: wsURL(ws, t.path), Current: t.key == currentTab})
		}
	}
	if notices != nil {
		b.Notice = notices[r.URL.Query().Get("ok")]
	}
	return b
}

// pathID reads a numeric path parameter; false for anything but a positive id.
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// loadSequence loads the {sequence} of the path in the current workspace; it answers 404
// (and returns nil) when there is none.
func (h *handler) loadSequence(w http.ResponseWriter, r *http.Request) *store.Sequence {
	return loadPathObject(h, w, r, "sequence", h.store.Sequence)
}

// loadTemplate loads the {template} of the path in the current workspace, or answers 404.
func (h *handler) loadTemplate(w http.ResponseWriter, r *http.Request) *store.OutreachTemplate {
	return loadPathObject(h, w, r, "template", h.store.Template)
}

// loadMailbox loads the {mailbox} of the path in the current workspace, or answers 404.
func (h *handler) loadMailbox(w http.ResponseWriter, r *http.Request) *store.Mailbox {
	return loadPathObject(h, w, r, "mailbox", h.store.Mailbox)
}

// loadPathObject loads the object whose id is the path parameter name, scoped to the current
// workspace by get; nil after answering 404 (no such id here) or 500.
func loadPathObject[T any](h *handler, w http.ResponseWriter, r *http.Request, name string,
	get func(ctx context.Context, workspaceID, id int64) (*T, error)) *T {
	id, ok := pathID(r, name)
	if !ok {
		h.notFound(w, r)
		return nil
	}
	v, err := get(r.Context(), current(r).workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return nil
	}
	if err != nil {
		h.serverError(w, r, err)
		return nil
	}
	return v
}

// sequencePath is the address of a sequence's page (and, with rest, of its sub-pages).
func sequencePath(ws *model.Workspace, id int64, rest string) string {
	p := wsURL(ws, "outreach/sequences/"+strconv.FormatInt(id, 10))
	if rest != "" {
		p += "/" + rest
	}
	return p
}

// templatePath is the address of a template's page.
func templatePath(ws *model.Workspace, id int64) string {
	return wsURL(ws, "outreach/templates/"+strconv.FormatInt(id, 10))
}

// outreachChannels are the channels in the order pickers show them.
var outreachChannels = []choice{
	{store.ChannelTikTokIM, "TikTok IM"}, {store.ChannelEmail, "Email"}, {store.ChannelDiscord, "Discord DM"},
}

// choice is one option of a select.
type choice struct{ Value, Label string }

// channelName is how pages name a channel.
func channelName(c string) string {
	for _, ch := range outreachChannels {
		if ch.Value == c {
			return ch.Label
		}
	}
	return c
}

// statusClass is the CSS class of a sequence or enrollment status badge.
func statusClass(s string) string { return "ost ost-" + s }

// delayUnits are how a step's delay can be entered: business minutes, hours or days.
var delayUnits = []choice{{"minutes", "business minutes"}, {"hours", "business hours"}, {"days", "business days"}}

// businessDay is the length of a business day in minutes under hours (at least one hour, so a
// day is never zero minutes long).
func businessDay(h store.OutreachHours) int { return max(h.BusinessEnd-h.BusinessStart, 60) }

// splitDelay writes a delay in the largest unit that holds it exactly.
func splitDelay(minutes int, h store.OutreachHours) (int, string) {
	day := businessDay(h)
	switch {
	case minutes == 0:
		return 0, "hours"
	case minutes%day == 0:
		return minutes / day, "days"
	case minutes%60 == 0:
		return minutes / 60, "hours"
	}
	return minutes, "minutes"
}

// joinDelay reads a delay entered as a number and a unit.
func joinDelay(n int, unit string, h store.OutreachHours) (int, error) {
	if n < 0 || n > 100000 {
		return 0, fmt.Errorf("delay %d is not from 0 to 100,000", n)
	}
	switch unit {
	case "minutes":
		return n, nil
	case "hours", "":
		return n * 60, nil
	case "days":
		return n * businessDay(h), nil
	}
	return 0, fmt.Errorf("unit %s is not minutes, hours or days", quote(unit))
}

// delayText reads a delay for a list: "at once", "2 business days".
func delayText(minutes int, h store.OutreachHours) string {
	n, unit := splitDelay(minutes, h)
	if n == 0 {
		return "at once"
	}
	if n == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	return fmt.Sprintf("%d business %s", n, unit)
}

// clock writes minutes of the day as 09:00.
func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// parseClock reads 09:00 (or 9:00, 24:00 is refused) as minutes of the day.
func parseClock(s string) (int, bool) {
	hh, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return 0, false
	}
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// weekdays are the business-day checkboxes, Monday first as calendars in most markets are.
var weekdays = []struct {
	Bit   int
	Label string
}{{1, "Mon"}, {2, "Tue"}, {3, "Wed"}, {4, "Thu"}, {5, "Fri"}, {6, "Sat"}, {0, "Sun"}}

// dayChoice is a business-day checkbox.
type dayChoice struct {
	Bit     int
	Label   string
	Checked bool
}

func dayChoices(bits int) []dayChoice {
	out := make([]dayChoice, 0, 7)
	for _, d := range weekdays {
		out = append(out, dayChoice{d.Bit, d.Label, bits&(1<<d.Bit) != 0})
	}
	return out
}

// hoursForm is business and quiet hours as a form shows them.
type hoursForm struct {
	BusinessStart, BusinessEnd, QuietStart, QuietEnd string
	Days                                             []dayChoice
}

func hoursFormOf(h store.OutreachHours) hoursForm {
	return hoursForm{clock(h.BusinessStart), clock(h.BusinessEnd), clock(h.QuietStart), clock(h.QuietEnd), dayChoices(h.BusinessDays)}
}

// postedHours is the hours form as it was posted, to show it again with an error.
func postedHours(r *http.Request) hoursForm {
	f := r.PostForm
	bits := 0
	for _, d := range f["day"] {
		if n, err := strconv.Atoi(d); err == nil && n >= 0 && n <= 6 {
			bits |= 1 << n
		}
	}
	return hoursForm{f.Get("business_start"), f.Get("business_end"), f.Get("quiet_start"), f.Get("quiet_end"), dayChoices(bits)}
}

// parseHours reads business and quiet hours from a form (fields business_start, business_end,
// quiet_start, quiet_end, day).
func parseHours(r *http.Request) (store.OutreachHours, error) {
	var h store.OutreachHours
	for _, f := range []struct {
		name string
		dst  *int
	}{{"business_start", &h.BusinessStart}, {"business_end", &h.BusinessEnd}, {"quiet_start", &h.QuietStart}, {"quiet_end", &h.QuietEnd}} {
		v := r.PostForm.Get(f.name)
		m, ok := parseClock(v)
		if !ok {
			return h, fmt.Errorf("%s %s is not a time of day like 09:00", strings.ReplaceAll(f.name, "_", " "), quote(v))
		}
		*f.dst = m
	}
	for _, d := range r.PostForm["day"] {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > 6 {
			return h, fmt.Errorf("day %s is not a weekday", quote(d))
		}
		h.BusinessDays |= 1 << n
	}
	if h.BusinessDays == 0 {
		return h, fmt.Errorf("tick at least one business day")
	}
	if h.BusinessStart >= h.BusinessEnd {
		return h, fmt.Errorf("business hours must start before they end (%s–%s)", clock(h.BusinessStart), clock(h.BusinessEnd))
	}
	return h, nil
}

// formInt reads an integer form field; def when it is empty.
func formInt(r *http.Request, name string, def int) (int, error) {
	v := strings.TrimSpace(r.PostForm.Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(v, ",", ""))
	if err != nil {
		return 0, fmt.Errorf("%s %s is not a whole number", strings.ReplaceAll(name, "_", " "), quote(v))
	}
	return n, nil
}

// outreachFieldMessage writes a store's refusal of a field for a page.
func outreachFieldMessage(err error) (string, bool) {
	fe, ok := store.AsFieldError(err)
	if !ok {
		return "", false
	}
	return strings.ReplaceAll(fe.Field, "_", " ") + ": " + func() string {
		if fe.Value != "" {
			return quote(fe.Value) + " " + fe.Reason
		}
		return fe.Reason
	}(), true
}

// notFoundOr500 answers a store error: 404 for ErrNotFound, 500 otherwise.
func (h *handler) notFoundOr500(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	h.serverError(w, r, err)
}
