package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
)

// QuotaTier is a row of the TikTok weekly first-contact quota table: a shop whose 30-day GMV
// (in the table's currency, minor units) is at least MinGMV gets Quota first contacts a week.
type QuotaTier struct {
	MinGMV int64 `json:"min_gmv"`
	Quota  int   `json:"quota"`
}

// DefaultQuotaTiers are TikTok's published tiers in USD cents: < 1,000 → 50, ≥ 1,000 → 200,
// ≥ 10,000 → 500, ≥ 100,000 → 2,000.
var DefaultQuotaTiers = []QuotaTier{{0, 50}, {100_000, 200}, {1_000_000, 500}, {10_000_000, 2000}}

// OutreachSettings are a workspace's outreach rules. Zero daily caps mean no cap.
type OutreachSettings struct {
	WorkspaceID     int64
	QuotaTiers      []QuotaTier // ascending MinGMV, the first at 0
	QuotaCurrency   string
	Hours           OutreachHours // defaults for new sequences
	TikTokDailyCap  int           // per shop connection per day
	EmailDailyCap   int           // per mailbox per day, on top of the mailbox's own cap
	DiscordDailyCap int
	MaxAttempts     int // sends of one message before it fails
	AttributionDays int // results count GMV this many days after the first message
	UpdatedAt       time.Time
}

// DefaultOutreachSettings are the settings of a workspace that saved none.
func DefaultOutreachSettings(workspaceID int64) *OutreachSettings {
	return &OutreachSettings{WorkspaceID: workspaceID, QuotaTiers: slices.Clone(DefaultQuotaTiers), QuotaCurrency: "USD",
		Hours: DefaultOutreachHours, MaxAttempts: 5, AttributionDays: 30}
}

// DailyCap is the configured per-sender daily cap of a channel (0: none).
func (o *OutreachSettings) DailyCap(channel string) int {
	switch channel {
	case ChannelTikTokIM:
		return o.TikTokDailyCap
	case ChannelEmail:
		return o.EmailDailyCap
	case ChannelDiscord:
		return o.DiscordDailyCap
	}
	return 0
}

func (o *OutreachSettings) validate() error {
	if p := QuotaTierProblems(o.QuotaTiers, o.QuotaCurrency); len(p) > 0 {
		return &FieldError{Field: "quota_tiers", Reason: strings.Join(p, "; ")}
	}
	if len(o.QuotaCurrency) != 3 {
		return &FieldError{Field: "quota_currency", Value: o.QuotaCurrency, Reason: "is not a currency code like USD"}
	}
	if o.TikTokDailyCap < 0 || o.EmailDailyCap < 0 || o.DiscordDailyCap < 0 {
		return &FieldError{Field: "daily_caps", Reason: "a cap cannot be negative"}
	}
	if o.MaxAttempts < 1 || o.MaxAttempts > 50 {
		return &FieldError{Field: "max_attempts", Reason: "attempts are from 1 to 50"}
	}
	if o.AttributionDays < 1 || o.AttributionDays > 365 {
		return &FieldError{Field: "attribution_days", Reason: "the attribution window is from 1 to 365 days"}
	}
	return o.Hours.validate()
}

// MinQuota is the smallest weekly first-contact quota a tier may have. A 0 is refused rather
// than read as "send no first contacts": on the same settings page a daily cap of 0 means "no
// cap", so 0 would read both ways; TikTok's lowest tier is 50, so a 0 describes no real shop;
// and outreach is stopped by pausing its sequences (or enrollments, or a mailbox), which says
// so, where a 0 quota would leave every enrollment waiting on "weekly first-contact quota
// reached".
const MinQuota = 1

