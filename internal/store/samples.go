package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// SampleSyncResource names the sample applications sync in sync_state.
const SampleSyncResource = "samples"

// SourceSampleApplication is the source of creators first met through a sample application.
const SourceSampleApplication = "tiktok_sample_application"

// Normalized sample application statuses: what the list filters on, whatever the platform
// calls its states. SampleOther keeps a state creatorops does not know (platform_status has it).
const (
	SamplePending       = "pending"
	SampleApproved      = "approved"
	SampleRejected      = "rejected"
	SampleShipped       = "shipped"
	SampleDelivered     = "delivered"
	SampleContentPosted = "content_posted"
	SampleCompleted     = "completed"
	SampleCancelled     = "cancelled"
	SampleOther         = "other"
)

// SampleStatuses lists the normalized statuses in the order of an application's life.
var SampleStatuses = []string{SamplePending, SampleApproved, SampleRejected, SampleShipped, SampleDelivered,
	SampleContentPosted, SampleCompleted, SampleCancelled, SampleOther}

// SampleStatusLabel is a normalized status as people read it.
func SampleStatusLabel(status string) string {
	if status == SampleContentPosted {
		return "content posted"
	}
	return status
}

// NormalizeSampleStatus maps the platform's status of an application to a normalized one.
// The platform's names vary by API version and region (PENDING, PENDING_REVIEW, TO_SHIP,
// IN_TRANSIT, FULFILLED…): the words in them decide, and an unknown one is SampleOther.
func NormalizeSampleStatus(platform string) string {
	p := strings.ToUpper(strings.TrimSpace(platform))
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(p, w) {
				return true
			}
		}
		return false
	}
	switch {
	case p == "":
		return SampleOther
	case has("REJECT", "DECLINE", "REFUSE"):
		return SampleRejected
	case has("CANCEL", "EXPIRE", "CLOSE", "INVALID"):
		return SampleCancelled
	case has("CONTENT", "POSTED", "FULFILL"):
		return SampleContentPosted
	case has("COMPLETE", "FINISH"):
		return SampleCompleted
	case has("DELIVER", "RECEIVE", "SIGNED"):
		return SampleDelivered
	case has("SHIPPED", "SHIPPING", "TRANSIT", "DISPATCH"):
		return SampleShipped
	case has("APPROVE", "ACCEPT", "TO_SHIP", "AWAITING_SHIPMENT", "READY"):
		return SampleApproved
	case has("PENDING", "REVIEW", "APPLIED", "WAITING", "NEW"):
		return SamplePending
	}
	return SampleOther
}

// SampleSync is one application as a sync read it from the platform.
type SampleSync struct {
	PlatformID       string
	Status           string // the platform's
	CreatorUserID    string
	CreatorUsername  string
	ProductID, SKUID string
	CommissionRateBP int64 // 0 when the platform gave none
	RequestedAt      time.Time
	Raw              []byte // the application's JSON as sent; nil for {}
}

