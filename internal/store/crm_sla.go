package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// The SLA views: creators stuck in a stage longer than the team promised, and late tasks.
const (
	SLAEngaged   = "engaged"   // engaged but not onboarded for EngagedSLADays
	SLANoSale    = "no_sale"   // sampled or activated without a sale for ActivatedSLADays
	SLANoReply   = "no_reply"  // contacted with no reply for NoReplyDays
	SLATasksLate = "tasks_due" // open tasks past their due day
)

// NoReplyDays is how long a contacted creator may stay silent before a follow-up is due.
const NoReplyDays = 7

// SLAView is one SLA view with how many creators (or tasks) it holds now.
type SLAView struct {
	Name  string // one of the SLA* names
	Label string // "Engaged, not onboarded for 3+ days"
	Days  int
	Count int64
}

// SLARow is a creator of an SLA view: Since is when the clock started (entering the stage,
// or the last message sent).
type SLARow struct {
	CRMProfile
	Since time.Time
}

// SLAKey is a row's place in its view (oldest clock first), for the next page.
type SLAKey struct {
	Since int64
	ID    int64
}

// String encodes the key for a URL or an API cursor.
func (k SLAKey) String() string {
	return strconv.FormatInt(k.Since, 10) + ":" + strconv.FormatInt(k.ID, 10)
}

// ParseSLAKey reads a key written by String.
func ParseSLAKey(s string) (*SLAKey, error) {
	var k SLAKey
	if _, err := fmt.Sscanf(s, "%d:%d", &k.Since, &k.ID); err != nil || k.String() != s {
		return nil, ErrBadCursor
	}
	return &k, nil
}

// slaRule is a creator view's condition: the clock column, and the WHERE terms.
type slaRule struct {
	label string
	days  int
	clock string
	where func(a *slaArgs) string
}

type slaArgs struct{ list []any }

func (a *slaArgs) add(v any) string {
	a.list = append(a.list, v)
	return "$" + strconv.Itoa(len(a.list))
}

// slaRules builds the creator views for the settings, as of now.
func (s *Store) slaRules(ctx context.Context, workspaceID int64, now time.Time) (map[string]slaRule, error) {
	set, err := s.CRMSettings(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	loc, err := s.workspaceLocation(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	cutoff := func(days int) int64 { return now.Add(-time.Duration(days) * 24 * time.Hour).Unix() }
	noSaleDay := dayKey(now.In(loc).AddDate(0, 0, -set.ActivatedSLADays))
	contacted := "COALESCE(c.last_contacted_at, c.stage_since)"
	return map[string]slaRule{
		SLAEngaged: {label: fmt.Sprintf("Engaged, not onboarded for %d+ days", set.EngagedSLADays), days: set.EngagedSLADays,
			clock: "c.stage_since", where: func(a *slaArgs) string {
				return "c.stage = " + a.add(string(model.StageEngaged)) + " AND c.stage_since <= " + a.add(cutoff(set.EngagedSLADays))
			}},
		SLANoSale: {label: fmt.Sprintf("Sampled or activated, no sale for %d+ days", set.ActivatedSLADays), days: set.ActivatedSLADays,
			clock: "c.stage_since", where: func(a *slaArgs) string {
				return "c.stage IN (" + a.add(string(model.StageSampled)) + ", " + a.add(string(model.StageActivated)) +
					") AND c.stage_since <= " + a.add(cutoff(set.ActivatedSLADays)) + " AND c.last_sale_day <= " + a.add(noSaleDay)
			}},
		SLANoReply: {label: fmt.Sprintf("Contacted, no reply for %d+ days", NoReplyDays), days: NoReplyDays,
			clock: contacted, where: func(a *slaArgs) string {
				return "c.stage = " + a.add(string(model.StageContacted)) + " AND " + contacted + " <= " + a.add(cutoff(NoReplyDays)) +
					" AND (c.last_reply_at IS NULL OR c.last_reply_at < " + contacted + ")"
			}},
	}, nil
}

// SLAViews counts every SLA view of the workspace as of now; today (YYYYMMDD, workspace
// zone) dates the late tasks.
func (s *Store) SLAViews(ctx context.Context, workspaceID int64, now time.Time) ([]SLAView, error) {
	rules, err := s.slaRules(ctx, workspaceID, now)
	if err != nil {
		return nil, err
	}
	var out []SLAView
	for _, name := range []string{SLAEngaged, SLANoSale, SLANoReply} {
		r := rules[name]
		a := &slaArgs{}
		a.add(workspaceID)
		v := SLAView{Name: name, Label: r.label, Days: r.days}
		if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM creators c WHERE c.workspace_id = $1 AND c.merged_into IS NULL AND `+
			r.where(a), a.list...).Scan(&v.Count); err != nil {
			return nil, fmt.Errorf("store: unable to count the SLA view %s: %w", name, err)
		}
		out = append(out, v)
	}
	loc, err := s.workspaceLocation(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	tasks, err := s.CountTasks(ctx, workspaceID, nil, dayKey(now.In(loc)))
	if err != nil {
		return nil, err
	}
	return append(out, SLAView{Name: SLATasksLate, Label: "Tasks past their due day", Count: tasks.Overdue}), nil
}

// ValidSLAView reports whether name is a creator SLA view (SLATasksLate is a task list).
func ValidSLAView(name string) bool {
	return name == SLAEngaged || name == SLANoSale || name == SLANoReply
}

// SLACreators returns a page of a creator SLA view, the longest waiting first, and the key of
// the next page (nil on the last).
func (s *Store) SLACreators(ctx context.Context, workspaceID int64, view string, now time.Time, after *SLAKey, limit int) ([]SLARow, *SLAKey, error) {
	if !ValidSLAView(view) {
		return nil, nil, fmt.Errorf("store: unknown SLA view %q", view)
	}
	if limit <= 0 {
		limit = 50
	}
	rules, err := s.slaRules(ctx, workspaceID, now)
	if err != nil {
		return nil, nil, err
	}
	r := rules[view]
	a := &slaArgs{}
	a.add(workspaceID)
	where := "c.workspace_id = $1 AND c.merged_into IS NULL AND " + r.where(a)
	if after != nil {
		since, id := a.add(after.Since), a.add(after.ID)
		where += " AND (" + r.clock + " > " + since + " OR (" + r.clock + " = " + since + " AND c.id > " + id + "))"
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+crmProfileColumns+`, `+r.clock+crmProfileFrom+` WHERE `+where+
		` ORDER BY `+r.clock+`, c.id LIMIT `+a.add(limit+1), a.list...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to list the SLA view %s: %w", view, err)
	}
	defer rows.Close()
	var out []SLARow
	for rows.Next() {
		var since int64
		p, err := scanCRMProfile(scanPlus{rows, &since})
		if err != nil {
			return nil, nil, fmt.Errorf("store: unable to list the SLA view %s: %w", view, err)
		}
		out = append(out, SLARow{CRMProfile: *p, Since: unixUTC(since)})
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: unable to list the SLA view %s: %w", view, err)
	}
	if len(out) <= limit {
		return out, nil, nil
	}
	out = out[:limit]
	last := out[len(out)-1]
	return out, &SLAKey{Since: last.Since.Unix(), ID: last.ID}, nil
}

// scanPlus scans a row of crmProfileColumns followed by more columns.
type scanPlus struct {
	row  rowScanner
	more *int64
}

func (s scanPlus) Scan(dest ...any) error { return s.row.Scan(append(dest, s.more)...) }
