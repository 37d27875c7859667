package crm

import (
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

func TestNextStage(t *testing.T) {
	set := store.DefaultCRMSettings() // at risk after 30 days, churned after 60
	today := int32(20261130)
	day := func(daysAgo int) int32 {
		return DayOf(dateOf(today).AddDate(0, 0, -daysAgo), time.UTC)
	}
	since := dateOf(today).AddDate(0, 0, -100)
	reply := dateOf(today).AddDate(0, 0, -1)
	oldReply := since.AddDate(0, 0, -1)
	cases := []struct {
		name   string
		f      Facts
		want   model.Stage
		reason string // a part of the reason
	}{
		{"prospect without sales stays", Facts{Stage: model.StageProspect}, model.StageProspect, ""},
		{"first sale activates a prospect", Facts{Stage: model.StageProspect, FirstSaleDay: day(2), LastSaleDay: day(2)}, model.StageActivated, "first attributed sale on 2026-11-28"},
		{"first sale activates a sampled creator", Facts{Stage: model.StageSampled, FirstSaleDay: day(0), LastSaleDay: day(0)}, model.StageActivated, "first attributed sale"},
		{"first sale activates onboarded", Facts{Stage: model.StageOnboarded, FirstSaleDay: day(5), LastSaleDay: day(5)}, model.StageActivated, ""},
		{"a reply engages a contacted creator", Facts{Stage: model.StageContacted, StageSince: since, LastReplyAt: &reply}, model.StageEngaged, "replied on 2026-11-29"},
		{"a reply engages a prospect", Facts{Stage: model.StageProspect, StageSince: since, LastReplyAt: &reply}, model.StageEngaged, "replied"},
		{"a reply before the stage does not", Facts{Stage: model.StageContacted, StageSince: since, LastReplyAt: &oldReply}, model.StageContacted, ""},
		{"a reply does not move onboarded back", Facts{Stage: model.StageOnboarded, StageSince: since, LastReplyAt: &reply}, model.StageOnboarded, ""},
		{"a sale beats a reply", Facts{Stage: model.StageContacted, StageSince: since, LastReplyAt: &reply, FirstSaleDay: day(1), LastSaleDay: day(1)}, model.StageActivated, ""},
		{"one sale keeps activated", Facts{Stage: model.StageActivated, FirstSaleDay: day(3), LastSaleDay: day(3), Orders30d: 1}, model.StageActivated, ""},
		{"a sale on a second day makes active", Facts{Stage: model.StageActivated, FirstSaleDay: day(10), LastSaleDay: day(3), Orders30d: 2}, model.StageActive, "sold again on 2026-11-27"},
		{"two orders in 30 days make active", Facts{Stage: model.StageActivated, FirstSaleDay: day(3), LastSaleDay: day(3), Orders30d: 2}, model.StageActive, "2 orders in the last 30 days"},
		{"active, AtRiskDays-1 quiet, stays", Facts{Stage: model.StageActive, FirstSaleDay: day(200), LastSaleDay: day(29)}, model.StageActive, ""},
		{"active, exactly AtRiskDays quiet, at risk", Facts{Stage: model.StageActive, FirstSaleDay: day(200), LastSaleDay: day(30)}, model.StageAtRisk, "no sale for 30 days (last on 2026-10-31)"},
		{"activated, AtRiskDays quiet, at risk", Facts{Stage: model.StageActivated, FirstSaleDay: day(30), LastSaleDay: day(30)}, model.StageAtRisk, "no sale for 30 days"},
		{"at risk, ChurnedDays-1, stays", Facts{Stage: model.StageAtRisk, StageSinceDay: day(29), FirstSaleDay: day(200), LastSaleDay: day(59)}, model.StageAtRisk, ""},
		{"at risk, exactly ChurnedDays, churned", Facts{Stage: model.StageAtRisk, StageSinceDay: day(30), FirstSaleDay: day(200), LastSaleDay: day(60)}, model.StageChurned, "no sale for 60 days"},
		{"active, ChurnedDays quiet, churned at once", Facts{Stage: model.StageActive, FirstSaleDay: day(200), LastSaleDay: day(60)}, model.StageChurned, "no sale for 60 days"},
		{"churned stays churned", Facts{Stage: model.StageChurned, StageSinceDay: day(10), FirstSaleDay: day(200), LastSaleDay: day(70)}, model.StageChurned, ""},
		{"at risk sells again: active", Facts{Stage: model.StageAtRisk, StageSinceDay: day(5), FirstSaleDay: day(200), LastSaleDay: day(1)}, model.StageActive, "sold again on 2026-11-29"},
		{"churned sells again: active", Facts{Stage: model.StageChurned, StageSinceDay: day(20), FirstSaleDay: day(200), LastSaleDay: day(0)}, model.StageActive, "sold again"},
		{"manual at risk is not undone by an older sale", Facts{Stage: model.StageAtRisk, StageSinceDay: day(2), FirstSaleDay: day(200), LastSaleDay: day(3)}, model.StageAtRisk, ""},
		{"an old only sale takes a prospect to churned", Facts{Stage: model.StageProspect, FirstSaleDay: day(70), LastSaleDay: day(70)}, model.StageChurned, "first attributed sale on 2026-09-21; no sale for 70 days"},
		{"an old sale takes a sampled creator to at risk", Facts{Stage: model.StageSampled, FirstSaleDay: day(45), LastSaleDay: day(45)}, model.StageAtRisk, "; no sale for 45 days"},
		{"do not contact never moves", Facts{Stage: model.StageDoNotContact, FirstSaleDay: day(1), LastSaleDay: day(1), LastReplyAt: &reply}, model.StageDoNotContact, ""},
		{"banned never moves", Facts{Stage: model.StageBanned, FirstSaleDay: day(90), LastSaleDay: day(90)}, model.StageBanned, ""},
		{"active without sales data stays", Facts{Stage: model.StageActive}, model.StageActive, ""},
		{"unknown stage stays", Facts{Stage: "paused", FirstSaleDay: day(1), LastSaleDay: day(1)}, "paused", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, why, moved := NextStage(c.f, set, today)
			if got != c.want || moved != (c.want != c.f.Stage) {
				t.Fatalf("NextStage = %s (moved %v, %q), want %s", got, moved, why, c.want)
			}
			if moved && (why == "" || !strings.Contains(why, c.reason)) {
				t.Errorf("reason %q, want it to contain %q", why, c.reason)
			}
			if !moved && why != "" {
				t.Errorf("no move but reason %q", why)
			}
		})
	}
}

