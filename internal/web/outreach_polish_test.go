package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestOutreachFormMessages: every refused outreach form names the field and the value it
// refused (a step's channel and delay, the rule's fit score, a suppressed email, a template's
// variant), answers 4xx and saves nothing; the roles that may not post get 403.
func TestOutreachFormMessages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		ctx := context.Background()
		tpl := strconv.FormatInt(f.tpl.ID, 10)
		step := func(channel, delay string) url.Values {
			return url.Values{"channel": {channel}, "template": {tpl}, "delay": {delay}, "unit": {"hours"}, "card_kind": {""}, "card_id": {""}}
		}
		settings := url.Values{"name": {"US beauty"}, "business_start": {"09:00"}, "business_end": {"18:00"}, "quiet_start": {"21:00"},
			"quiet_end": {"08:00"}, "day": {"1"}, "rule_min_score": {"300"}}
		badTemplate := url.Values{"name": {"Two bad"}, "language": {"", "vi"}, "label": {"A", "B"}, "weight": {"1", "1"},
			"subject": {"Hi", "Hey {{creater.name}}"}, "body": {"Hello", "line one\nHi {{product.nmae}}"}}
		oneBad := url.Values{"name": {"One bad"}, "language": {""}, "label": {"A"}, "weight": {"1"},
			"subject": {"Hi"}, "body": {"Hi {{ foo }}"}}
		tests := []struct {
			name   string
			role   access.Role
			path   string
			form   url.Values
			status int
			want   string
		}{
			{"unknown channel", access.Specialist, f.seqPath("steps"), step("fax", "0"), 422, "step 1: channel “fax” is not TikTok IM, Email or Discord DM"},
			{"negative delay", access.Specialist, f.seqPath("steps"), step("email", "-3"), 422, "step 1: delay -3 is not from 0 to 100,000"},
			{"steps as viewer", access.Viewer, f.seqPath("steps"), step("email", "1"), 403, ""},
			{"rule score", access.Manager, f.seqPath(""), settings, 422, "fit score of at least “300” is not from 0 to 100"},
			{"settings as finance", access.Finance, f.seqPath(""), settings, 403, ""},
			{"not an email", access.Specialist, "/w/acme/outreach/suppressions", url.Values{"kind": {"email"}, "value": {"notanemail"}}, 400,
				"email “notanemail” is not an email address"},
			{"suppress as viewer", access.Viewer, "/w/acme/outreach/suppressions", url.Values{"kind": {"email"}, "value": {"x@example.com"}}, 403, ""},
			// A long form's problems are summed up above it, each naming its variant.
			{"template problems", access.Specialist, "/w/acme/outreach/templates", badTemplate, 422,
				"Nothing was saved: 2 problems in variant B (vi), marked below; the first: variant B (vi) subject, line 1:7: unknown variable &#34;creater.name&#34; (did you mean creator.name?)."},
			{"template problem in field", access.Specialist, "/w/acme/outreach/templates", badTemplate, 422,
				"variant B (vi) message, line 2:6: unknown variable &#34;product.nmae&#34; (did you mean product.name?)"},
			{"one template problem", access.Manager, "/w/acme/outreach/templates", oneBad, 422,
				"Nothing was saved: variant A message, line 1:7: unknown variable &#34;foo&#34;."},
			{"template as finance", access.Finance, "/w/acme/outreach/templates", oneBad, 403, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				code, _, body := f.post(t, tt.role, tt.path, tt.form)
				if code != tt.status {
					t.Fatalf("status %d, want %d\n%s", code, tt.status, body)
				}
				if tt.want != "" && !strings.Contains(body, tt.want) {
					t.Errorf("the answer lacks %q:\n%s", tt.want, body)
				}
			})
		}
		q, err := s.Sequence(ctx, f.ws.ID, f.seq.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Steps) != 1 || q.Steps[0].Channel != store.ChannelEmail || q.Rule.MinScore != 0 {
			t.Errorf("a refused form changed the sequence: %+v, rule %+v", q.Steps, q.Rule)
		}
		if xs, err := s.Suppressions(ctx, f.ws.ID, 0, 100); err != nil || len(xs) != 1 {
			t.Errorf("a refused suppression was added: %d entries, %v", len(xs), err)
		}
		if ts, _ := s.Templates(ctx, f.ws.ID, true); len(ts) != 1 {
			t.Errorf("a refused template was saved: %d templates", len(ts))
		}
	})
}

