package model

// Stage is where a creator stands in the program's lifecycle (DESIGN.md §3).
type Stage string

// The lifecycle stages, in pipeline order, then the two that stop all outreach.
const (
	StageProspect  Stage = "prospect"
	StageContacted Stage = "contacted"
	StageEngaged   Stage = "engaged"   // replied
	StageOnboarded Stage = "onboarded" // accepted a collaboration
	StageSampled   Stage = "sampled"
	StageActivated Stage = "activated" // first attributed sale
	StageActive    Stage = "active"
	StageAtRisk    Stage = "at_risk" // gone quiet
	StageChurned   Stage = "churned"
	// StageDoNotContact and StageBanned are set by hand with a reason, stop every outreach
	// sequence, and are never left by an automatic move or an import.
	StageDoNotContact Stage = "do_not_contact"
	StageBanned       Stage = "banned"
)

// Stages lists every stage in board order.
var Stages = []Stage{
	StageProspect, StageContacted, StageEngaged, StageOnboarded, StageSampled,
	StageActivated, StageActive, StageAtRisk, StageChurned, StageDoNotContact, StageBanned,
}

var stageLabels = map[Stage]string{
	StageProspect: "Prospect", StageContacted: "Contacted", StageEngaged: "Engaged",
	StageOnboarded: "Onboarded", StageSampled: "Sampled", StageActivated: "Activated",
	StageActive: "Active", StageAtRisk: "At risk", StageChurned: "Churned",
	StageDoNotContact: "Do not contact", StageBanned: "Banned",
}

// ParseStage returns the stage named s and whether it exists.
func ParseStage(s string) (Stage, bool) {
	_, ok := stageLabels[Stage(s)]
	return Stage(s), ok
}

// Label is the stage's name as pages show it.
func (s Stage) Label() string {
	if l, ok := stageLabels[s]; ok {
		return l
	}
	return string(s)
}

// Blocked reports whether the stage stops all outreach and automatic moves.
func (s Stage) Blocked() bool { return s == StageDoNotContact || s == StageBanned }

// Rank is the stage's place in board order (0 for prospect), -1 for an unknown stage.
func (s Stage) Rank() int {
	for i, st := range Stages {
		if st == s {
			return i
		}
	}
	return -1
}