// SampleCounts counts what a sync stored.
type SampleCounts struct {
	New       int `json:"new"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
	Rejected  int `json:"rejected"`  // applications the platform sent that could not be read
	Prospects int `json:"prospects"` // creators added to the CRM by their first application
}

// Add returns the sum of c and d.
func (c SampleCounts) Add(d SampleCounts) SampleCounts {
	return SampleCounts{New: c.New + d.New, Changed: c.Changed + d.Changed, Unchanged: c.Unchanged + d.Unchanged,
		Rejected: c.Rejected + d.Rejected, Prospects: c.Prospects + d.Prospects}
}

// Wrote reports whether anything was stored.
func (c SampleCounts) Wrote() bool { return c.New+c.Changed+c.Prospects > 0 }

// SamplePage is one page of a connection's sample applications sync.
type SamplePage struct {
	Apps     []SampleSync
	Rejected int    // applications of the page that could not be read
	Next     string // the token of the next page; "" on the last page, which completes the run
	// Before is what the attempt stored before this page: the last page's transaction writes
	// the run's one audit entry with the whole attempt's counts.
	Before SampleCounts
	At     time.Time
}

// StoreSamplePage stores a page of a connection's sample applications in one transaction with
// the page token of the next page (RecordSyncPageTx), so a run killed mid-way resumes after
// its last stored page and a page stored twice is all unchanged. Creators are found by the
// platform's user id, then by handle; one not in the CRM is added as a prospect. Each new
// application and each change of its normalized status is a timeline event of its creator,
// and creators.sample_requested_at moves to the latest request (the outreach engine stops a
// sequence on it). The last page completes the run and writes its summary audit entry when
// the attempt stored anything. The run must have been started (StartSyncRun).
func (s *Store) StoreSamplePage(ctx context.Context, a Actor, conn *Connection, p SamplePage) (SampleCounts, error) {
	counts := SampleCounts{Rejected: p.Rejected}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		counts = SampleCounts{Rejected: p.Rejected}
		w := &sampleWriter{s: s, tx: tx, ctx: ctx, a: a, conn: conn, at: p.At, products: map[string]string{},
			creators: map[string]int64{}, created: map[string]int64{}}
		if err := w.load(p.Apps); err != nil {
			return err
		}
		for i := range p.Apps {
			if err := w.upsert(&p.Apps[i], &counts); err != nil {
				return err
			}
		}
		if err := s.addToDirectory(ctx, tx, conn.WorkspaceID, w.created); err != nil {
			return err
		}
		if err := s.appendCreatorEvents(ctx, tx, conn.WorkspaceID, w.events); err != nil {
			return err
		}
		if err := s.RecordSyncPageTx(ctx, tx, conn.ID, SampleSyncResource, p.Next, int64(len(p.Apps)+p.Rejected)); err != nil {
			return err
		}
		if p.Next != "" {
			return nil
		}
		if err := s.FinishSyncRunTx(ctx, tx, conn.ID, SampleSyncResource, p.At); err != nil {
			return err
		}
		if total := p.Before.Add(counts); total.Wrote() {
			return auditSampleSync(ctx, tx, a, conn, total, "")
		}
		return nil
	})
	if err != nil {
		return SampleCounts{}, fmt.Errorf("store: unable to store the sample applications of connection %d: %w", conn.ID, err)
	}
	return counts, nil
}

// AuditFailedSampleSync records the summary of a sync attempt that failed after storing
// pages (those stay; the next attempt resumes after them): what they changed, and why the
// attempt stopped. Nothing is recorded when the stored pages changed nothing.
func (s *Store) AuditFailedSampleSync(ctx context.Context, a Actor, conn *Connection, stored SampleCounts, cause error) error {
	if !stored.Wrote() {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return auditSampleSync(ctx, tx, a, conn, stored, cause.Error())
	})
}

func auditSampleSync(ctx context.Context, tx *sql.Tx, a Actor, conn *Connection, c SampleCounts, failure string) error {
	summary := fmt.Sprintf("TikTok Shop sample applications sync of %s: %d new, %d changed, %d unchanged, %d unreadable; %d prospects added",
		conn.ShopName, c.New, c.Changed, c.Unchanged, c.Rejected, c.Prospects)
	if failure != "" {
		summary += "; stopped: " + failure
	}
	return audit(ctx, tx, a, AuditEntry{WorkspaceID: conn.WorkspaceID, Action: "sample.sync", ObjectType: "connection",
		ObjectID: fmt.Sprint(conn.ID), Summary: summary, After: c})
}

// sampleWriter stores one page's applications.
type sampleWriter struct {
	s        *Store
	tx       *sql.Tx
	ctx      context.Context
	a        Actor
	conn     *Connection
	at       time.Time
	existing map[string]*storedSample // the page's applications already stored, by platform id
	products map[string]string        // product id → name ("" when unknown)
	creators map[string]int64         // "id:<user id>" or "@<handle>" → creator, within the page
	created  map[string]int64         // handle → creator created by this page
	events   []CreatorEvent
}

// storedSample is what an upsert compares with.
type storedSample struct {
	id                                               int64
	creatorID                                        sql.NullInt64
	creatorUserID, creatorUsername, productID, skuID string
	status, platformStatus                           string
	rate                                             sql.NullInt64
	requestedAt                                      int64
	raw                                              string
}

// load reads the page's applications already stored, in one query: a run reads every
// application of the shop, and most are unchanged.
func (w *sampleWriter) load(apps []SampleSync) error {
	w.existing = make(map[string]*storedSample, len(apps))
	if len(apps) == 0 {
		return nil
	}
	ids := make([]string, len(apps))
	for i := range apps {
		ids[i] = apps[i].PlatformID
	}
	cond, args := w.s.inClause("platform_id", 2, ids)
	rows, err := w.tx.QueryContext(w.ctx, `SELECT id, platform_id, creator_id, creator_user_id, creator_username, product_id, sku_id,
		status, platform_status, commission_rate_bp, requested_at, raw FROM sample_applications WHERE connection_id = $1 AND `+cond,
		append([]any{w.conn.ID}, args...)...)
	if err != nil {
		return fmt.Errorf("reading the stored applications: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var old storedSample
		var platformID string
		if err := rows.Scan(&old.id, &platformID, &old.creatorID, &old.creatorUserID, &old.creatorUsername, &old.productID,
			&old.skuID, &old.status, &old.platformStatus, &old.rate, &old.requestedAt, &old.raw); err != nil {
			return fmt.Errorf("reading the stored applications: %w", err)
		}
		w.existing[platformID] = &old
	}
	return rows.Err()
}

func (w *sampleWriter) upsert(app *SampleSync, counts *SampleCounts) error {
	ctx, tx, ws := w.ctx, w.tx, w.conn.WorkspaceID
	old, stored := w.existing[app.PlatformID]
	var creatorID *int64
	if stored && old.creatorID.Valid && old.creatorUserID == app.CreatorUserID && old.creatorUsername == app.CreatorUsername {
		// Found when first stored; a merge since is followed when the application is read.
		creatorID = &old.creatorID.Int64
	} else {
		var err error
		if creatorID, err = w.creator(app, counts); err != nil {
			return err
		}
	}
	status := NormalizeSampleStatus(app.Status)
	raw := string(app.Raw)
	if raw == "" {
		raw = "{}"
	}
	var rate any
	if app.CommissionRateBP > 0 {
		rate = app.CommissionRateBP
	}
	requested, at := app.RequestedAt.Unix(), w.at.Unix()
	if app.RequestedAt.IsZero() {
		requested = at
	}
	touched := true // the creator's sample_requested_at may need to move
	switch {
	case !stored:
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO sample_applications (workspace_id, connection_id, platform_id, creator_id,
			creator_user_id, creator_username, product_id, sku_id, status, platform_status, commission_rate_bp, requested_at,
			status_changed_at, shipped_at, delivered_at, content_posted_at, raw, first_seen_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $13, $13) RETURNING id`,
			ws, w.conn.ID, app.PlatformID, nullInt(creatorID), app.CreatorUserID, app.CreatorUsername, app.ProductID, app.SKUID,
			status, app.Status, rate, requested, at, milestone(status, SampleShipped, at), milestone(status, SampleDelivered, at),
			milestone(status, SampleContentPosted, at), raw).Scan(&id)
		if err != nil {
			return fmt.Errorf("inserting application %s: %w", app.PlatformID, err)
		}
		counts.New++
		if creatorID != nil {
			body, err := w.requestBody(app.ProductID)
			if err != nil {
				return err
			}
			if status != SamplePending {
				body += " (" + SampleStatusLabel(status) + " when first synced)"
			}
			w.events = append(w.events, CreatorEvent{CreatorID: *creatorID, Kind: EventSample, At: time.Unix(requested, 0),
				Actor: w.a.Label, To: status, Body: body, RefID: &id})
		}
		w.existing[app.PlatformID] = &storedSample{id: id, creatorID: sql.NullInt64{Int64: derefOr(creatorID), Valid: creatorID != nil},
			creatorUserID: app.CreatorUserID, creatorUsername: app.CreatorUsername, productID: app.ProductID, skuID: app.SKUID,
			status: status, platformStatus: app.Status, rate: sql.NullInt64{Int64: app.CommissionRateBP, Valid: app.CommissionRateBP > 0},
			requestedAt: requested, raw: raw}
	default:
		sameCreator := (creatorID == nil && !old.creatorID.Valid) || (creatorID != nil && old.creatorID.Valid && *creatorID == old.creatorID.Int64)
		if sameCreator && old.creatorUserID == app.CreatorUserID && old.creatorUsername == app.CreatorUsername &&
			old.productID == app.ProductID && old.skuID == app.SKUID && old.platformStatus == app.Status &&
			old.rate.Int64 == app.CommissionRateBP && old.requestedAt == requested && old.raw == raw {
			counts.Unchanged++
			touched = false
			break
		}
		moved := status != old.status
		q := `UPDATE sample_applications SET creator_id = $2, creator_user_id = $3, creator_username = $4, product_id = $5,
			sku_id = $6, platform_status = $7, commission_rate_bp = $8, requested_at = $9, raw = $10, updated_at = $11`
		args := []any{old.id, nullInt(creatorID), app.CreatorUserID, app.CreatorUsername, app.ProductID, app.SKUID, app.Status,
			rate, requested, raw, at}
		if moved {
			q += `, status = $12, status_changed_at = $11, review_started_at = NULL,
				shipped_at = COALESCE(shipped_at, $13), delivered_at = COALESCE(delivered_at, $14),
				content_posted_at = COALESCE(content_posted_at, $15)`
			args = append(args, status, milestone(status, SampleShipped, at), milestone(status, SampleDelivered, at),
				milestone(status, SampleContentPosted, at))
		}
		if _, err := tx.ExecContext(ctx, q+` WHERE id = $1`, args...); err != nil {
			return fmt.Errorf("updating application %s: %w", app.PlatformID, err)
		}
		counts.Changed++
		if moved && creatorID != nil {
			name, err := w.productName(app.ProductID)
			if err != nil {
				return err
			}
			w.events = append(w.events, CreatorEvent{CreatorID: *creatorID, Kind: EventSample, At: w.at, Actor: w.a.Label,
				From: old.status, To: status, Body: "sample of " + name + " " + SampleStatusLabel(status) + " on TikTok Shop", RefID: &old.id})
		}
	}
	if creatorID != nil && touched {
		// The outreach engine stops a creator's sequence once they asked for a sample.
		if _, err := tx.ExecContext(ctx, `UPDATE creators SET sample_requested_at = $2
			WHERE id = $1 AND (sample_requested_at IS NULL OR sample_requested_at < $2)`, *creatorID, requested); err != nil {
			return fmt.Errorf("recording the sample request of creator %d: %w", *creatorID, err)
		}
	}
	return nil
}