// TestNextStageNeverBackwards checks, over every stage and a grid of facts, that automation
// only makes the listed moves.
func TestNextStageNeverBackwards(t *testing.T) {
	set := store.DefaultCRMSettings()
	today := int32(20261130)
	allowed := map[model.Stage][]model.Stage{
		model.StageProspect:  {model.StageEngaged, model.StageActivated, model.StageActive, model.StageAtRisk, model.StageChurned},
		model.StageContacted: {model.StageEngaged, model.StageActivated, model.StageActive, model.StageAtRisk, model.StageChurned},
		model.StageEngaged:   {model.StageActivated, model.StageActive, model.StageAtRisk, model.StageChurned},
		model.StageOnboarded: {model.StageActivated, model.StageActive, model.StageAtRisk, model.StageChurned},
		model.StageSampled:   {model.StageActivated, model.StageActive, model.StageAtRisk, model.StageChurned},
		model.StageActivated: {model.StageActive, model.StageAtRisk, model.StageChurned},
		model.StageActive:    {model.StageAtRisk, model.StageChurned},
		model.StageAtRisk:    {model.StageActive, model.StageChurned},
		model.StageChurned:   {model.StageActive},
	}
	reply := dateOf(today)
	for _, st := range model.Stages {
		for _, first := range []int{0, 1, 29, 30, 31, 59, 60, 61, 400} {
			for _, last := range []int{0, 1, 29, 30, 31, 59, 60, 61, 400} {
				for _, sinceAgo := range []int{0, 15, 45, 500} {
					if (first == 0) != (last == 0) || last > first {
						continue
					}
					f := Facts{Stage: st, StageSinceDay: DayOf(dateOf(today).AddDate(0, 0, -sinceAgo), time.UTC), LastReplyAt: &reply, Orders30d: 1}
					if first > 0 {
						f.FirstSaleDay = DayOf(dateOf(today).AddDate(0, 0, -first), time.UTC)
						f.LastSaleDay = DayOf(dateOf(today).AddDate(0, 0, -last), time.UTC)
					}
					got, _, moved := NextStage(f, set, today)
					if !moved {
						continue
					}
					ok := false
					for _, a := range allowed[st] {
						ok = ok || a == got
					}
					if !ok {
						t.Errorf("%s (first %d, last %d days ago) moved to %s", st, first, last, got)
					}
				}
			}
		}
	}
}