// TestOutreachEnrollNamesNotFound: enrolling pasted handles names the ones that are no creator
// of the workspace, so a typo can be fixed; the others are enrolled.
func TestOutreachEnrollNamesNotFound(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		code, loc, body := f.post(t, access.Specialist, f.seqPath("enroll"), url.Values{"creators": {"@mai.nguyen, @mai.nguyem\n@nobody_here"}})
		if code != 303 {
			t.Fatalf("enroll: %d\n%s", code, body)
		}
		code, body = f.get(t, access.Specialist, loc)
		if code != 200 || !strings.Contains(body, "1 enrolled.") || !strings.Contains(body, "2 not found (<code>@mai.nguyem</code>, <code>@nobody_here</code>)") {
			t.Fatalf("the notice should name the handles not found: %d\n%s", code, body)
		}
		if code, _, _ := f.post(t, access.Viewer, f.seqPath("enroll"), url.Values{"creators": {"@glowbyhana"}}); code != 403 {
			t.Errorf("a viewer enrolled: %d", code)
		}
	})
}

// TestOutreachPagesSayWhatWaits: a sequence that sends nothing says so at the top of its
// page; a template a sequence sends is previewed with that sequence's offer; the planner says
// why nothing is left to plan and when it resets.
func TestOutreachPagesSayWhatWaits(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		ctx := context.Background()
		if code, body := f.get(t, access.Viewer, f.seqPath("")); code != 200 || !strings.Contains(body, "Draft: nothing is sent yet.") {
			t.Errorf("a draft sequence should say it sends nothing: %d\n%s", code, body)
		}
		for _, st := range []string{store.SequenceActive, store.SequencePaused} {
			if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, f.seq.ID, st); err != nil {
				t.Fatal(err)
			}
		}
		if _, body := f.get(t, access.Specialist, f.seqPath("")); !strings.Contains(body, "Paused: nothing is sent.") {
			t.Errorf("a paused sequence should say it sends nothing:\n%s", body)
		}
		// Nothing sent: no chart, so no legend for one.
		if _, body := f.get(t, access.Viewer, f.seqPath("results")); !strings.Contains(body, "Nothing sent for this step yet.") || strings.Contains(body, "Bars: replied") {
			t.Errorf("results before any message:\n%s", body)
		}

		// A template sent by a sequence: its preview starts with that sequence's campaign.
		offer := &store.OutreachTemplate{WorkspaceID: f.ws.ID, Name: "Offer", Variants: []store.TemplateVariant{
			{Label: "A", Subject: "Join {{campaign.name}}", Body: "Hi {{creator.first_name | \"there\"}}, join {{campaign.name}}."}}}
		if err := s.CreateTemplate(ctx, store.CLIActor, offer); err != nil {
			t.Fatal(err)
		}
		q, err := s.Sequence(ctx, f.ws.ID, f.seq.ID)
		if err != nil {
			t.Fatal(err)
		}
		q.Campaign = "Spring glow"
		if err := s.UpdateSequence(ctx, store.CLIActor, q); err != nil {
			t.Fatal(err)
		}
		if err := s.ReplaceSteps(ctx, store.CLIActor, f.ws.ID, q.ID, []store.SequenceStep{{Channel: store.ChannelEmail, TemplateID: offer.ID}}); err != nil {
			t.Fatal(err)
		}
		tplPath := "/w/acme/outreach/templates/" + strconv.FormatInt(offer.ID, 10)
		if _, body := f.get(t, access.Viewer, tplPath+"?creator=mai.nguyen"); !strings.Contains(body, "Hi Mai, join Spring glow.") ||
			!strings.Contains(body, `<option value="`+strconv.FormatInt(q.ID, 10)+`" selected>`) {
			t.Errorf("the preview should use the offer of the sequence sending the template:\n%s", body)
		}
		// Picking "no sequence" is kept: the campaign is then missing, and named.
		if _, body := f.get(t, access.Viewer, tplPath+"?creator=mai.nguyen&sequence="); !strings.Contains(body, "No value for <code>campaign.name</code>") {
			t.Errorf("a preview without a sequence should name the missing campaign:\n%s", body)
		}

		// The mailbox sends 2 a day; 2 enrollments wait for their first message: nothing is left.
		f.mailbox.DailyCap = 2
		if err := s.SaveMailbox(ctx, store.CLIActor, f.mailbox, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EnrollCreators(ctx, store.CLIActor, f.ws.ID, q.ID, []int64{f.creators["mai.nguyen"], f.creators["glowbyhana"]}, "manual"); err != nil {
			t.Fatal(err)
		}
		code, body := f.get(t, access.Specialist, "/w/acme/outreach/planner?sequence="+strconv.FormatInt(q.ID, 10))
		if code != 200 || !strings.Contains(body, "2 a day, 0 used") ||
			!strings.Contains(body, "Nothing left to plan today: the 2 enrolled and waiting for their first message take the 2 left. It resets") {
			t.Errorf("the planner should say why nothing is left and when it resets: %d\n%s", code, body)
		}
	})
}