func derefOr(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// milestone is at when status is the milestone's, else NULL.
func milestone(status, of string, at int64) any {
	if status == of {
		return at
	}
	return nil
}

// requestBody is the timeline line of a new application.
func (w *sampleWriter) requestBody(productID string) (string, error) {
	name, err := w.productName(productID)
	return "requested a sample of " + name, err
}

// productName is the product's name in the connection's shop, or "product <id>".
func (w *sampleWriter) productName(id string) (string, error) {
	if id == "" {
		return "a product", nil
	}
	name, ok := w.products[id]
	if !ok && w.conn.ShopID != nil {
		err := w.tx.QueryRowContext(w.ctx, `SELECT name FROM products WHERE shop_id = $1 AND platform_product_id = $2`,
			*w.conn.ShopID, id).Scan(&name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("reading product %s: %w", id, err)
		}
		w.products[id] = name
	}
	if name == "" {
		return "product " + id, nil
	}
	return name, nil
}

// creator finds the application's creator by the platform's user id, then by handle, and
// adds one the CRM does not know as a prospect. nil when the platform named nobody.
func (w *sampleWriter) creator(app *SampleSync, counts *SampleCounts) (*int64, error) {
	ctx, tx, ws := w.ctx, w.tx, w.conn.WorkspaceID
	platform := AccountPlatform(model.PlatformTikTokShop)
	handle := model.CanonicalHandle(app.CreatorUsername)
	if id, ok := w.creators["id:"+app.CreatorUserID]; ok && app.CreatorUserID != "" {
		return &id, nil
	}
	if id, ok := w.creators["@"+handle]; ok && handle != "" {
		return &id, nil
	}
	var id int64
	found := false
	if app.CreatorUserID != "" {
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(c.merged_into, c.id) FROM creator_accounts ca JOIN creators c ON c.id = ca.creator_id
			WHERE ca.workspace_id = $1 AND ca.platform = $2 AND ca.external_id = $3 ORDER BY ca.id LIMIT 1`,
			ws, platform, app.CreatorUserID).Scan(&id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("finding creator %s: %w", app.CreatorUserID, err)
		}
		found = err == nil
	}
	if !found && handle != "" {
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(c.merged_into, c.id) FROM creator_accounts ca JOIN creators c ON c.id = ca.creator_id
			WHERE ca.workspace_id = $1 AND ca.platform = $2 AND ca.handle = $3`, ws, platform, handle).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			t := w.at.Unix()
			if id, err = w.s.createCreatorWithAccount(ctx, tx, ws, platform, handle, SourceSampleApplication); err != nil {
				return nil, err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE creators SET stage_since = $2 WHERE id = $1`, id, t); err != nil {
				return nil, fmt.Errorf("creating creator %q: %w", handle, err)
			}
			w.created[handle] = id
			w.events = append(w.events, CreatorEvent{CreatorID: id, Kind: EventStage, At: w.at, Actor: w.a.Label,
				To: string(model.StageProspect), Body: "asked for a free sample on TikTok Shop"})
			counts.Prospects++
		case err != nil:
			return nil, fmt.Errorf("finding creator @%s: %w", handle, err)
		}
		if app.CreatorUserID != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE creator_accounts SET external_id = $4
				WHERE workspace_id = $1 AND platform = $2 AND handle = $3 AND external_id = ''`,
				ws, platform, handle, app.CreatorUserID); err != nil {
				return nil, fmt.Errorf("recording the platform id of @%s: %w", handle, err)
			}
		}
		found = true
	}
	if !found {
		return nil, nil
	}
	if app.CreatorUserID != "" {
		w.creators["id:"+app.CreatorUserID] = id
	}
	if handle != "" {
		w.creators["@"+handle] = id
	}
	return &id, nil
}
