package platformsync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// Limits of a review request.
const (
	MaxReviewBatch     = 100 // applications reviewed by one request
	MaxRejectReasonLen = 500 // characters; the creator reads it
)

// RejectReasons are the reasons offered for a rejection; a member may add words of their own.
var RejectReasons = []string{
	"Not a fit for this product",
	"Audience too small for a free sample",
	"Content does not match our brand",
	"Region or shipping address not served",
	"Sample out of stock",
	"Too many samples requested recently",
}

// Review outcomes.
const (
	ReviewDone      = "reviewed"  // the platform accepted the review; it is recorded
	ReviewUnchanged = "unchanged" // the application was reviewed already: nothing was sent
	ReviewFailed    = "failed"    // nothing changed: the platform refused, or could not be reached
)

// ReviewOutcome is what became of one application of a review request.
type ReviewOutcome struct {
	ID      int64
	Sample  *store.SampleRow // as it stands after the review
	Result  string           // ReviewDone, ReviewUnchanged or ReviewFailed
	Message string           // for people: why nothing changed, or what the platform said
	// Cause says why a review failed (a Cause… constant); "" otherwise.
	Cause string
	// APIError is the platform's refusal, when it refused.
	APIError *tiktokshop.APIError
}

// Why a review failed.
const (
	CauseRefused      = "refused"      // the platform refused it (APIError says why)
	CauseUnreachable  = "unreachable"  // the platform could not be reached, or failed
	CauseBusy         = "busy"         // another review of the application is being sent
	CauseDisconnected = "disconnected" // its shop connection must be connected again
	CauseUnconfigured = "unconfigured" // this server has no TikTok Shop app
)

// ReviewError is a review request that is wrong in itself: nothing was sent.
type ReviewError struct{ Field, Message string }

func (e *ReviewError) Error() string { return e.Field + ": " + e.Message }

// CheckReview checks a decision and a reason before anything is loaded or sent, and returns
// the reason as it will be sent (trimmed; "" for an approval).
func CheckReview(decision, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch decision {
	case store.SampleDecisionApprove:
		return "", nil
	case store.SampleDecisionReject:
		if reason == "" {
			return "", &ReviewError{"reason", "a rejection needs a reason: the creator reads it"}
		}
		if n := utf8.RuneCountInString(reason); n > MaxRejectReasonLen {
			return "", &ReviewError{"reason", fmt.Sprintf("is %d characters long; at most %d", n, MaxRejectReasonLen)}
		}
		return reason, nil
	}
	return "", &ReviewError{"decision", fmt.Sprintf("%q is not approve or reject", decision)}
}

// Reviewer approves and rejects sample applications on the platform and records the reviews.
type Reviewer struct {
	Store   *store.Store
	Clients Clients          // nil: every review fails with a message saying the app is not configured
	Now     func() time.Time // default time.Now
	Logger  *slog.Logger     // default: discard
}

func (rv *Reviewer) now() time.Time {
	if rv.Now == nil {
		return time.Now()
	}
	return rv.Now()
}

func (rv *Reviewer) log() *slog.Logger {
	if rv.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return rv.Logger
}

// Review sends one decision for each application of the workspace in ids, one after the
// other, and says what became of each. decision and reason must have passed CheckReview, and
// the ids must be the workspace's (load them first: another workspace's id is a 404 to the
// caller, never a review). An application reviewed already is left alone (ReviewUnchanged):
// the platform would refuse a second review, and two clicks must not send two.
func (rv *Reviewer) Review(ctx context.Context, a store.Actor, workspaceID int64, ids []int64, decision, reason string) ([]ReviewOutcome, error) {
	out := make([]ReviewOutcome, 0, len(ids))
	conns := map[int64]*store.Connection{}
	for _, id := range ids {
		o, err := rv.one(ctx, a, workspaceID, id, decision, reason, conns)
		if err != nil {
			return out, err
		}
		out = append(out, o)
	}
	return out, nil
}

