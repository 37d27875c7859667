package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// CRMSettings are a workspace's thresholds for the automatic stage moves and the SLA views,
// and the targets the recruitment fit score measures creators against.
type CRMSettings struct {
	// AtRiskDays without an attributed sale move an activated or active creator to at risk;
	// ChurnedDays (more than AtRiskDays) move them on to churned.
	AtRiskDays, ChurnedDays int
	// The SLA views: engaged but not onboarded for EngagedSLADays, activated (or sampled)
	// without a sale for ActivatedSLADays.
	EngagedSLADays, ActivatedSLADays int
	// RecontactDays keeps a creator contacted that recently off the "best next creators to
	// contact" list.
	RecontactDays int
	// The fit score's targets: verticals and regions the brand sells to, and the audience it
	// wants at least.
	TargetVerticals, TargetRegions []string
	TargetMinFollowers             int64
}

// DefaultCRMSettings are a workspace's settings until someone saves them.
func DefaultCRMSettings() CRMSettings {
	return CRMSettings{AtRiskDays: 30, ChurnedDays: 60, EngagedSLADays: 3, ActivatedSLADays: 14, RecontactDays: 14}
}

// SettingError names the setting a value was refused for, and why, so pages and the API can
// say it back to the user.
type SettingError struct {
	Field  string // as forms and the API name it: "at_risk_days"
	Value  string
	Reason string
}

func (e *SettingError) Error() string {
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason)
}

// maxDays bounds every day threshold: ten years is already no threshold at all.
const maxDays = 3650

// Validate checks the settings make sense together; the error is a *SettingError.
func (c *CRMSettings) Validate() error {
	days := []struct {
		field string
		v     int
		min   int
	}{
		{"at_risk_days", c.AtRiskDays, 1}, {"churned_days", c.ChurnedDays, 2},
		{"engaged_sla_days", c.EngagedSLADays, 1}, {"activated_sla_days", c.ActivatedSLADays, 1},
		{"recontact_days", c.RecontactDays, 0},
	}
	for _, d := range days {
		if d.v < d.min || d.v > maxDays {
			return &SettingError{d.field, strconv.Itoa(d.v), fmt.Sprintf("must be a whole number of days from %d to %d", d.min, maxDays)}
		}
	}
	if c.ChurnedDays <= c.AtRiskDays {
		return &SettingError{"churned_days", strconv.Itoa(c.ChurnedDays),
			fmt.Sprintf("must be more than the at-risk threshold (%d days): a creator goes quiet before they churn", c.AtRiskDays)}
	}
	if c.TargetMinFollowers < 0 {
		return &SettingError{"target_min_followers", strconv.FormatInt(c.TargetMinFollowers, 10), "must not be negative"}
	}
	for _, l := range []struct {
		field string
		items []string
	}{{"target_verticals", c.TargetVerticals}, {"target_regions", c.TargetRegions}} {
		if len(l.items) > 50 {
			return &SettingError{l.field, strings.Join(l.items, ", "), "at most 50 entries"}
		}
		for _, it := range l.items {
			if len(it) > 100 {
				return &SettingError{l.field, it, "an entry may have at most 100 characters"}
			}
		}
	}
	return nil
}

// IsSettingError reports whether err is a refused setting.
func IsSettingError(err error) bool {
	var se *SettingError
	return errors.As(err, &se)
}

// CRMSettings returns the workspace's CRM settings, the defaults when none were saved.
func (s *Store) CRMSettings(ctx context.Context, workspaceID int64) (*CRMSettings, error) {
	c := DefaultCRMSettings()
	var verticals, regions string
	err := s.read.QueryRowContext(ctx, `SELECT at_risk_days, churned_days, engaged_sla_days, activated_sla_days,
		recontact_days, target_verticals, target_regions, target_min_followers FROM crm_settings WHERE workspace_id = $1`,
		workspaceID).Scan(&c.AtRiskDays, &c.ChurnedDays, &c.EngagedSLADays, &c.ActivatedSLADays, &c.RecontactDays,
		&verticals, &regions, &c.TargetMinFollowers)
	if errors.Is(err, sql.ErrNoRows) {
		return &c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the CRM settings of workspace %d: %w", workspaceID, err)
	}
	c.TargetVerticals, c.TargetRegions = DecodeList(verticals), DecodeList(regions)
	return &c, nil
}

// SaveCRMSettings validates and stores the workspace's CRM settings, auditing before and after.
func (s *Store) SaveCRMSettings(ctx context.Context, a Actor, workspaceID int64, c CRMSettings) error {
	c.TargetVerticals = DecodeList(EncodeList(c.TargetVerticals))
	c.TargetRegions = DecodeList(EncodeList(c.TargetRegions))
	if err := c.Validate(); err != nil {
		return err
	}
	before, err := s.CRMSettings(ctx, workspaceID)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO crm_settings (workspace_id, at_risk_days, churned_days, engaged_sla_days,
			activated_sla_days, recontact_days, target_verticals, target_regions, target_min_followers, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (workspace_id) DO UPDATE SET at_risk_days = excluded.at_risk_days, churned_days = excluded.churned_days,
			engaged_sla_days = excluded.engaged_sla_days, activated_sla_days = excluded.activated_sla_days,
			recontact_days = excluded.recontact_days, target_verticals = excluded.target_verticals,
			target_regions = excluded.target_regions, target_min_followers = excluded.target_min_followers,
			updated_at = excluded.updated_at`,
			workspaceID, c.AtRiskDays, c.ChurnedDays, c.EngagedSLADays, c.ActivatedSLADays, c.RecontactDays,
			EncodeList(c.TargetVerticals), EncodeList(c.TargetRegions), c.TargetMinFollowers, now())
		if err != nil {
			return fmt.Errorf("store: unable to save the CRM settings: %w", err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "crm.settings", ObjectType: "crm_settings",
			ObjectID: strconv.FormatInt(workspaceID, 10), Summary: "Changed the CRM settings", Before: before, After: c})
	})
}
