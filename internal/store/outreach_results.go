package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// StepResult is what one step of a sequence achieved with one variant. Creators count once
// per step (a step is one message per creator).
type StepResult struct {
	Position  int
	Variant   string
	Sent      int // handed to the channel (delivered, failed or unknown outcome)
	Delivered int // accepted by the channel
	Replied   int // creators who replied after this message
	Onboarded int // reached onboarded (or a later stage) — at any time
	Sampled   int // requested a sample after this message, or reached sampled or later
	Activated int // first sale on or after the message's day (both days in the workspace's zone)
	// GMV of live order lines of the creators on the days of the window starting on the
	// message's day (in the workspace's zone), by currency (minor units).
	GMV map[string]int64
}

// onboardedOrLater are the stages that count as onboarded in results.
var onboardedOrLater = map[model.Stage]bool{model.StageOnboarded: true, model.StageSampled: true, model.StageActivated: true,
	model.StageActive: true, model.StageAtRisk: true, model.StageChurned: true}

// gmvWindow is the days [from, to), YYYYMMDD in the workspace's zone, whose sales of the
// creator count for one delivered message.
type gmvWindow struct {
	r        *StepResult
	from, to int32
}

// SequenceResults counts, per step and variant of the workspace's sequence, the messages sent
// and what the creators did after them. GMV is attributed by day in the workspace's zone: the
// sales of the message's day and of the following days, window long in all (rounded up to
// whole days), read from the creators' daily rollups — so a page costs one rollup row per day
// of the sequence's span, however many order lines the workspace has.
// ErrNotFound when the sequence is not the workspace's.
func (s *Store) SequenceResults(ctx context.Context, workspaceID, sequenceID int64, window time.Duration) ([]*StepResult, error) {
	var ws model.Workspace
	err := s.read.QueryRowContext(ctx, `SELECT w.timezone FROM outreach_sequences q JOIN workspaces w ON w.id = q.workspace_id
		WHERE q.workspace_id = $1 AND q.id = $2`, workspaceID, sequenceID).Scan(&ws.Timezone)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch sequence %d: %w", sequenceID, err)
	}
	loc := ws.Location()
	days := int((window + 24*time.Hour - 1) / (24 * time.Hour))
	rows, err := s.read.QueryContext(ctx, `SELECT o.step_position, o.variant, o.status, o.sent_at, o.created_at, o.creator_id,
		c.stage, c.last_reply_at, c.sample_requested_at, c.first_sale_day
		FROM outreach_outbox o JOIN creators c ON c.id = o.creator_id
		WHERE o.sequence_id = $1 AND o.workspace_id = $2 AND o.status IN ('sent', 'failed', 'unknown')
		ORDER BY o.step_position, o.variant`, sequenceID, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the results of sequence %d: %w", sequenceID, err)
	}
	defer rows.Close()
	byKey := map[string]*StepResult{}
	var out []*StepResult
	windows := map[int64][]gmvWindow{} // creator → one window per delivered message
	for rows.Next() {
		var pos int
		var variant, status, stage string
		var sentAt, reply, sample sql.NullInt64
		var created, creator int64
		var firstSale int32
		if err := rows.Scan(&pos, &variant, &status, &sentAt, &created, &creator, &stage, &reply, &sample, &firstSale); err != nil {
			return nil, fmt.Errorf("store: unable to read the results of sequence %d: %w", sequenceID, err)
		}
		key := fmt.Sprint(pos, "|", variant)
		r := byKey[key]
		if r == nil {
			r = &StepResult{Position: pos, Variant: variant, GMV: map[string]int64{}}
			byKey[key] = r
			out = append(out, r)
		}
		r.Sent++
		st := model.Stage(stage)
		if onboardedOrLater[st] {
			r.Onboarded++
		}
		if status != OutboxSent || !sentAt.Valid {
			continue
		}
		at := sentAt.Int64
		r.Delivered++
		if reply.Valid && reply.Int64 >= at {
			r.Replied++
		}
		if (sample.Valid && sample.Int64 >= at) || (st != model.StageOnboarded && onboardedOrLater[st]) {
			r.Sampled++
		}
		// first_sale_day is a day of the workspace's zone (the CRM reads it from the rollups):
		// compare it with the message's day in the same zone, not its UTC day.
		day := DayOf(time.Unix(at, 0), loc)
		if firstSale != 0 && firstSale >= day {
			r.Activated++
		}
		if days > 0 {
			windows[creator] = append(windows[creator], gmvWindow{r, day, addDays(day, days)})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read the results of sequence %d: %w", sequenceID, err)
	}
	rows.Close()
	if err := s.attributeGMV(ctx, workspaceID, windows); err != nil {
		return nil, fmt.Errorf("store: unable to attribute GMV to sequence %d: %w", sequenceID, err)
	}
	return out, nil
}

// attributeGMV adds to each window's result the GMV its creator sold on the window's days.
// It reads the creator day blobs of the span the windows cover (one row per day and
// currency) and walks each blob once, in creator id order alongside the sorted messaged ids:
// the cost follows the days and the creators selling on them, never the number of lines.
func (s *Store) attributeGMV(ctx context.Context, workspaceID int64, windows map[int64][]gmvWindow) error {
	if len(windows) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(windows))
	var spans dayRanges
	for id, list := range windows {
		ids = append(ids, id)
		for _, w := range list {
			spans = append(spans, [2]int32{w.from, w.to})
		}
	}
	slices.Sort(ids)
	spans = spans.merged()
	rows, err := s.read.QueryContext(ctx, `SELECT period, currency, data FROM rollup_creator_blobs
		WHERE workspace_id = $1 AND kind = 'day' AND period >= $2 AND period < $3`,
		workspaceID, spans[0][0], spans[len(spans)-1][1])
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var day int32
		var currency string
		var data []byte
		if err := rows.Scan(&day, &currency, &data); err != nil {
			return err
		}
		if !spans.has(day) {
			continue // between two messages' windows: nobody's sales count that day
		}
		h, err := readBlobHeader(data)
		if err != nil {
			return err
		}
		if h.count == 0 || h.hi < ids[0] || h.lo > ids[len(ids)-1] {
			continue
		}
		i, _ := slices.BinarySearch(ids, h.lo)
		err = h.each(func(id int64, t *model.Totals) {
			for i < len(ids) && ids[i] < id {
				i++
			}
			if i == len(ids) || ids[i] != id || t.GMV == 0 {
				return
			}
			for _, w := range windows[id] {
				if w.from <= day && day < w.to {
					w.r.GMV[currency] += t.GMV
				}
			}
		})
		if err != nil {
			return fmt.Errorf("creator rollup of day %d: %w", day, err)
		}
	}
	return rows.Err()
}

// addDays returns the YYYYMMDD day n days after day.
func addDays(day int32, n int) int32 {
	return dayKey(dateOf(day).AddDate(0, 0, n))
}

// dayRanges are spans of days [from, to), YYYYMMDD.
type dayRanges [][2]int32

// merged returns the spans sorted, with overlapping and adjacent ones joined.
func (rs dayRanges) merged() dayRanges {
	slices.SortFunc(rs, func(a, b [2]int32) int { return cmpInt64(int64(a[0]), int64(b[0])) })
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 && r[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}

// has tells whether day is in one of the merged spans.
func (rs dayRanges) has(day int32) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i][1] > day })
	return i < len(rs) && rs[i][0] <= day
}
