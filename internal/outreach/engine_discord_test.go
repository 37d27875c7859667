package outreach_test

import (
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestDiscordUsernameIsNotAnAddress: creator lists name people on Discord by username, and a
// DM can only be opened with the numeric user id. A username is skipped at enrolling with
// the reason, and an enrollment whose creator's Discord field became a username stops with
// it instead of failing at the channel; nothing is sent.
func TestDiscordUsernameIsNotAnAddress(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, "acme")
		tpl := f.template("Hello", "")
		q := f.sequence([]store.SequenceStep{discordStep(tpl, 0)}, nil)
		named := f.creator(store.NewCreator{Username: "pixie", Discord: "pixie#0001"})
		r, err := s.EnrollCreators(f.ctx, store.CLIActor, f.ws.ID, q.ID, []int64{named}, "manual")
		if err != nil {
			t.Fatal(err)
		}
		if r.Enrolled != 0 || r.NoAddress != 1 || len(r.Skipped) != 1 || !strings.Contains(r.Skipped[0].Reason, `Discord "pixie#0001" is a username, not a user id`) {
			t.Fatalf("EnrollCreators = %s %+v", r.Summary(), r.Skipped)
		}

		later := f.creator(store.NewCreator{Username: "later", Discord: "300000000000000002"})
		f.enroll(q, later)
		name := "later_on_discord"
		if _, err := s.UpdateProfile(f.ctx, store.CLIActor, f.ws.ID, later, store.ProfileChange{Discord: &name}); err != nil {
			t.Fatal(err)
		}
		f.tick()
		e := f.enrollment(q, later)
		if e.Status != store.EnrollmentStopped || !strings.Contains(e.StopReason, "is a username, not a user id") {
			t.Fatalf("enrollment = %s %q", e.Status, e.StopReason)
		}
		if n := f.deliveries(later) + f.deliveries(named); n != 0 {
			t.Fatalf("%d messages sent to Discord usernames", n)
		}
	})
}
