package outreach

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// DispatchPass claims one batch of due messages (re-checking each right before), sends them
// SendConcurrency at a time and records the outcomes in one transaction. It returns how many
// it sent or tried.
func (e *Engine) DispatchPass(ctx context.Context) (int, error) {
	e.init()
	now := e.Now()
	msgs, err := e.Store.ClaimOutbox(ctx, e.Worker, now, e.Lease, e.BatchSize, func(cs []*store.ClaimCandidate) []store.ClaimVerdict {
		return vet(cs, now)
	})
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	results := e.sendAll(ctx, msgs)
	st, err := e.Store.RecordResults(ctx, e.Worker, results)
	if err != nil {
		// The messages stay in sending under our lease: recovery settles them (the channels'
		// Prober, or "unknown") once the lease ends. Never resend blindly.
		return len(msgs), err
	}
	e.Logger.Debug("outreach: dispatched", "sent", st.Sent, "retried", st.Retried, "failed", st.Failed, "unknown", st.Unknown, "stale", st.Stale)
	return len(msgs), nil
}

// vet re-checks queued messages right before they are claimed: a reply, a stage, a sample,
// a suppression since they were queued cancels them; quiet hours delay them.
func vet(cs []*store.ClaimCandidate, now time.Time) []store.ClaimVerdict {
	out := make([]store.ClaimVerdict, len(cs))
	for i, c := range cs {
		switch {
		case c.Creator == nil || c.Creator.Merged:
			out[i].Cancel = "creator merged into another or removed"
		case c.EnrollmentStatus == store.EnrollmentStopped:
			out[i].Cancel = "enrollment stopped"
		case c.Sequence.Status != store.SequenceActive:
			out[i].Delay = now.Add(time.Minute)
		case c.Suppressed != "":
			out[i].Cancel = "suppressed: " + c.Suppressed
		default:
			if stop := stopFor(c.Sequence, c.Creator, c.EnrollmentStart, c.EnrollmentStart); stop != "" {
				out[i].Cancel = stop
				continue
			}
			q := QuietHours{StartMin: c.Sequence.Hours.QuietStart, EndMin: c.Sequence.Hours.QuietEnd}
			if loc := location(c.Creator.TimeZone, c.WorkspaceZone); q.Quiet(now, loc) {
				out[i].Delay = q.NextAllowed(now, loc)
			}
		}
	}
	return out
}

// outgoing is the channel's view of an outbox row.
func outgoing(m *store.OutboxMessage, unsubscribe string) Outgoing {
	o := Outgoing{IdempotencyKey: m.IdemKey, WorkspaceID: m.WorkspaceID, CreatorID: m.CreatorID, OutboxID: m.ID,
		Channel: ChannelName(m.Channel), SenderKey: m.SenderKey,
		To:      Address{TikTokUserID: m.ToTikTok, Email: m.ToEmail, DiscordUserID: m.ToDiscord, Name: m.ToName},
		Subject: m.Subject, Body: m.Body, UnsubscribeURL: unsubscribe}
	if m.CardKind != "" {
		o.Card = &Card{Kind: m.CardKind, ID: m.CardID}
	}
	return o
}

// unsubscribeURL is the link an email carries (the same one rendering used).
func (e *Engine) unsubscribeURL(m *store.OutboxMessage) string {
	if m.Channel != store.ChannelEmail || len(e.UnsubscribeKey) == 0 || e.BaseURL == "" {
		return ""
	}
	return e.BaseURL + "/u/" + UnsubscribeToken(e.UnsubscribeKey, m.WorkspaceID, m.CreatorID, m.ToEmail)
}

// channels resolves sender keys once per pass.
type channels struct {
	mu sync.Mutex
	r  Resolver
	m  map[string]channelOrErr
}

type channelOrErr struct {
	ch  Channel
	err error
}

func (c *channels) get(ctx context.Context, ws int64, key string) (Channel, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := fmt.Sprintf("%d|%s", ws, key)
	if v, ok := c.m[k]; ok {
		return v.ch, v.err
	}
	if c.r == nil {
		return nil, errors.New("outreach: no channel resolver configured")
	}
	ch, err := c.r.Channel(ctx, ws, key)
	c.m[k] = channelOrErr{ch, err}
	return ch, err
}

// sendAll sends the claimed messages, SendConcurrency at a time, and classifies each outcome.
func (e *Engine) sendAll(ctx context.Context, msgs []*store.OutboxMessage) []store.SendResult {
	chs := &channels{r: e.Resolver, m: map[string]channelOrErr{}}
	maxAttempts := e.maxAttempts(ctx, msgs)
	results := make([]store.SendResult, len(msgs))
	sem := make(chan struct{}, e.SendConcurrency)
	var wg sync.WaitGroup
	for i, m := range msgs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i] = e.sendOne(ctx, chs, m, maxAttempts[m.WorkspaceID])
		}()
	}
	wg.Wait()
	return results
}

