package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SampleRow is a sample application as the list, the creator page and the API show it.
type SampleRow struct {
	ID             int64
	ConnectionID   int64
	ShopName       string // the connection's shop on the platform
	PlatformID     string
	CreatorID      *int64 // the CRM creator (the one it was merged into, if merged)
	CreatorHandle  string // the creator's handle in the CRM, else as the platform wrote it
	CreatorUserID  string
	ProductID      string
	ProductName    string // "" when the product is not in the connection's shop yet
	SKUID          string
	Status         string // normalized (SamplePending…)
	PlatformStatus string
	// CommissionRateBP is the rate the creator applied with; nil when the platform gave none.
	CommissionRateBP *int64
	RequestedAt      time.Time
	ReviewedAt       *time.Time
	ReviewedBy       string
	RejectReason     string
	ReviewStartedAt  *time.Time // a review is being sent to the platform
	StatusChangedAt  time.Time
	ShippedAt        *time.Time
	DeliveredAt      *time.Time
	ContentPostedAt  *time.Time
	Raw              string
	FirstSeenAt      time.Time
	UpdatedAt        time.Time
}

// Key is the row's place in the list.
func (r *SampleRow) Key() SampleKey { return SampleKey{RequestedAt: r.RequestedAt.Unix(), ID: r.ID} }

// SampleKey is a position in the list: newest request first, then by id.
type SampleKey struct {
	RequestedAt int64
	ID          int64
}

// String writes the key for a cursor.
func (k SampleKey) String() string {
	return strconv.FormatInt(k.RequestedAt, 10) + "." + strconv.FormatInt(k.ID, 10)
}

// ParseSampleKey reads a key written by String.
func ParseSampleKey(s string) (SampleKey, bool) {
	a, b, ok := strings.Cut(s, ".")
	if !ok {
		return SampleKey{}, false
	}
	at, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return SampleKey{}, false
	}
	return SampleKey{RequestedAt: at, ID: id}, true
}

// SampleQuery asks for a page of a workspace's sample applications, newest request first.
type SampleQuery struct {
	Status    string // a normalized status; "" for any
	ProductID string // the platform's product id; "" for any
	Creator   string // part of the creator's handle; "" for any
	CreatorID int64  // one CRM creator (and those merged into it); 0 for any
	From, To  time.Time
	After     *SampleKey // the last row of the previous page
	Limit     int        // default 50
}

const sampleColumns = `sa.id, sa.connection_id, cn.shop_name, sa.platform_id, COALESCE(c.merged_into, c.id),
	COALESCE(c.username, sa.creator_username), sa.creator_user_id, sa.product_id, COALESCE(p.name, ''), sa.sku_id, sa.status,
	sa.platform_status, sa.commission_rate_bp, sa.requested_at, sa.reviewed_at, sa.reviewed_by, sa.reject_reason,
	sa.review_started_at, sa.status_changed_at, sa.shipped_at, sa.delivered_at, sa.content_posted_at, sa.raw,
	sa.first_seen_at, sa.updated_at`

const sampleFrom = ` FROM sample_applications sa JOIN connections cn ON cn.id = sa.connection_id
	LEFT JOIN creators c ON c.id = sa.creator_id
	LEFT JOIN products p ON p.shop_id = cn.shop_id AND p.platform_product_id = sa.product_id`

func scanSample(row interface{ Scan(...any) error }) (*SampleRow, error) {
	var r SampleRow
	var creator, rate, reviewed, started, shipped, delivered, posted sql.NullInt64
	var requested, changed, first, updated int64
	if err := row.Scan(&r.ID, &r.ConnectionID, &r.ShopName, &r.PlatformID, &creator, &r.CreatorHandle, &r.CreatorUserID,
		&r.ProductID, &r.ProductName, &r.SKUID, &r.Status, &r.PlatformStatus, &rate, &requested, &reviewed, &r.ReviewedBy,
		&r.RejectReason, &started, &changed, &shipped, &delivered, &posted, &r.Raw, &first, &updated); err != nil {
		return nil, err
	}
	if creator.Valid {
		r.CreatorID = &creator.Int64
	}
	if rate.Valid {
		r.CommissionRateBP = &rate.Int64
	}
	r.RequestedAt, r.StatusChangedAt = time.Unix(requested, 0).UTC(), time.Unix(changed, 0).UTC()
	r.FirstSeenAt, r.UpdatedAt = time.Unix(first, 0).UTC(), time.Unix(updated, 0).UTC()
	r.ReviewedAt, r.ReviewStartedAt = optTime(reviewed), optTime(started)
	r.ShippedAt, r.DeliveredAt, r.ContentPostedAt = optTime(shipped), optTime(delivered), optTime(posted)
	return &r, nil
}

