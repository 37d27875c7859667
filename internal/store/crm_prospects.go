package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// ProspectQuery asks for a page of the best next creators to contact.
type ProspectQuery struct {
	// RecontactDays leaves out creators contacted less than this many days before Now.
	RecontactDays int
	Now           time.Time
	After         *ProspectKey // the last row of the previous page; nil for the first
	Limit         int          // default 50
}

// ProspectKey is a position in the list: by score, highest first, then by id.
type ProspectKey struct {
	Score int
	ID    int64
}

// ProspectRow is one creator of the list.
type ProspectRow struct {
	ID                    int64
	Username, DisplayName string
	Region                string
	Verticals             []string
	Followers             *int64
	Stage                 model.Stage
	Score                 int
	ScoreParts            string
	LastContactedAt       *time.Time
	OwnerEmail            string
}

// BestProspects lists the workspace's creators worth contacting next, best fit score first:
// prospects, and contacted creators whose last message is older than RecontactDays (a
// contacted creator never messaged through creatorops counts from when it was moved there).
// Do-not-contact, banned, merged creators and every creator past "contacted" are left out,
// and so is anyone contacted within RecontactDays.
func (s *Store) BestProspects(ctx context.Context, workspaceID int64, q ProspectQuery) ([]ProspectRow, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	cut := q.Now.AddDate(0, 0, -q.RecontactDays).Unix()
	after := ProspectKey{Score: 1 << 30}
	if q.After != nil {
		after = *q.After
	}
	rows, err := s.read.QueryContext(ctx, `SELECT c.id, c.username, c.display_name, c.region, c.verticals, c.followers,
		c.stage, c.score, c.score_parts, c.last_contacted_at, COALESCE(u.email, '')
		FROM creators c LEFT JOIN users u ON u.id = c.owner_id
		WHERE c.workspace_id = $1 AND c.merged_into IS NULL AND c.stage IN ('prospect', 'contacted')
		AND COALESCE(c.last_contacted_at, CASE WHEN c.stage = 'contacted' THEN c.stage_since ELSE 0 END) < $2
		AND (c.score < $3 OR (c.score = $3 AND c.id > $4))
		ORDER BY c.score DESC, c.id LIMIT $5`, workspaceID, cut, after.Score, after.ID, q.Limit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the best prospects of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	var out []ProspectRow
	for rows.Next() {
		var p ProspectRow
		var verticals, stage string
		var followers, contacted sql.NullInt64
		if err := rows.Scan(&p.ID, &p.Username, &p.DisplayName, &p.Region, &verticals, &followers, &stage, &p.Score,
			&p.ScoreParts, &contacted, &p.OwnerEmail); err != nil {
			return nil, fmt.Errorf("store: unable to list the best prospects of workspace %d: %w", workspaceID, err)
		}
		p.Verticals, p.Followers, p.Stage, p.LastContactedAt = DecodeList(verticals), optInt(followers), model.Stage(stage), optTime(contacted)
		out = append(out, p)
	}
	return out, rows.Err()
}

// MainCurrency is the currency the workspace's precomputed sales and tier rules are in: the
// one with the most lifetime GMV, else its first shop's, else "".
func (s *Store) MainCurrency(ctx context.Context, workspaceID int64) (string, error) {
	return s.mainCurrency(ctx, workspaceID)
}

// LastCRMRefresh is the audit entry of the workspace's last CRM refresh that changed
// something, or nil.
func (s *Store) LastCRMRefresh(ctx context.Context, workspaceID int64) (*AuditRecord, error) {
	log, err := s.AuditLog(ctx, workspaceID, AuditQuery{Action: "crm.refresh", Limit: 1})
	if err != nil || len(log) == 0 {
		return nil, err
	}
	return &log[0], nil
}
