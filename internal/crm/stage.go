package crm

import (
	"fmt"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// Facts are what the stage automation reads of a creator.
type Facts struct {
	Stage         model.Stage
	StageSince    time.Time
	StageSinceDay int32 // StageSince as a day (YYYYMMDD) in the workspace's zone
	FirstSaleDay  int32 // YYYYMMDD of the first day with a live attributed order; 0 before any
	LastSaleDay   int32
	Orders30d     int64
	LastReplyAt   *time.Time // in the workspace's zone, for the reason's date
}

// NextStage returns the stage the facts move a creator to as of today (YYYYMMDD, workspace
// zone), why, and whether it moved. The moves, and nothing else:
//
//   - a first attributed sale moves prospect, contacted, engaged, onboarded and sampled
//     creators to activated;
//   - a reply after the creator entered its stage moves prospect and contacted to engaged;
//   - activated becomes active on a repeat sale — a sale on a second day, or two orders in the
//     last 30 days — while the last sale is less than AtRiskDays old: one sale is luck, two are
//     a creator whose content keeps selling;
//   - AtRiskDays or more without a sale moves activated and active to at_risk, ChurnedDays or
//     more moves them (and at_risk) to churned;
//   - a sale on or after the day a creator went at_risk or churned, less than AtRiskDays ago,
//     brings it back to active (a manual at_risk is not undone by the sales before it).
//
// Do-not-contact and banned never move, automation never moves a creator back down the
// pipeline otherwise, and the moves chain within one call (a prospect whose only sale was 70
// days ago goes straight to churned, with both reasons).
func NextStage(f Facts, set store.CRMSettings, today int32) (model.Stage, string, bool) {
	if f.Stage.Blocked() || f.Stage.Rank() < 0 {
		return f.Stage, "", false
	}
	stage := f.Stage
	seen := map[model.Stage]bool{stage: true}
	var reasons []string
	for {
		next, why := step(stage, f, set, today)
		if next == stage || seen[next] {
			break
		}
		seen[next] = true
		stage = next
		reasons = append(reasons, why)
	}
	return stage, strings.Join(reasons, "; "), stage != f.Stage
}

// step is one move from stage, or stage itself.
func step(stage model.Stage, f Facts, set store.CRMSettings, today int32) (model.Stage, string) {
	sold := f.FirstSaleDay != 0 && f.LastSaleDay != 0
	quiet := 0
	if sold {
		quiet = daysBetween(f.LastSaleDay, today)
	}
	goneQuiet := func() (model.Stage, string) {
		switch {
		case quiet >= set.ChurnedDays:
			return model.StageChurned, fmt.Sprintf("no sale for %d days (last on %s)", quiet, formatDay(f.LastSaleDay))
		case quiet >= set.AtRiskDays:
			return model.StageAtRisk, fmt.Sprintf("no sale for %d days (last on %s)", quiet, formatDay(f.LastSaleDay))
		}
		return "", ""
	}
	switch stage {
	case model.StageProspect, model.StageContacted, model.StageEngaged, model.StageOnboarded, model.StageSampled:
		if sold {
			return model.StageActivated, "first attributed sale on " + formatDay(f.FirstSaleDay)
		}
		if (stage == model.StageProspect || stage == model.StageContacted) && f.LastReplyAt != nil && f.LastReplyAt.After(f.StageSince) {
			return model.StageEngaged, "replied on " + f.LastReplyAt.Format(time.DateOnly)
		}
	case model.StageActivated:
		if !sold {
			break
		}
		if to, why := goneQuiet(); to != "" {
			return to, why
		}
		if f.LastSaleDay > f.FirstSaleDay {
			return model.StageActive, "sold again on " + formatDay(f.LastSaleDay)
		}
		if f.Orders30d >= 2 {
			return model.StageActive, fmt.Sprintf("%d orders in the last 30 days", f.Orders30d)
		}
	case model.StageActive:
		if !sold {
			break
		}
		if to, why := goneQuiet(); to != "" {
			return to, why
		}
	case model.StageAtRisk, model.StageChurned:
		if !sold {
			break
		}
		if quiet < set.AtRiskDays && f.LastSaleDay >= f.StageSinceDay {
			return model.StageActive, "sold again on " + formatDay(f.LastSaleDay)
		}
		if stage == model.StageAtRisk && quiet >= set.ChurnedDays {
			return goneQuiet()
		}
	}
	return stage, ""
}
