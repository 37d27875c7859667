package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestCRMSettings(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		got, err := s.CRMSettings(ctx, ws.ID)
		if err != nil || !reflect.DeepEqual(*got, store.DefaultCRMSettings()) {
			t.Fatalf("defaults = %+v, %v", got, err)
		}
		want := store.CRMSettings{AtRiskDays: 20, ChurnedDays: 45, EngagedSLADays: 2, ActivatedSLADays: 10, RecontactDays: 7,
			TargetVerticals: []string{"Beauty", "Home & Living"}, TargetRegions: []string{"US"}, TargetMinFollowers: 10000}
		if err := s.SaveCRMSettings(ctx, store.CLIActor, ws.ID, want); err != nil {
			t.Fatal(err)
		}
		if got, _ = s.CRMSettings(ctx, ws.ID); !reflect.DeepEqual(*got, want) {
			t.Errorf("saved = %+v, want %+v", got, want)
		}
		bad := []struct {
			field string
			edit  func(c *store.CRMSettings)
		}{
			{"at_risk_days", func(c *store.CRMSettings) { c.AtRiskDays = 0 }},
			{"churned_days", func(c *store.CRMSettings) { c.ChurnedDays = c.AtRiskDays }},
			{"engaged_sla_days", func(c *store.CRMSettings) { c.EngagedSLADays = 4000 }},
			{"recontact_days", func(c *store.CRMSettings) { c.RecontactDays = -1 }},
			{"target_min_followers", func(c *store.CRMSettings) { c.TargetMinFollowers = -5 }},
		}
		for _, b := range bad {
			c := want
			b.edit(&c)
			err := s.SaveCRMSettings(ctx, store.CLIActor, ws.ID, c)
			se, ok := err.(*store.SettingError)
			if !ok || se.Field != b.field {
				t.Errorf("%s: got %v", b.field, err)
			}
		}
		if got, _ = s.CRMSettings(ctx, ws.ID); !reflect.DeepEqual(*got, want) {
			t.Errorf("after refused saves = %+v", got)
		}
		log, err := s.AuditLog(ctx, ws.ID, store.AuditQuery{Action: "crm.settings"})
		if err != nil || len(log) != 1 {
			t.Errorf("audit = %d entries, %v", len(log), err)
		}
	})
}