// SampleApplications returns a page of the workspace's sample applications matching q, and
// whether more follow.
func (s *Store) SampleApplications(ctx context.Context, workspaceID int64, q SampleQuery) ([]SampleRow, bool, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	where := []string{"sa.workspace_id = $1"}
	args := []any{workspaceID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if q.Status != "" {
		where = append(where, "sa.status = "+arg(q.Status))
	}
	if q.ProductID != "" {
		where = append(where, "sa.product_id = "+arg(q.ProductID))
	}
	if q.Creator != "" {
		p := arg("%" + likeEscape(strings.ToLower(strings.TrimPrefix(q.Creator, "@"))) + "%")
		where = append(where, "(lower(sa.creator_username) LIKE "+p+` ESCAPE '\' OR lower(c.username) LIKE `+p+` ESCAPE '\')`)
	}
	if q.CreatorID != 0 {
		where = append(where, "sa.creator_id IN (SELECT id FROM creators WHERE workspace_id = $1 AND (id = "+arg(q.CreatorID)+
			" OR merged_into = "+arg(q.CreatorID)+"))")
	}
	if !q.From.IsZero() {
		where = append(where, "sa.requested_at >= "+arg(q.From.Unix()))
	}
	if !q.To.IsZero() {
		where = append(where, "sa.requested_at < "+arg(q.To.Unix()))
	}
	if q.After != nil {
		at, id := arg(q.After.RequestedAt), arg(q.After.ID)
		where = append(where, "(sa.requested_at < "+at+" OR (sa.requested_at = "+at+" AND sa.id < "+id+"))")
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+sampleColumns+sampleFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY sa.requested_at DESC, sa.id DESC LIMIT `+arg(q.Limit+1), args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to list the sample applications of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	var out []SampleRow
	for rows.Next() {
		r, err := scanSample(rows)
		if err != nil {
			return nil, false, fmt.Errorf("store: unable to list the sample applications of workspace %d: %w", workspaceID, err)
		}
		out = append(out, *r)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: unable to list the sample applications of workspace %d: %w", workspaceID, err)
	}
	more := len(out) > q.Limit
	if more {
		out = out[:q.Limit]
	}
	return out, more, nil
}

// SampleApplication returns one of the workspace's sample applications by id; ErrNotFound
// for another workspace's.
func (s *Store) SampleApplication(ctx context.Context, workspaceID, id int64) (*SampleRow, error) {
	r, err := scanSample(s.read.QueryRowContext(ctx, `SELECT `+sampleColumns+sampleFrom+
		` WHERE sa.workspace_id = $1 AND sa.id = $2`, workspaceID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch sample application %d: %w", id, err)
	}
	return r, nil
}

// SampleStatusCount is how many of a workspace's applications are in a normalized status.
type SampleStatusCount struct {
	Status string
	Count  int64
}

// SampleStatusCounts counts the workspace's applications by normalized status, in the order
// of SampleStatuses; statuses without applications are left out.
func (s *Store) SampleStatusCounts(ctx context.Context, workspaceID int64) ([]SampleStatusCount, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT status, COUNT(*) FROM sample_applications WHERE workspace_id = $1 GROUP BY status`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count the sample applications of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	m := map[string]int64{}
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: unable to count the sample applications of workspace %d: %w", workspaceID, err)
		}
		m[st] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to count the sample applications of workspace %d: %w", workspaceID, err)
	}
	var out []SampleStatusCount
	for _, st := range SampleStatuses {
		if m[st] > 0 {
			out = append(out, SampleStatusCount{Status: st, Count: m[st]})
		}
	}
	return out, nil
}

// SampleProduct is a product creators asked samples of.
type SampleProduct struct {
	ProductID, Name string
}

// SampleProducts lists the products of the workspace's applications (at most 500, by name
// then id), for the list's product filter.
func (s *Store) SampleProducts(ctx context.Context, workspaceID int64) ([]SampleProduct, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT sa.product_id, MAX(COALESCE(p.name, '')) FROM sample_applications sa
		JOIN connections cn ON cn.id = sa.connection_id
		LEFT JOIN products p ON p.shop_id = cn.shop_id AND p.platform_product_id = sa.product_id
		WHERE sa.workspace_id = $1 AND sa.product_id <> '' GROUP BY sa.product_id ORDER BY 2, 1 LIMIT 500`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the sampled products of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	var out []SampleProduct
	for rows.Next() {
		var p SampleProduct
		if err := rows.Scan(&p.ProductID, &p.Name); err != nil {
			return nil, fmt.Errorf("store: unable to list the sampled products of workspace %d: %w", workspaceID, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
