package tiktokim

import (
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
)

// rateLimitWait is the retry hint after throttling: the client already backed off in-process.
const rateLimitWait = time.Minute

// classify turns a client error into a SendError. sending says whether the failing call was
// the message itself (a lost answer may mean it went out) or a step before it.
func classify(err error, sending bool, now time.Time) *outreach.SendError {
	e, ok := tiktokshop.AsAPIError(err)
	switch {
	case !ok:
		// No answer, an unreadable answer, a cancelled call: the request may have reached
		// the platform.
		if sending {
			return ambiguous(err)
		}
		return &outreach.SendError{Err: err}
	case e.Code == tiktokshop.CodeIMCreatorUnavailable:
		return &outreach.SendError{Err: err, Permanent: true, Suppress: outreach.SuppressBlocked}
	case e.Code == tiktokshop.CodeIMNoReply:
		return &outreach.SendError{Err: fmt.Errorf("%w: TikTok allows no more messages before the creator replies", err), Permanent: true}
	case e.Code == tiktokshop.CodeIMWeeklyQuota:
		return &outreach.SendError{Err: err, RetryAfter: untilSunday(now)}
	case e.IsRateLimited():
		return &outreach.SendError{Err: err, RetryAfter: rateLimitWait}
	case e.IsServerError():
		if sending {
			return ambiguous(err)
		}
		return &outreach.SendError{Err: err}
	case e.IsTokenProblem():
		// Reconnecting the shop fixes it; nothing was sent.
		return &outreach.SendError{Err: err, RetryAfter: 15 * time.Minute}
	}
	return &outreach.SendError{Err: err, Permanent: true}
}

// ambiguous is a permanent failure marked ErrAmbiguous: the engine probes or records "unknown".
func ambiguous(err error) *outreach.SendError {
	return &outreach.SendError{Err: fmt.Errorf("%w: %w", outreach.ErrAmbiguous, err), Permanent: true}
}

// untilSunday is the time to the next Sunday 00:00 UTC, when TikTok's weekly quota resets.
func untilSunday(now time.Time) time.Duration {
	now = now.UTC()
	days := (7 - int(now.Weekday())) % 7
	if days == 0 {
		days = 7
	}
	next := time.Date(now.Year(), now.Month(), now.Day()+days, 0, 0, 0, 0, time.UTC)
	return next.Sub(now)
}