// TestOutreachCSVFollowsTheList: the sequences and templates exports hold what their lists
// show: archived ones only when the list shows them, and the list's export link says so.
func TestOutreachCSVFollowsTheList(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		ctx := context.Background()
		old := &store.Sequence{WorkspaceID: f.ws.ID, Name: "Old spring push"}
		if err := s.CreateSequence(ctx, store.CLIActor, old); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, old.ID, store.SequenceArchived); err != nil {
			t.Fatal(err)
		}
		oldTpl := &store.OutreachTemplate{WorkspaceID: f.ws.ID, Name: "Old opener", Variants: []store.TemplateVariant{{Label: "A", Body: "Hey"}}}
		if err := s.CreateTemplate(ctx, store.CLIActor, oldTpl); err != nil {
			t.Fatal(err)
		}
		if code, _, body := f.post(t, access.Specialist, "/w/acme/outreach/templates/"+strconv.FormatInt(oldTpl.ID, 10)+"/archive", url.Values{}); code != 303 {
			t.Fatalf("archive the template: %d\n%s", code, body)
		}
		tests := []struct {
			path       string
			role       access.Role
			status     int
			has, hasNo string
		}{
			{"/w/acme/outreach", access.Manager, 200, `href="/w/acme/outreach/sequences.csv"`, "Old spring push"},
			{"/w/acme/outreach/sequences.csv", access.Finance, 200, "US beauty", "Old spring push"},
			{"/w/acme/outreach?archived=1", access.Manager, 200, `href="/w/acme/outreach/sequences.csv?archived=1"`, ""},
			{"/w/acme/outreach/sequences.csv?archived=1", access.Manager, 200, "Old spring push", ""},
			{"/w/acme/outreach/templates", access.Manager, 200, `href="/w/acme/outreach/templates.csv"`, "Old opener"},
			{"/w/acme/outreach/templates.csv", access.Finance, 200, "First touch", "Old opener"},
			{"/w/acme/outreach/templates?archived=1", access.Manager, 200, `href="/w/acme/outreach/templates.csv?archived=1"`, ""},
			{"/w/acme/outreach/templates.csv?archived=1", access.Owner, 200, "Old opener", ""},
			{"/w/acme/outreach/templates.csv", access.Specialist, 403, "", ""},
		}
		for _, tt := range tests {
			code, body := f.get(t, tt.role, tt.path)
			if code != tt.status || !strings.Contains(body, tt.has) || (tt.hasNo != "" && strings.Contains(body, tt.hasNo)) {
				t.Errorf("%s as %s: %d, want %d with %q and without %q:\n%s", tt.path, tt.role, code, tt.status, tt.has, tt.hasNo, body)
			}
		}
	})
}
