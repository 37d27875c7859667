package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// member adds a user with a role in the workspace and returns its id and an actor for it.
func member(t *testing.T, s *store.Store, wsID int64, email, role string) (int64, store.Actor) {
	t.Helper()
	ctx := context.Background()
	id, err := s.CreateUser(ctx, email, "", "x")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddMember(ctx, id, wsID, role); err != nil {
		t.Fatal(err)
	}
	return id, store.Actor{UserID: id, Label: email}
}

func TestTasks(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		other, _, _ := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		ids := storetest.Creators(t, s, ws.ID, "ana", "ben")
		foreign := storetest.Creators(t, s, other.ID, "cara")
		spec, a := member(t, s, ws.ID, "spec@acme.example", "specialist")
		outsider, _ := member(t, s, other.ID, "out@other.example", "owner")
		const today = 20261115

		bad := []struct {
			name  string
			in    store.TaskInput
			field string
		}{
			{"empty title", store.TaskInput{Title: "  "}, "title"},
			{"long title", store.TaskInput{Title: strings.Repeat("é", 201)}, "title"},
			{"bad day", store.TaskInput{Title: "x", DueDay: 20261131}, "due"},
			{"outsider", store.TaskInput{Title: "x", AssigneeID: &outsider}, "assignee"},
		}
		for _, b := range bad {
			_, err := s.CreateTask(ctx, a, ws.ID, b.in)
			if fe, ok := store.AsFieldError(err); !ok || fe.Field != b.field {
				t.Errorf("%s: error %v, want a field error on %s", b.name, err, b.field)
			}
		}
		if _, err := s.CreateTask(ctx, a, ws.ID, store.TaskInput{Title: "x", AssigneeID: &outsider}); !errors.Is(err, store.ErrNotMember) {
			t.Errorf("an outsider assignee: %v, want ErrNotMember", err)
		}
		if _, err := s.CreateTask(ctx, a, ws.ID, store.TaskInput{Title: "x", CreatorID: &foreign[0]}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another workspace's creator: %v", err)
		}

		mk := func(title string, due int32, assignee *int64, creator *int64) *store.Task {
			t.Helper()
			task, err := s.CreateTask(ctx, a, ws.ID, store.TaskInput{Title: title, DueDay: due, AssigneeID: assignee, CreatorID: creator})
			if err != nil {
				t.Fatal(err)
			}
			return task
		}
		late := mk("Chase the sample", today-1, &spec, &ids[0])
		now := mk("Call Ana", today, &spec, &ids[0])
		soon := mk("Send the brief", today+7, &spec, nil)
		later := mk("Quarterly review", today+8, nil, nil)
		undated := mk("Someday", 0, &spec, &ids[1])
		if late.CreatorHandle != "ana" || late.AssigneeEmail != "spec@acme.example" || late.CreatedBy != "spec@acme.example" {
			t.Errorf("task = %+v", late)
		}
		titles := func(bucket string, assignee *int64, creator *int64) []string {
			t.Helper()
			var out []string
			var after string
			for {
				page, more, err := s.Tasks(ctx, ws.ID, store.TaskQuery{Bucket: bucket, Today: today, AssigneeID: assignee, CreatorID: creator, After: after, Limit: 2})
				if err != nil {
					t.Fatal(err)
				}
				for _, task := range page {
					out = append(out, task.Title)
				}
				if !more {
					return out
				}
				after = store.TaskKey(page[len(page)-1], bucket)
			}
		}
		checks := []struct {
			bucket   string
			assignee *int64
			creator  *int64
			want     []string
		}{
			{store.TasksOpen, nil, nil, []string{late.Title, now.Title, soon.Title, later.Title, undated.Title}},
			{store.TasksOverdue, nil, nil, []string{late.Title}},
			{store.TasksToday, nil, nil, []string{now.Title}},
			{store.TasksSoon, nil, nil, []string{now.Title, soon.Title}},
			{store.TasksUpcoming, nil, nil, []string{soon.Title, later.Title, undated.Title}},
			{store.TasksOpen, &spec, nil, []string{late.Title, now.Title, soon.Title, undated.Title}},
			{store.TasksOpen, nil, &ids[0], []string{late.Title, now.Title}},
		}
		for _, c := range checks {
			if got := titles(c.bucket, c.assignee, c.creator); !slices.Equal(got, c.want) {
				t.Errorf("%s (assignee %v, creator %v) = %q, want %q", c.bucket, c.assignee, c.creator, got, c.want)
			}
		}
		if _, _, err := s.Tasks(ctx, ws.ID, store.TaskQuery{After: "nope"}); !errors.Is(err, store.ErrBadCursor) {
			t.Errorf("bad cursor: %v", err)
		}

		done, err := s.SetTaskDone(ctx, a, ws.ID, late.ID, true)
		if err != nil || !done.Done() || done.DoneBy != "spec@acme.example" {
			t.Fatalf("complete: %+v, %v", done, err)
		}
		if got := titles(store.TasksDone, nil, nil); !slices.Equal(got, []string{late.Title}) {
			t.Errorf("done = %q", got)
		}
		counts, err := s.CountTasks(ctx, ws.ID, &spec, today)
		if err != nil || counts != (store.TaskCounts{Overdue: 0, Today: 1, Upcoming: 2, Done: 1}) {
			t.Errorf("counts = %+v, %v", counts, err)
		}
		if _, err := s.SetTaskDone(ctx, a, ws.ID, late.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetTaskDone(ctx, a, other.ID, late.ID, true); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another workspace's task: %v", err)
		}
		upd, err := s.UpdateTask(ctx, a, ws.ID, later.ID, store.TaskInput{Title: "Quarterly review with Ben", DueDay: today, AssigneeID: &spec})
		if err != nil || upd.DueDay != today || upd.AssigneeID == nil || *upd.AssigneeID != spec {
			t.Fatalf("update: %+v, %v", upd, err)
		}
		if err := s.DeleteTask(ctx, a, ws.ID, upd.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Task(ctx, ws.ID, upd.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted task: %v", err)
		}

		// Tasks about a creator are on its timeline: created, done, reopened.
		tl, _, err := s.CreatorTimeline(ctx, ws.ID, ids[0], store.TimelineQuery{Kinds: []string{store.EventTask}})
		if err != nil {
			t.Fatal(err)
		}
		var states []string
		for _, e := range tl {
			states = append(states, e.Body+":"+e.To)
		}
		want := []string{"Chase the sample:open", "Chase the sample:done", "Call Ana:open", "Chase the sample:open"} // newest first
		if !slices.Equal(states, want) {
			t.Errorf("task events = %q, want %q", states, want)
		}
	})
}

