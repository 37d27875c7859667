package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SampleReviewLease is how long a claimed review keeps others from sending one: longer than a
// platform call with its retries, short enough that a server that died mid-review does not
// block the application for long.
const SampleReviewLease = 2 * time.Minute

// ClaimSampleReview reserves a pending application of the workspace for one review, so two
// clicks or two members never send two reviews to the platform. It returns the application
// and whether the claim was granted: not when the application is no longer pending (it was
// reviewed) or another review of it is under way. ErrNotFound for another workspace's.
func (s *Store) ClaimSampleReview(ctx context.Context, workspaceID, id int64, at time.Time) (*SampleRow, bool, error) {
	res, err := s.write.ExecContext(ctx, `UPDATE sample_applications SET review_started_at = $3
		WHERE workspace_id = $1 AND id = $2 AND status = 'pending' AND (review_started_at IS NULL OR review_started_at < $4)`,
		workspaceID, id, at.Unix(), at.Add(-SampleReviewLease).Unix())
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to claim the review of sample application %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to claim the review of sample application %d: %w", id, err)
	}
	row, err := s.SampleApplication(ctx, workspaceID, id)
	if err != nil {
		return nil, false, err
	}
	return row, n == 1, nil
}

// ReleaseSampleReview gives a claimed review up (the platform refused it, or it could not be
// sent), so it can be tried again at once.
func (s *Store) ReleaseSampleReview(ctx context.Context, workspaceID, id int64) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE sample_applications SET review_started_at = NULL
		WHERE workspace_id = $1 AND id = $2`, workspaceID, id); err != nil {
		return fmt.Errorf("store: unable to release the review of sample application %d: %w", id, err)
	}
	return nil
}

// The two review decisions, as creatorops and its API write them.
const (
	SampleDecisionApprove = "approve"
	SampleDecisionReject  = "reject"
)

// FinishSampleReview records a review the platform accepted: the application's new status,
// who reviewed it and when, the reason of a rejection, a timeline event of its creator and an
// audit entry, in one transaction; the claim is released.
func (s *Store) FinishSampleReview(ctx context.Context, a Actor, workspaceID, id int64, decision, reason string, at time.Time) (*SampleRow, error) {
	status, platformStatus := SampleApproved, "APPROVED"
	if decision == SampleDecisionReject {
		status, platformStatus = SampleRejected, "REJECTED"
	} else {
		reason = ""
	}
	before, err := s.SampleApplication(ctx, workspaceID, id)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		t := at.Unix()
		if _, err := tx.ExecContext(ctx, `UPDATE sample_applications SET status = $3, platform_status = $4, reviewed_at = $5,
			reviewed_by = $6, reviewed_by_user = $7, reject_reason = $8, review_started_at = NULL, status_changed_at = $5, updated_at = $5
			WHERE workspace_id = $1 AND id = $2`, workspaceID, id, status, platformStatus, t, a.Label, nullID(a.UserID), reason); err != nil {
			return err
		}
		product := before.ProductName
		if product == "" {
			product = "product " + before.ProductID
		}
		body := "sample of " + product + " " + status + " by " + a.Label
		if reason != "" {
			body += ": " + reason
		}
		if before.CreatorID != nil {
			if err := s.appendCreatorEvents(ctx, tx, workspaceID, []CreatorEvent{{CreatorID: *before.CreatorID, Kind: EventSample,
				At: at, Actor: a.Label, UserID: actorUserID(a), From: before.Status, To: status, Body: body, RefID: &id}}); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "sample." + decision, ObjectType: "sample_application",
			ObjectID: fmt.Sprint(id), Summary: fmt.Sprintf("Sample application %s of @%s (%s) %s on TikTok Shop", before.PlatformID,
				before.CreatorHandle, product, status) + map[bool]string{true: ": " + reason, false: ""}[reason != ""],
			Before: map[string]any{"status": before.Status, "platform_status": before.PlatformStatus},
			After:  map[string]any{"status": status, "platform_status": platformStatus, "reject_reason": reason}})
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to record the review of sample application %d: %w", id, err)
	}
	return s.SampleApplication(ctx, workspaceID, id)
}