// QuotaTierProblems lists what is wrong with a weekly first-contact quota table, one message
// per problem naming the row (counted from 1) and its value; none for a good table. The rules,
// shared by the settings page (outreach.ValidateTiers) and SaveOutreachSettings: at least one
// row; the first starts at a minimum GMV of 0 so every shop has a quota; minimums rise
// strictly (rows are not re-sorted: a table is saved as entered); quotas are at least MinQuota.
// Minimums are named as amounts of currency (the table's quota currency), as the page shows
// them: "$100.00", not the 10000 minor units stored.
func QuotaTierProblems(tiers []QuotaTier, currency string) []string {
	money := func(minor int64) string {
		cur, ok := intl.LookupCurrency(currency)
		if !ok {
			return strconv.FormatInt(minor, 10)
		}
		return intl.FormatAmount(minor, cur, intl.DefaultLocale(cur.Code))
	}
	if len(tiers) == 0 {
		return []string{"add at least one row (minimum GMV 0)"}
	}
	var out []string
	if tiers[0].MinGMV != 0 {
		out = append(out, fmt.Sprintf("row 1 starts at a minimum GMV of %s; the first row must start at 0 so every shop has a quota", money(tiers[0].MinGMV)))
	}
	for i, t := range tiers {
		if t.Quota < MinQuota {
			out = append(out, fmt.Sprintf("row %d has a quota of %d; a quota must be at least %d (TikTok's lowest tier is 50): to stop first contacts, pause the sequences instead", i+1, t.Quota, MinQuota))
		}
		if i > 0 && t.MinGMV <= tiers[i-1].MinGMV {
			out = append(out, fmt.Sprintf("row %d's minimum GMV %s is not above row %d's %s; sort the rows by minimum GMV, each higher than the last", i+1, money(t.MinGMV), i, money(tiers[i-1].MinGMV)))
		}
	}
	return out
}

// OutreachSettings returns the workspace's settings, or the defaults when it saved none.
func (s *Store) OutreachSettings(ctx context.Context, workspaceID int64) (*OutreachSettings, error) {
	o, err := s.outreachSettingsIn(ctx, s.read, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the outreach settings: %w", err)
	}
	return o, nil
}

func (s *Store) outreachSettingsIn(ctx context.Context, db querier, workspaceID int64) (*OutreachSettings, error) {
	o := DefaultOutreachSettings(workspaceID)
	var tiers string
	var at int64
	h := &o.Hours
	err := db.QueryRowContext(ctx, `SELECT quota_tiers, quota_currency, quiet_start, quiet_end, business_start, business_end, business_days,
		tiktok_daily_cap, email_daily_cap, discord_daily_cap, max_attempts, attribution_days, updated_at
		FROM outreach_settings WHERE workspace_id = $1`, workspaceID).Scan(&tiers, &o.QuotaCurrency, &h.QuietStart, &h.QuietEnd,
		&h.BusinessStart, &h.BusinessEnd, &h.BusinessDays, &o.TikTokDailyCap, &o.EmailDailyCap, &o.DiscordDailyCap,
		&o.MaxAttempts, &o.AttributionDays, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return o, nil
	}
	if err != nil {
		return nil, err
	}
	if tiers != "" {
		var ts []QuotaTier
		if json.Unmarshal([]byte(tiers), &ts) == nil && len(ts) > 0 {
			o.QuotaTiers = ts
		}
	}
	o.UpdatedAt = unixUTC(at)
	return o, nil
}

// SaveOutreachSettings saves o for o.WorkspaceID.
func (s *Store) SaveOutreachSettings(ctx context.Context, a Actor, o *OutreachSettings) error {
	if err := o.validate(); err != nil {
		return err
	}
	tiers, _ := json.Marshal(o.QuotaTiers)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.outreachSettingsIn(ctx, tx, o.WorkspaceID)
		if err != nil {
			return err
		}
		h := o.Hours
		if _, err := tx.ExecContext(ctx, `INSERT INTO outreach_settings (workspace_id, quota_tiers, quota_currency, quiet_start, quiet_end,
			business_start, business_end, business_days, tiktok_daily_cap, email_daily_cap, discord_daily_cap, max_attempts, attribution_days, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (workspace_id) DO UPDATE SET quota_tiers = excluded.quota_tiers, quota_currency = excluded.quota_currency,
			quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, business_start = excluded.business_start,
			business_end = excluded.business_end, business_days = excluded.business_days, tiktok_daily_cap = excluded.tiktok_daily_cap,
			email_daily_cap = excluded.email_daily_cap, discord_daily_cap = excluded.discord_daily_cap, max_attempts = excluded.max_attempts,
			attribution_days = excluded.attribution_days, updated_at = excluded.updated_at`,
			o.WorkspaceID, string(tiers), o.QuotaCurrency, h.QuietStart, h.QuietEnd, h.BusinessStart, h.BusinessEnd, h.BusinessDays,
			o.TikTokDailyCap, o.EmailDailyCap, o.DiscordDailyCap, o.MaxAttempts, o.AttributionDays, now()); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: o.WorkspaceID, Action: "outreach.settings", ObjectType: "outreach_settings",
			ObjectID: fmt.Sprint(o.WorkspaceID), Summary: "outreach settings saved", Before: before, After: o})
	})
	if err != nil {
		return fmt.Errorf("store: unable to save the outreach settings: %w", err)
	}
	return nil
}