func (e *Engine) maxAttempts(ctx context.Context, msgs []*store.OutboxMessage) map[int64]int {
	out := map[int64]int{}
	for _, m := range msgs {
		if _, ok := out[m.WorkspaceID]; ok {
			continue
		}
		out[m.WorkspaceID] = 5
		if set, err := e.Store.OutreachSettings(ctx, m.WorkspaceID); err == nil {
			out[m.WorkspaceID] = set.MaxAttempts
		}
	}
	return out
}

// sendOne sends one message and says what to record.
func (e *Engine) sendOne(ctx context.Context, chs *channels, m *store.OutboxMessage, maxAttempts int) store.SendResult {
	r := store.SendResult{Message: m}
	ch, err := chs.get(ctx, m.WorkspaceID, m.SenderKey)
	if err != nil {
		return e.retryOrFail(r, fmt.Errorf("no channel for %s: %w", m.SenderKey, err), maxAttempts)
	}
	out := outgoing(m, e.unsubscribeURL(m))
	rec, err := ch.Send(ctx, out)
	if err == nil {
		r.Outcome, r.ProviderID, r.At = store.OutboxSent, rec.ProviderID, rec.At
		if r.At.IsZero() {
			r.At = e.Now()
		}
		return r
	}
	if Ambiguous(err) {
		// It may have gone out: ask the channel, or leave it unknown rather than risk a
		// second message.
		if p, ok := ch.(Prober); ok {
			if rec, delivered, perr := p.Delivered(ctx, out); perr == nil {
				if delivered {
					r.Outcome, r.ProviderID, r.At = store.OutboxSent, rec.ProviderID, rec.At
					if r.At.IsZero() {
						r.At = e.Now()
					}
					return r
				}
				return e.retryOrFail(r, err, maxAttempts)
			}
		}
		r.Outcome, r.Error = store.OutboxUnknown, "outcome unknown, not resent: "+err.Error()
		return r
	}
	if Retryable(err) {
		return e.retryOrFail(r, err, maxAttempts)
	}
	r.Outcome, r.Error, r.Suppress = store.OutboxFailed, err.Error(), SuppressReason(err)
	r.StopReason = "failed: " + err.Error()
	return r
}

// retryOrFail queues the message again after a backoff (the channel's hint when it gave one:
// 30 s doubling per attempt, at most an hour), or fails it after maxAttempts.
func (e *Engine) retryOrFail(r store.SendResult, err error, maxAttempts int) store.SendResult {
	if r.Message.Attempts >= maxAttempts {
		r.Outcome, r.Error = store.OutboxFailed, err.Error()
		r.StopReason = fmt.Sprintf("failed after %d attempts: %s", r.Message.Attempts, err.Error())
		return r
	}
	wait := RetryAfter(err)
	if wait <= 0 {
		wait = 30 * time.Second << min(r.Message.Attempts-1, 7)
	}
	wait = min(wait, time.Hour)
	r.Outcome, r.Error, r.RetryAt = store.OutboxQueued, err.Error(), e.Now().Add(wait)
	return r
}

// Recover settles messages whose server died while sending them (their lease ended): a
// channel that can tell (Prober) says whether each went out — sent, or queued again; any
// other channel's are marked unknown and never resent. It returns how many it settled.
func (e *Engine) Recover(ctx context.Context) (int, error) {
	e.init()
	total := 0
	for {
		msgs, err := e.Store.ClaimExpired(ctx, e.Worker, e.Now(), e.Lease, e.BatchSize)
		if err != nil || len(msgs) == 0 {
			return total, err
		}
		chs := &channels{r: e.Resolver, m: map[string]channelOrErr{}}
		results := make([]store.SendResult, 0, len(msgs))
		for _, m := range msgs {
			r := store.SendResult{Message: m}
			ch, err := chs.get(ctx, m.WorkspaceID, m.SenderKey)
			p, ok := ch.(Prober)
			switch {
			case err == nil && ok:
				rec, delivered, perr := p.Delivered(ctx, outgoing(m, e.unsubscribeURL(m)))
				switch {
				case perr != nil:
					continue // asked again when this lease ends
				case delivered:
					r.Outcome, r.ProviderID, r.At = store.OutboxSent, rec.ProviderID, rec.At
					if r.At.IsZero() {
						r.At = e.Now()
					}
				default:
					r.Outcome, r.RetryAt, r.Error = store.OutboxQueued, e.Now(), "not delivered before a crash: sent again"
				}
			default:
				r.Outcome, r.Error = store.OutboxUnknown, "outcome unknown after a crash: not resent"
			}
			results = append(results, r)
		}
		st, err := e.Store.RecordResults(ctx, e.Worker, results)
		if err != nil {
			return total, err
		}
		total += st.Sent + st.Retried + st.Unknown
		if len(msgs) < e.BatchSize {
			return total, nil
		}
	}
}
