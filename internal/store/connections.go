package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// Connection statuses.
const (
	// ConnectionActive is a connection whose tokens work (as far as creatorops knows).
	ConnectionActive = "active"
	// ConnectionNeedsReauth is a connection the platform refused to refresh: the seller must
	// authorize again. Its syncs stop until then.
	ConnectionNeedsReauth = "needs_reauth"
	// ConnectionDisconnected is a connection a user ended; its tokens are wiped.
	ConnectionDisconnected = "disconnected"
)

// ErrConnectedElsewhere is returned when a platform shop is already connected to another
// workspace: syncing one shop into two workspaces would split its history between them.
var ErrConnectedElsewhere = errors.New("this shop is already connected to another creatorops workspace: disconnect it there first")

// Connection is a workspace's grant for one platform shop. The token fields hold values
// sealed by internal/secrets, never plaintext; the expiries are absolute, as the platform
// gives them.
type Connection struct {
	ID, WorkspaceID    int64
	ShopID             *int64 // the creatorops shop it feeds; nil until one is picked
	Platform           string // model.PlatformTikTokShop or model.PlatformShopee
	ExternalShopID     string
	ShopCipher         string
	ShopName           string
	Region             string
	Status             string // ConnectionActive, ConnectionNeedsReauth or ConnectionDisconnected
	AccessTokenSealed  string
	RefreshTokenSealed string
	AccessExpiresAt    time.Time
	RefreshExpiresAt   time.Time
	LastRefreshAt      *time.Time
	LastError          string
	// GrantKey names the seller's grant the tokens belong to (TikTok's open_id); live
	// connections sharing one share their tokens (see UpdateGrantTokens). "" for none.
	GrantKey      string
	ExpiryAlertAt *time.Time // when the "authorization expires soon" alert was recorded
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Live reports whether the connection has not been disconnected.
func (c *Connection) Live() bool { return c.Status != ConnectionDisconnected }

// auditView is what the audit log keeps of a connection: never a token.
func (c *Connection) auditView() map[string]any {
	return map[string]any{"platform": c.Platform, "external_shop_id": c.ExternalShopID, "shop_name": c.ShopName,
		"region": c.Region, "status": c.Status, "shop_id": c.ShopID}
}

const connectionColumns = `id, workspace_id, shop_id, platform, external_shop_id, shop_cipher, shop_name, region, status,
	access_token_sealed, refresh_token_sealed, access_expires_at, refresh_expires_at, last_refresh_at, last_error,
	grant_key, expiry_alert_at, created_at, updated_at`

func scanConnection(row interface{ Scan(...any) error }) (*Connection, error) {
	var c Connection
	var shopID, lastRefresh, alertAt sql.NullInt64
	var accessExp, refreshExp, created, updated int64
	if err := row.Scan(&c.ID, &c.WorkspaceID, &shopID, &c.Platform, &c.ExternalShopID, &c.ShopCipher, &c.ShopName, &c.Region,
		&c.Status, &c.AccessTokenSealed, &c.RefreshTokenSealed, &accessExp, &refreshExp, &lastRefresh, &c.LastError,
		&c.GrantKey, &alertAt, &created, &updated); err != nil {
		return nil, err
	}
	if shopID.Valid {
		id := shopID.Int64
		c.ShopID = &id
	}
	c.LastRefreshAt = unixPtr(lastRefresh)
	c.ExpiryAlertAt = unixPtr(alertAt)
	c.AccessExpiresAt = time.Unix(accessExp, 0).UTC()
	c.RefreshExpiresAt = time.Unix(refreshExp, 0).UTC()
	c.CreatedAt = time.Unix(created, 0).UTC()
	c.UpdatedAt = time.Unix(updated, 0).UTC()
	return &c, nil
}

func unixPtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.Unix(v.Int64, 0).UTC()
	return &t
}

func (s *Store) queryConnections(ctx context.Context, what, q string, args ...any) ([]*Connection, error) {
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list %s: %w", what, err)
	}
	defer rows.Close()
	var out []*Connection
	for rows.Next() {
		c, err := scanConnection(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list %s: %w", what, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list %s: %w", what, err)
	}
	return out, nil
}