func TestNotesAndProfile(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		ids := storetest.Creators(t, s, ws.ID, "ana")
		_, a := member(t, s, ws.ID, "spec@acme.example", "specialist")
		_, b := member(t, s, ws.ID, "lead@acme.example", "manager")

		if _, err := s.AddNote(ctx, a, ws.ID, ids[0], " \n "); err == nil {
			t.Error("an empty note was written")
		}
		if _, err := s.AddNote(ctx, a, ws.ID, 999999, "hi"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("note on a missing creator: %v", err)
		}
		n, err := s.AddNote(ctx, a, ws.ID, ids[0], "Prefers Discord; ships from Jakarta.")
		if err != nil || n.ID == 0 {
			t.Fatalf("note: %+v, %v", n, err)
		}
		if err := s.DeleteNote(ctx, b, ws.ID, ids[0], n.ID, time.Now()); !errors.Is(err, store.ErrNoteLocked) {
			t.Errorf("someone else deletes a note: %v", err)
		}
		if err := s.DeleteNote(ctx, a, ws.ID, ids[0], n.ID, time.Now().Add(16*time.Minute)); !errors.Is(err, store.ErrNoteLocked) {
			t.Errorf("the author deletes a note after 16 minutes: %v", err)
		}
		n2, _ := s.AddNote(ctx, a, ws.ID, ids[0], "typo")
		if err := s.DeleteNote(ctx, a, ws.ID, ids[0], n2.ID, time.Now()); err != nil {
			t.Errorf("the author deletes a fresh note: %v", err)
		}

		str := func(v string) *string { return &v }
		neg := int64(-3)
		bad := []struct {
			c     store.ProfileChange
			field string
		}{
			{store.ProfileChange{Email: str("ana@")}, "email"},
			{store.ProfileChange{Email: str("Ana <ana@example.com>")}, "email"},
			{store.ProfileChange{TimeZone: str("Mars/Olympus")}, "time_zone"},
			{store.ProfileChange{Followers: &neg}, "followers"},
		}
		for _, c := range bad {
			_, err := s.UpdateProfile(ctx, a, ws.ID, ids[0], c.c)
			if fe, ok := store.AsFieldError(err); !ok || fe.Field != c.field {
				t.Errorf("%+v: %v, want a field error on %s", c.c, err, c.field)
			}
		}
		f := int64(120000)
		vs := []string{"Beauty", " Home ", "Beauty"}
		changed, err := s.UpdateProfile(ctx, a, ws.ID, ids[0], store.ProfileChange{Email: str(" ana@example.com "), TimeZone: str("Asia/Jakarta"),
			Followers: &f, Verticals: &vs, Region: str("ID"), DisplayName: str("")})
		if err != nil || !slices.Equal(changed, []string{"email", "region", "time_zone", "followers", "verticals"}) {
			t.Fatalf("changed %q, %v", changed, err)
		}
		p, _ := s.CRMProfile(ctx, ws.ID, ids[0])
		if p.Email != "ana@example.com" || p.TimeZone != "Asia/Jakarta" || *p.Followers != f || !slices.Equal(p.Verticals, []string{"Beauty", "Home"}) {
			t.Errorf("profile = %+v", p)
		}
		if changed, _ := s.UpdateProfile(ctx, a, ws.ID, ids[0], store.ProfileChange{Email: str("ana@example.com")}); len(changed) != 0 {
			t.Errorf("an unchanged email changed %q", changed)
		}
		tl, _, err := s.CreatorTimeline(ctx, ws.ID, ids[0], store.TimelineQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range tl {
			kinds = append(kinds, e.Kind+":"+e.Body)
		}
		want := []string{"profile:email, region, time zone, followers, verticals", "note:Prefers Discord; ships from Jakarta.", "stage:added by hand"}
		if !slices.Equal(kinds, want) {
			t.Errorf("timeline = %q, want %q", kinds, want)
		}
	})
}
