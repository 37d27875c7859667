package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// crmPath is the address of a creator page or one of its actions.
func crmPath(id int64, action string) string {
	if action == "" {
		return fmt.Sprintf("/w/acme/creators/%d", id)
	}
	return fmt.Sprintf("/w/acme/creators/%d/%s", id, action)
}

// timelineKinds counts a creator's timeline entries of a kind.
func timelineKinds(t *testing.T, s *store.Store, wsID, id int64, kind string) int {
	t.Helper()
	es, _, err := s.CreatorTimeline(context.Background(), wsID, id, store.TimelineQuery{Kinds: []string{kind}, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestCreatorStageAndOwner(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, false)
		ctx := context.Background()
		ids := storetest.Creators(t, s, f.ws.ID, "ana", "ben", "cara")
		foreign := storetest.Creators(t, s, f.other.ID, "zed")
		ana, ben, cara := ids[0], ids[1], ids[2]
		stage := func(id int64) model.Stage {
			p, err := s.CRMProfile(ctx, f.ws.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			return p.Stage
		}

		// Who may move a creator.
		for _, role := range []access.Role{access.Finance, access.Viewer} {
			code, _, body := f.send(t, role, "POST", crmPath(ana, "stage"), url.Values{"stage": {"contacted"}})
			expect(t, "stage as "+string(role), code, body, 403)
		}
		code, loc, body := f.send(t, access.Specialist, "POST", crmPath(ana, "stage"), url.Values{"stage": {"contacted"}})
		expect(t, "stage as specialist", code, body, 303)
		if loc != crmPath(ana, "")+"?ok=stage" || stage(ana) != model.StageContacted {
			t.Errorf("after the move: Location %q, stage %s", loc, stage(ana))
		}
		code, loc, _ = f.send(t, access.Manager, "POST", crmPath(ana, "stage"), url.Values{"stage": {"engaged"}, "back": {"/w/acme/pipeline?tag=vip"}})
		if code != 303 || loc != "/w/acme/pipeline?tag=vip&ok=stage" {
			t.Errorf("back to the board: %d %q", code, loc)
		}
		code, loc, _ = f.send(t, access.Manager, "POST", crmPath(ana, "stage"), url.Values{"stage": {"engaged"}, "back": {"https://evil.example/"}})
		if code != 303 || !strings.HasPrefix(loc, crmPath(ana, "")) {
			t.Errorf("a foreign back address was followed: %d %q", code, loc)
		}

		// Do-not-contact needs a reason; nothing is written without one.
		before := timelineKinds(t, s, f.ws.ID, ben, store.EventStage)
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(ben, "stage"), url.Values{"stage": {"do_not_contact"}, "reason": {"  "}})
		expect(t, "DNC without a reason", code, body, 400, "reason")
		if stage(ben) != model.StageProspect || timelineKinds(t, s, f.ws.ID, ben, store.EventStage) != before {
			t.Errorf("a refused move changed something: %s", stage(ben))
		}
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(ben, "stage"), url.Values{"stage": {"nope"}})
		expect(t, "unknown stage", code, body, 400, "nope")
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(ben, "stage"), url.Values{"stage": {"do_not_contact"}, "reason": {"asked us to stop"}})
		expect(t, "DNC with a reason", code, body, 303)

		// Another workspace's creator is a 404 whatever the form says, and an unknown id too.
		for _, p := range []string{crmPath(foreign[0], "stage"), crmPath(999999, "stage"), "/w/acme/creators/x/stage"} {
			code, _, body = f.send(t, access.Owner, "POST", p, url.Values{"stage": {"bogus"}})
			expect(t, "POST "+p, code, body, 404)
		}
		if p, _ := s.CRMProfile(ctx, f.other.ID, foreign[0]); p.Stage != model.StageProspect {
			t.Error("another workspace's creator moved")
		}

		// The board's script reads JSON.
		jsonCode, jsonBody := sendJSONAccept(t, f, access.Specialist, crmPath(cara, "stage"), url.Values{"stage": {"onboarded"}})
		expect(t, "stage by script", jsonCode, jsonBody, 200, `"stage":"onboarded"`, `"label":"Onboarded"`)
		jsonCode, jsonBody = sendJSONAccept(t, f, access.Specialist, crmPath(cara, "stage"), url.Values{"stage": {"banned"}})
		expect(t, "banned by script without a reason", jsonCode, jsonBody, 400, `"error":"reason:`)

		// Owners: a specialist takes an unowned creator, and nothing else.
		spec, mgr := f.people[access.Specialist].userID, f.people[access.Manager].userID
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(ana, "owner"), url.Values{"owner": {fmt.Sprint(mgr)}})
		expect(t, "specialist assigns another", code, body, 403, "yourself")
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(ana, "owner"), url.Values{"owner": {"me"}})
		expect(t, "specialist takes an unowned creator", code, body, 303)
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(ana, "owner"), url.Values{"owner": {""}})
		expect(t, "specialist drops a creator", code, body, 403, "only a manager")
		code, _, body = f.send(t, access.Finance, "POST", crmPath(ben, "owner"), url.Values{"owner": {"me"}})
		expect(t, "finance takes a creator", code, body, 403)
		code, _, body = f.send(t, access.Manager, "POST", crmPath(ana, "owner"), url.Values{"owner": {fmt.Sprint(f.outside.userID)}})
		expect(t, "manager assigns an outsider", code, body, 400, "not a member")
		code, _, body = f.send(t, access.Manager, "POST", crmPath(ben, "owner"), url.Values{"owner": {fmt.Sprint(spec)}})
		expect(t, "manager assigns the specialist", code, body, 303)
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(ben, "owner"), url.Values{"owner": {"me"}})
		expect(t, "specialist takes an owned creator", code, body, 403)
		p, _ := s.CRMProfile(ctx, f.ws.ID, ana)
		if p.OwnerID == nil || *p.OwnerID != spec {
			t.Errorf("ana's owner = %v, want the specialist", p.OwnerID)
		}
		if a := lastAudit(t, s, f.ws, "creator.owner"); a.Actor != "manager@acme.example" {
			t.Errorf("last owner change audited as %q", a.Actor)
		}

		// The page shows what the role may do.
		code, _, body = f.send(t, access.Specialist, "GET", crmPath(cara, ""), nil)
		expect(t, "page as specialist", code, body, 200, "Assign to me", "Change stage", "Add note", "Edit profile")
		if strings.Contains(body, "Override the tier") {
			t.Error("a specialist is offered the tier override")
		}
		code, _, body = f.send(t, access.Viewer, "GET", crmPath(ana, ""), nil)
		expect(t, "page as viewer", code, body, 200, "Engaged", "specialist@acme.example")
		for _, w := range []string{"Change stage", "Add note", "Assign to me", "Edit profile"} {
			if strings.Contains(body, w) {
				t.Errorf("a viewer is offered %q", w)
			}
		}
		code, _, body = f.send(t, access.Manager, "GET", crmPath(ana, ""), nil)
		expect(t, "page as manager", code, body, 200, "Override the tier", `action="/w/acme/creators/`+fmt.Sprint(ana)+`/tier"`, "Assign")
	})
}