// Connections lists a workspace's connections, live ones first, then newest first;
// disconnected ones are included (the page shows them as history).
func (s *Store) Connections(ctx context.Context, workspaceID int64) ([]*Connection, error) {
	return s.queryConnections(ctx, "connections", `SELECT `+connectionColumns+` FROM connections WHERE workspace_id = $1
		ORDER BY CASE WHEN status = 'disconnected' THEN 1 ELSE 0 END, id DESC`, workspaceID)
}

// ActiveConnections lists every active connection of every workspace, for schedulers (syncs,
// token refresh).
func (s *Store) ActiveConnections(ctx context.Context) ([]*Connection, error) {
	return s.queryConnections(ctx, "active connections", `SELECT `+connectionColumns+` FROM connections WHERE status = 'active' ORDER BY id`)
}

// Connection returns the workspace's connection id, or ErrNotFound (also for another
// workspace's connection).
func (s *Store) Connection(ctx context.Context, workspaceID, id int64) (*Connection, error) {
	c, err := scanConnection(s.read.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections WHERE workspace_id = $1 AND id = $2`, workspaceID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch connection %d: %w", id, err)
	}
	return c, nil
}

// ConnectionByExternalShop returns the live (not disconnected) connection of a platform shop,
// whichever workspace it belongs to, or ErrNotFound: webhooks name the platform's shop only.
func (s *Store) ConnectionByExternalShop(ctx context.Context, platform, externalShopID string) (*Connection, error) {
	c, err := scanConnection(s.read.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections
		WHERE platform = $1 AND external_shop_id = $2 AND status <> 'disconnected'`, platform, externalShopID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch the connection of %s shop %q: %w", platform, externalShopID, err)
	}
	return c, nil
}

// TokenSealer seals a connection's tokens once its id is known: the sealed values are bound
// to the id, which an insert only learns inside the transaction.
type TokenSealer func(connectionID int64) (accessSealed, refreshSealed string, err error)

// SaveConnection connects a platform shop to c.WorkspaceID with the sealed tokens c carries,
// or reconnects it when the workspace had connected it before (same row, same id). It sets
// c.ID, c.Status and the times. A shop live in another workspace is refused with
// ErrConnectedElsewhere.
func (s *Store) SaveConnection(ctx context.Context, a Actor, c *Connection) error {
	return s.SaveConnectionWith(ctx, a, c, nil)
}

// SaveConnectionWith is SaveConnection with the tokens sealed by seal (when not nil) inside
// the same transaction, so a connection never exists without its tokens.
func (s *Store) SaveConnectionWith(ctx context.Context, a Actor, c *Connection, seal TokenSealer) error {
	if c.Platform != model.PlatformTikTokShop && c.Platform != model.PlatformShopee {
		return fmt.Errorf("store: unable to save a connection: unknown platform %q", c.Platform)
	}
	if c.ExternalShopID == "" {
		return errors.New("store: unable to save a connection: the platform shop id is empty")
	}
	t := now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var otherWS int64
		err := tx.QueryRowContext(ctx, `SELECT workspace_id FROM connections WHERE platform = $1 AND external_shop_id = $2
			AND status <> 'disconnected' AND workspace_id <> $3`, c.Platform, c.ExternalShopID, c.WorkspaceID).Scan(&otherWS)
		if err == nil {
			return ErrConnectedElsewhere
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var before *Connection
		before, err = scanConnection(tx.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections
			WHERE workspace_id = $1 AND platform = $2 AND external_shop_id = $3
			ORDER BY CASE WHEN status = 'disconnected' THEN 1 ELSE 0 END, id DESC LIMIT 1`,
			c.WorkspaceID, c.Platform, c.ExternalShopID))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var shopID any
		if c.ShopID != nil {
			shopID = *c.ShopID
		}
		action := "connection.connect"
		if before == nil {
			err = tx.QueryRowContext(ctx, `INSERT INTO connections (workspace_id, shop_id, platform, external_shop_id, shop_cipher, shop_name, region,
				status, access_token_sealed, refresh_token_sealed, access_expires_at, refresh_expires_at, last_refresh_at, last_error, grant_key, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9, $10, $11, $12, '', $13, $12, $12) RETURNING id`,
				c.WorkspaceID, shopID, c.Platform, c.ExternalShopID, c.ShopCipher, c.ShopName, c.Region,
				c.AccessTokenSealed, c.RefreshTokenSealed, c.AccessExpiresAt.Unix(), c.RefreshExpiresAt.Unix(), t, c.GrantKey).Scan(&c.ID)
		} else {
			action = "connection.reconnect"
			c.ID = before.ID
			// A reconnect without a pick keeps the shop the connection fed before.
			_, err = tx.ExecContext(ctx, `UPDATE connections SET shop_id = COALESCE($2, shop_id), shop_cipher = $3, shop_name = $4, region = $5,
				status = 'active', access_token_sealed = $6, refresh_token_sealed = $7, access_expires_at = $8, refresh_expires_at = $9,
				last_refresh_at = $10, last_error = '', grant_key = $11, expiry_alert_at = NULL, updated_at = $10 WHERE id = $1`,
				c.ID, shopID, c.ShopCipher, c.ShopName, c.Region, c.AccessTokenSealed, c.RefreshTokenSealed,
				c.AccessExpiresAt.Unix(), c.RefreshExpiresAt.Unix(), t, c.GrantKey)
		}
		if err != nil {
			return err
		}
		if seal != nil {
			if c.AccessTokenSealed, c.RefreshTokenSealed, err = seal(c.ID); err != nil {
				return err
			}
			if _, err = tx.ExecContext(ctx, `UPDATE connections SET access_token_sealed = $2, refresh_token_sealed = $3 WHERE id = $1`,
				c.ID, c.AccessTokenSealed, c.RefreshTokenSealed); err != nil {
				return err
			}
		}
		saved, err := scanConnection(tx.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections WHERE id = $1`, c.ID))
		if err != nil {
			return err
		}
		*c = *saved
		e := AuditEntry{WorkspaceID: c.WorkspaceID, Action: action, ObjectType: "connection", ObjectID: fmt.Sprint(c.ID),
			Summary: fmt.Sprintf("%s shop %q (%s) connected", platformLabel(c.Platform), c.ShopName, c.ExternalShopID), After: c.auditView()}
		if before != nil {
			e.Summary = fmt.Sprintf("%s shop %q (%s) reconnected", platformLabel(c.Platform), c.ShopName, c.ExternalShopID)
			e.Before = before.auditView()
		}
		return audit(ctx, tx, a, e)
	})
	if errors.Is(err, ErrConnectedElsewhere) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to save the connection of %s shop %q: %w", c.Platform, c.ExternalShopID, err)
	}
	return nil
}

