package outreach

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// RulesJobKind is the recurring job that enrolls the creators matching each active
// sequence's rule (a saved view, or a stage and a minimum fit score).
const RulesJobKind = "outreach.rules"

// RulesEvery is how often the rules run: new prospects join within this long.
const RulesEvery = 15 * time.Minute

// RuleActor is who rule enrollments are recorded as.
var RuleActor = store.Actor{Label: "outreach rule"}

// ErrNoViewReader is returned when a view must be read and the engine has no ViewQuery.
var ErrNoViewReader = errors.New("outreach: saved views cannot be read here (no ViewQuery)")

// EnrollView enrolls every creator of the workspace's saved directory view in the sequence,
// the view read as it was saved (for the member who saved it).
func (e *Engine) EnrollView(ctx context.Context, a store.Actor, ws, sequenceID, viewID int64) (*store.EnrollResult, error) {
	q, err := e.viewQuery(ctx, ws, viewID)
	if err != nil {
		return nil, err
	}
	return e.Store.EnrollMatching(ctx, a, ws, sequenceID, q, store.ViewEnrollSource(viewID))
}

func (e *Engine) viewQuery(ctx context.Context, ws, viewID int64) (store.DirectoryQuery, error) {
	v, owner, err := e.Store.DirectoryView(ctx, ws, viewID)
	if err != nil {
		return store.DirectoryQuery{}, err
	}
	if e.ViewQuery == nil {
		return store.DirectoryQuery{}, ErrNoViewReader
	}
	q, err := e.ViewQuery(v.Query, owner)
	if err != nil {
		return store.DirectoryQuery{}, fmt.Errorf("saved view %q no longer reads: %w", v.Name, err)
	}
	return q, nil
}

// RuleQuery is the directory filter of a sequence's rule: its saved view, or its stage and
// minimum fit score.
func (e *Engine) RuleQuery(ctx context.Context, q *store.Sequence) (store.DirectoryQuery, error) {
	if q.Rule.ViewID != nil {
		return e.viewQuery(ctx, q.WorkspaceID, *q.Rule.ViewID)
	}
	dq := store.DirectoryQuery{}
	if q.Rule.Stage != "" {
		dq.Stages = []model.Stage{model.Stage(q.Rule.Stage)}
	}
	if q.Rule.MinScore > 0 {
		min := q.Rule.MinScore
		dq.MinScore = &min
	}
	return dq, nil
}

// RunRules enrolls, for every active sequence with a rule, the creators matching it that are
// not enrolled yet. A sequence whose rule fails (a view deleted or no longer readable) is
// logged and skipped; the others still run.
func (e *Engine) RunRules(ctx context.Context) error {
	e.init()
	seqs, err := e.Store.ActiveSequences(ctx)
	if err != nil {
		return err
	}
	for _, q := range seqs {
		if !q.Rule.Enabled {
			continue
		}
		dq, err := e.RuleQuery(ctx, q)
		if err == nil {
			var r *store.EnrollResult
			r, err = e.Store.EnrollMatching(ctx, RuleActor, q.WorkspaceID, q.ID, dq, "rule")
			if err == nil && r.Enrolled > 0 {
				e.Logger.Info("outreach: rule enrolled creators", "sequence", q.ID, "result", r.Summary())
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			e.Logger.Warn("outreach: a sequence's rule failed", "sequence", q.ID, "err", err)
		}
	}
	return nil
}

// RegisterRules adds the rules job to a job runner, every RulesEvery.
func RegisterRules(r *jobs.Runner, e *Engine, log *slog.Logger) {
	if e.Logger == nil {
		e.Logger = log
	}
	r.Every(RulesJobKind, RulesEvery, e.RunRules)
}