// sendJSONAccept posts a form as the board's script does and returns the status and body.
func sendJSONAccept(t *testing.T, f *adminFixture, role access.Role, path string, form url.Values) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := f.clients[role].Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestCreatorProfileNotesTasksTimeline(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, true)
		ctx := context.Background()
		const handle = "pixiemint_1" // has order lines in the first sample export
		id, err := s.CreatorIDByHandle(ctx, f.ws.ID, handle)
		if err != nil {
			t.Fatal(err)
		}
		path := crmPath(id, "")

		// Tags.
		code, _, body := f.send(t, access.Specialist, "POST", crmPath(id, "tags"), url.Values{"add": {"Summer Drop, vip"}})
		expect(t, "add tags", code, body, 303)
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(id, "tags"), url.Values{"remove": {"vip"}})
		expect(t, "remove a tag", code, body, 303)
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(id, "tags"), url.Values{})
		expect(t, "no tag", code, body, 400, "add")
		code, _, body = f.send(t, access.Viewer, "POST", crmPath(id, "tags"), url.Values{"add": {"x"}})
		expect(t, "tags as viewer", code, body, 403)

		// Profile validation names the field; nothing is half-saved.
		good := url.Values{"display_name": {"Pixie Mint"}, "email": {"pixie@example.com"}, "discord": {"pixie#1"},
			"followers": {"120,000"}, "verticals": {"Beauty, Skincare"}, "region": {"US"}, "language": {"en"},
			"time_zone": {"America/New_York"}, "agency": {""}}
		for _, bad := range []struct{ field, value, want string }{
			{"email", "pixie@", "email"}, {"time_zone", "Mars/Base", "time_zone"}, {"followers", "-5", "followers"},
			{"followers", "lots", "followers"},
		} {
			form := url.Values{}
			for k, v := range good {
				form[k] = v
			}
			form.Set(bad.field, bad.value)
			code, _, body := f.send(t, access.Specialist, "POST", crmPath(id, "profile"), form)
			expect(t, "profile with "+bad.field+" "+bad.value, code, body, 400, bad.want)
		}
		if p, _ := s.CRMProfile(ctx, f.ws.ID, id); p.DisplayName == "Pixie Mint" || p.Email == "pixie@example.com" {
			t.Errorf("a refused profile was saved: %+v", p)
		}
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(id, "profile"), good)
		expect(t, "profile", code, body, 303)
		if a := lastAudit(t, s, f.ws, "creator.profile"); !strings.Contains(a.After, "pixie@example.com") {
			t.Errorf("profile audit after = %s", a.After)
		}

		// Notes and tasks.
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(id, "notes"), url.Values{"body": {"  "}})
		expect(t, "empty note", code, body, 400, "body")
		code, loc, body := f.send(t, access.Specialist, "POST", crmPath(id, "notes"), url.Values{"body": {"Prefers <b>Discord</b>."}})
		expect(t, "note", code, body, 303)
		if loc != path+"?ok=note#timeline" {
			t.Errorf("after a note: %q", loc)
		}
		code, _, body = f.send(t, access.Specialist, "POST", "/w/acme/tasks", url.Values{"title": {"Send the brief"},
			"creator": {fmt.Sprint(id)}, "assignee": {fmt.Sprint(f.outside.userID)}})
		expect(t, "task for an outsider", code, body, 400, "assignee")
		code, _, body = f.send(t, access.Specialist, "POST", "/w/acme/tasks", url.Values{"title": {"Send the brief"},
			"creator": {fmt.Sprint(id)}, "assignee": {"me"}, "due": {"2026-13-01"}})
		expect(t, "task with a bad day", code, body, 400, "due")
		code, _, body = f.send(t, access.Finance, "POST", "/w/acme/tasks", url.Values{"title": {"x"}})
		expect(t, "task as finance", code, body, 403)
		code, _, body = f.send(t, access.Specialist, "POST", "/w/acme/tasks", url.Values{"title": {"Send the brief"},
			"creator": {fmt.Sprint(id)}, "assignee": {"me"}, "due": {"2020-01-02"}, "back": {path}})
		expect(t, "task", code, body, 303)
		code, _, body = f.send(t, access.Manager, "POST", "/w/acme/tasks", url.Values{"title": {"Plan the live"},
			"creator_handle": {"@" + handle}})
		expect(t, "task by handle", code, body, 303)
		code, _, body = f.send(t, access.Manager, "POST", "/w/acme/tasks", url.Values{"title": {"x"}, "creator_handle": {"@nobody_here"}})
		expect(t, "task for an unknown handle", code, body, 400, "creator")

		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/tasks", nil)
		expect(t, "my overdue tasks", code, body, 200, "Send the brief", "late", "@"+handle)
		if strings.Contains(body, "Plan the live") {
			t.Error("my tasks list a task nobody was given")
		}
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/tasks?who=all&show=upcoming", nil)
		expect(t, "everybody's upcoming tasks", code, body, 200, "Plan the live")
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/tasks?show=done", nil)
		expect(t, "nothing done", code, body, 200, "Nothing done yet")
		tasks, _, _ := s.Tasks(ctx, f.ws.ID, store.TaskQuery{Bucket: store.TasksOverdue, Today: todayIn(f.ws)})
		if len(tasks) != 1 {
			t.Fatalf("%d overdue tasks", len(tasks))
		}
		done := fmt.Sprintf("/w/acme/tasks/%d/done", tasks[0].ID)
		code, _, body = f.send(t, access.Viewer, "POST", done, url.Values{})
		expect(t, "done as viewer", code, body, 403)
		code, loc, body = f.send(t, access.Specialist, "POST", done, url.Values{"back": {"/w/acme/tasks?who=me&show=overdue"}})
		expect(t, "done", code, body, 303)
		if loc != "/w/acme/tasks?who=me&show=overdue&ok=done" {
			t.Errorf("after done: %q", loc)
		}
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/tasks?show=done", nil)
		expect(t, "done tasks", code, body, 200, "Send the brief", "by specialist@acme.example")
		code, _, body = f.send(t, access.Finance, "GET", "/w/acme/tasks.csv?who=all&show=done", nil)
		expect(t, "tasks CSV", code, body, 200, "Task ID,Title,Creator,Due", "Send the brief,pixiemint_1,2020-01-02")
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/tasks.csv", nil)
		expect(t, "tasks CSV as specialist", code, body, 403)
		code, _, body = f.send(t, access.Owner, "POST", fmt.Sprintf("/w/acme/tasks/%d/done", 999999), url.Values{})
		expect(t, "unknown task", code, body, 404)

		// The timeline: newest first, with what everyone did and the creator's orders.
		code, _, body = f.send(t, access.Viewer, "GET", path, nil)
		expect(t, "creator page", code, body, 200, "Task done: Send the brief", "Prefers &lt;b&gt;Discord&lt;/b&gt;.",
			"Profile changed: display name, email, discord, region, language, time zone, followers, verticals",
			"Tags: summer-drop, vip → summer-drop", "Order 5766", "items ·", "specialist@acme.example")
		order := []string{"Task done: Send the brief", "Task added: Plan the live", "Task added: Send the brief", `<div class="what">Note</div>`,
			"Profile changed", "Tags: summer-drop, vip → summer-drop", "Tags: — → summer-drop, vip", "Order 5766"}
		last := -1
		for _, w := range order {
			i := strings.Index(body, w)
			if i < 0 || i < last {
				t.Errorf("timeline: %q at %d, after %d (want newest first: %q)", w, i, last, order)
			}
			last = max(last, i)
		}
		code, _, body = f.send(t, access.Viewer, "GET", path+"?before=garbage", nil)
		expect(t, "bad timeline cursor", code, body, 400, "before")

		// A merged creator's page leads to the kept one, whose timeline shows the merged one's history.
		other, err := s.CreatorIDByHandle(ctx, f.ws.ID, "lunaglow")
		if err != nil {
			ids := storetest.Creators(t, s, f.ws.ID, "lunaglow")
			other = ids[0]
		}
		if _, err := s.AddNote(ctx, store.Actor{Label: "lead@acme.example"}, f.ws.ID, other, "Met at the summit."); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MergeCreators(ctx, store.Actor{Label: "lead@acme.example"}, f.ws.ID, id, other, "same person"); err != nil {
			t.Fatal(err)
		}
		code, loc, _ = f.send(t, access.Viewer, "GET", crmPath(other, ""), nil)
		if code != 303 || !strings.HasPrefix(loc, path+"?merged_from=") {
			t.Fatalf("merged creator page: %d %q", code, loc)
		}
		code, _, body = f.send(t, access.Viewer, "GET", loc, nil)
		expect(t, "kept creator page", code, body, 200, "was merged into this creator", "Met at the summit.", "via @")
		code, _, body = f.send(t, access.Specialist, "POST", crmPath(other, "notes"), url.Values{"body": {"late note"}})
		expect(t, "note on a merged creator", code, body, 404)
	})
}