// UpdateConnectionTokens stores refreshed tokens (sealed) and their new expiries, and marks
// the connection active again. A disconnected connection is left alone (ErrNotFound): a
// refresh racing a disconnect must not bring tokens back.
func (s *Store) UpdateConnectionTokens(ctx context.Context, id int64, accessSealed, refreshSealed string, accessExp, refreshExp time.Time) error {
	t := now()
	res, err := s.write.ExecContext(ctx, `UPDATE connections SET access_token_sealed = $2, refresh_token_sealed = $3,
		access_expires_at = $4, refresh_expires_at = $5, last_refresh_at = $6, last_error = '', status = 'active',
		expiry_alert_at = CASE WHEN refresh_expires_at = $5 THEN expiry_alert_at ELSE NULL END, updated_at = $6
		WHERE id = $1 AND status <> 'disconnected'`, id, accessSealed, refreshSealed, accessExp.Unix(), refreshExp.Unix(), t)
	if err != nil {
		return fmt.Errorf("store: unable to store the refreshed tokens of connection %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// UpdateGrantTokens stores refreshed tokens in every live connection of a platform sharing
// grantKey (a seller's shops share one token, and a refresh rotates it for all), in one
// transaction. seal seals the tokens for each connection id. It returns the ids updated.
func (s *Store) UpdateGrantTokens(ctx context.Context, platform, grantKey string, seal TokenSealer, accessExp, refreshExp time.Time) ([]int64, error) {
	if grantKey == "" {
		return nil, errors.New("store: unable to update a grant's tokens: empty grant key")
	}
	var ids []int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM connections WHERE platform = $1 AND grant_key = $2 AND status <> 'disconnected' ORDER BY id`, platform, grantKey)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		t := now()
		for _, id := range ids {
			a, r, err := seal(id)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE connections SET access_token_sealed = $2, refresh_token_sealed = $3,
				access_expires_at = $4, refresh_expires_at = $5, last_refresh_at = $6, last_error = '', status = 'active',
				expiry_alert_at = CASE WHEN refresh_expires_at = $5 THEN expiry_alert_at ELSE NULL END, updated_at = $6
				WHERE id = $1`, id, a, r, accessExp.Unix(), refreshExp.Unix(), t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to store the refreshed tokens of grant %q: %w", grantKey, err)
	}
	return ids, nil
}

// SetConnectionStatus records a connection's health: ConnectionNeedsReauth with the platform's
// message when a refresh is refused, or ConnectionActive again. A change of status is audited
// (by the system); disconnecting goes through DisconnectConnection.
func (s *Store) SetConnectionStatus(ctx context.Context, id int64, status, lastError string) error {
	if status != ConnectionActive && status != ConnectionNeedsReauth {
		return fmt.Errorf("store: unable to set connection %d to %q: use active or needs_reauth (DisconnectConnection disconnects)", id, status)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var ws int64
		var was, name string
		err := tx.QueryRowContext(ctx, `SELECT workspace_id, status, shop_name FROM connections WHERE id = $1 AND status <> 'disconnected'`, id).Scan(&ws, &was, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: unable to set the status of connection %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE connections SET status = $2, last_error = $3, updated_at = $4 WHERE id = $1`, id, status, lastError, now()); err != nil {
			return fmt.Errorf("store: unable to set the status of connection %d: %w", id, err)
		}
		if was == status {
			return nil
		}
		summary := fmt.Sprintf("Connection to %q is active again", name)
		if status == ConnectionNeedsReauth {
			summary = fmt.Sprintf("Connection to %q needs re-authorization: %s", name, lastError)
		}
		return audit(ctx, tx, Actor{Label: "system"}, AuditEntry{WorkspaceID: ws, Action: "connection.status", ObjectType: "connection",
			ObjectID: fmt.Sprint(id), Summary: summary, Before: map[string]string{"status": was},
			After: map[string]string{"status": status, "last_error": lastError}})
	})
}

// RecordConnectionExpiryAlert records, once per refresh token, that the connection's
// authorization ends soon (an audit entry the workspace sees). recorded is false when it was
// already recorded, so callers notify once.
func (s *Store) RecordConnectionExpiryAlert(ctx context.Context, id int64, message string) (recorded bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var ws int64
		err := tx.QueryRowContext(ctx, `UPDATE connections SET expiry_alert_at = $2 WHERE id = $1 AND expiry_alert_at IS NULL
			AND status <> 'disconnected' RETURNING workspace_id`, id, now()).Scan(&ws)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		recorded = true
		return audit(ctx, tx, Actor{Label: "system"}, AuditEntry{WorkspaceID: ws, Action: "connection.expiring", ObjectType: "connection",
			ObjectID: fmt.Sprint(id), Summary: message})
	})
	if err != nil {
		return false, fmt.Errorf("store: unable to record the expiry alert of connection %d: %w", id, err)
	}
	return recorded, nil
}

// DisconnectConnection ends a connection: its tokens are wiped and its syncs stop. The row
// stays for the audit trail. Disconnecting a disconnected connection does nothing; another
// workspace's is ErrNotFound.
func (s *Store) DisconnectConnection(ctx context.Context, a Actor, workspaceID, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := scanConnection(tx.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections WHERE workspace_id = $1 AND id = $2`, workspaceID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: unable to disconnect connection %d: %w", id, err)
		}
		if !c.Live() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE connections SET status = 'disconnected', access_token_sealed = '', refresh_token_sealed = '',
			updated_at = $2 WHERE id = $1`, id, now()); err != nil {
			return fmt.Errorf("store: unable to disconnect connection %d: %w", id, err)
		}
		after := c.auditView()
		after["status"] = ConnectionDisconnected
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "connection.disconnect", ObjectType: "connection",
			ObjectID: fmt.Sprint(id), Summary: fmt.Sprintf("%s shop %q (%s) disconnected", platformLabel(c.Platform), c.ShopName, c.ExternalShopID),
			Before: c.auditView(), After: after})
	})
}

// HasConnections reports whether any connection still holds tokens (any workspace): serve
// then needs the secret key at start.
func (s *Store) HasConnections(ctx context.Context) (bool, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM connections WHERE status <> 'disconnected'`).Scan(&n); err != nil {
		return false, fmt.Errorf("store: unable to count connections: %w", err)
	}
	return n > 0, nil
}

func platformLabel(p string) string {
	switch p {
	case model.PlatformTikTokShop:
		return "TikTok Shop"
	case model.PlatformShopee:
		return "Shopee"
	}
	return p
}