// one reviews one application; an error is a failure of creatorops' own database.
func (rv *Reviewer) one(ctx context.Context, a store.Actor, workspaceID, id int64, decision, reason string, conns map[int64]*store.Connection) (ReviewOutcome, error) {
	o := ReviewOutcome{ID: id}
	row, claimed, err := rv.Store.ClaimSampleReview(ctx, workspaceID, id, rv.now())
	if err != nil {
		return o, err
	}
	o.Sample = row
	if !claimed {
		o.Result = ReviewUnchanged
		switch {
		case row.Status == store.SamplePending:
			o.Result, o.Cause, o.Message = ReviewFailed, CauseBusy, "another review of it is being sent right now; look again in a minute"
		case row.Status == decisionStatus(decision):
			o.Message = "already " + row.Status + reviewedBy(row) + ": nothing was sent"
		default:
			o.Message = "it is " + store.SampleStatusLabel(row.Status) + reviewedBy(row) + " already, and TikTok Shop does not change a review: nothing was sent"
		}
		return o, nil
	}
	failed := func(why, msg string, cause error) (ReviewOutcome, error) {
		if err := rv.Store.ReleaseSampleReview(context.WithoutCancel(ctx), workspaceID, id); err != nil {
			return o, err
		}
		o.Result, o.Cause, o.Message = ReviewFailed, why, msg
		if e, ok := tiktokshop.AsAPIError(cause); ok {
			o.APIError = e
			if e.HTTPStatus < 500 && e.HTTPStatus != 429 && !e.IsTokenProblem() {
				o.Cause = CauseRefused
			}
		}
		return o, nil
	}
	conn, ok := conns[row.ConnectionID]
	if !ok {
		if conn, err = rv.Store.Connection(ctx, workspaceID, row.ConnectionID); err != nil {
			// Released at once, so the failure does not hold the application for the lease.
			if rerr := rv.Store.ReleaseSampleReview(context.WithoutCancel(ctx), workspaceID, id); rerr != nil {
				rv.log().Warn("platformsync: unable to release a sample review", "application", id, "err", rerr)
			}
			return o, err
		}
		conns[row.ConnectionID] = conn
	}
	if conn.Status != store.ConnectionActive {
		return failed(CauseDisconnected, fmt.Sprintf("the shop connection “%s” is %s: connect the shop again on the Connections page, then review", conn.ShopName, strings.ReplaceAll(conn.Status, "_", " ")), nil)
	}
	if rv.Clients == nil {
		return failed(CauseUnconfigured, "this server has no TikTok Shop app configured, so it cannot send reviews", nil)
	}
	cl, token, err := rv.Clients.Client(ctx, conn)
	if err != nil {
		rv.log().Warn("platformsync: no client for a sample review", "connection", conn.ID, "err", err)
		if errors.Is(err, connect.ErrNotConfigured) || errors.Is(err, connect.ErrNoKey) {
			return failed(CauseUnconfigured, "this server cannot send reviews to TikTok Shop: "+err.Error(), err)
		}
		if errors.Is(err, connect.ErrNeedsReauth) {
			return failed(CauseDisconnected, fmt.Sprintf("the shop connection “%s” needs to be connected again: %s", conn.ShopName, conn.LastError), err)
		}
		return failed(CauseUnreachable, "TikTok Shop could not be reached to send the review; try again in a minute", err)
	}
	d := tiktokshop.SampleApprove
	if decision == store.SampleDecisionReject {
		d = tiktokshop.SampleReject
	}
	auth := tiktokshop.ShopAuth{Cipher: conn.ShopCipher, AccessToken: token}
	if err := cl.ReviewSampleApplication(ctx, auth, row.PlatformID, d, reason); err != nil {
		rv.log().Warn("platformsync: the platform refused a sample review", "workspace", workspaceID, "application", row.PlatformID, "err", err)
		return failed(CauseUnreachable, ReviewErrorMessage(err), err)
	}
	after, err := rv.Store.FinishSampleReview(context.WithoutCancel(ctx), a, workspaceID, id, decision, reason, rv.now())
	if err != nil {
		return o, err
	}
	o.Sample, o.Result = after, ReviewDone
	o.Message = after.Status + " on TikTok Shop"
	return o, nil
}

// ReviewErrorMessage is a review's failure as people read it: the platform's own words and
// code when it refused, else that it could not be reached (the error itself goes to the log).
func ReviewErrorMessage(err error) string {
	if e, ok := tiktokshop.AsAPIError(err); ok {
		msg := "TikTok Shop refused the review: " + strings.TrimSpace(e.Message)
		if e.Code != 0 {
			msg += fmt.Sprintf(" (code %d", e.Code)
			if e.RequestID != "" {
				msg += ", request " + e.RequestID
			}
			msg += ")"
		}
		return msg
	}
	return "TikTok Shop could not be reached to send the review; try again in a minute"
}

func decisionStatus(decision string) string {
	if decision == store.SampleDecisionReject {
		return store.SampleRejected
	}
	return store.SampleApproved
}

func reviewedBy(r *store.SampleRow) string {
	if r.ReviewedBy == "" || r.ReviewedAt == nil {
		return ""
	}
	return " by " + r.ReviewedBy + " on " + r.ReviewedAt.Format("2 Jan 2006 15:04 UTC")
}