func TestPipelineBoardAndSLA(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, false)
		ctx := context.Background()
		ids := storetest.Creators(t, s, f.ws.ID, "ana", "ben", "cara")
		a := store.Actor{Label: "lead@acme.example"}
		if _, err := s.SetStage(ctx, a, f.ws.ID, ids[:2], model.StageEngaged, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateTags(ctx, a, f.ws.ID, ids[1:], []string{"vip"}, nil); err != nil {
			t.Fatal(err)
		}
		code, _, body := f.send(t, access.Viewer, "GET", "/w/acme/pipeline", nil)
		expect(t, "board as viewer", code, body, 200, `data-stage="engaged"`, "@ana", "@ben", "@cara", "Do not contact")
		if strings.Contains(body, `<details class="move">`) || strings.Contains(body, "data-editable") {
			t.Error("a viewer is offered to move cards")
		}
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/pipeline?tag=vip", nil)
		expect(t, "board filtered", code, body, 200, "@ben", "@cara", `<details class="move">`, "data-editable", "pipeline.",
			`href="/w/acme/directory?stage=engaged&amp;tag=vip"`)
		if strings.Contains(body, "@ana") {
			t.Error("the vip board shows ana")
		}
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/pipeline?stage=nope", nil)
		expect(t, "board with a bad filter", code, body, 400, "nope")
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/pipeline?q=zzz", nil)
		expect(t, "board without a match", code, body, 200, "No creator matches these filters")

		// SLA views: creators engaged for four days, against a 3-day promise.
		if _, err := s.SeedCreators(ctx, f.ws.ID, []store.SeedCreator{
			{Handle: "dora", Stage: model.StageEngaged, StageSince: time.Now().Add(-4 * 24 * time.Hour)},
			{Handle: "eli", Stage: model.StageEngaged, StageSince: time.Now().Add(-5 * 24 * time.Hour)},
		}); err != nil {
			t.Fatal(err)
		}
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/pipeline/sla", nil)
		expect(t, "SLA views", code, body, 200, "Engaged, not onboarded for 3&#43; days", "@dora", "@eli")
		if strings.Contains(body, "@ana") || strings.Index(body, "@eli") > strings.Index(body, "@dora") {
			t.Error("the SLA view lists a creator engaged today, or not the longest waiting first")
		}
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/pipeline/sla?view=no_reply", nil)
		expect(t, "empty SLA view", code, body, 200, "Nobody is waiting here")
		code, _, body = f.send(t, access.Manager, "GET", "/w/acme/pipeline/sla.csv?view=engaged", nil)
		expect(t, "SLA CSV", code, body, 200, "Creator ID,Handle,Stage", ",eli,Engaged,", ",dora,Engaged,")
		code, _, body = f.send(t, access.Manager, "GET", "/w/acme/pipeline/sla.csv?view=x", nil)
		expect(t, "SLA CSV of no view", code, body, 400, "view")
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/pipeline/sla.csv?view=engaged", nil)
		expect(t, "SLA CSV as specialist", code, body, 403)
		code, _, body = f.send(t, access.Specialist, "GET", "/w/acme/pipeline/sla?after=bad", nil)
		expect(t, "SLA bad page", code, body, 400, "after")
	})
}
