// Package auth signs people and API tokens in: passwords (bcrypt), database-backed sessions,
// sign-in rate limiting, and the workspace scope of a request. It holds no state of its own,
// so several servers against one database agree on who is signed in.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// Sessions last SessionTTL after the last request; touchEvery keeps reading pages from writing
// on every request.
const (
	SessionTTL = 14 * 24 * time.Hour
	touchEvery = 10 * time.Minute
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// Errors of sign-in.
var (
	ErrBadCredentials = errors.New("the email or the password is wrong")
	ErrNotSignedIn    = errors.New("not signed in")
)

// Service checks credentials against the store.
type Service struct {
	store *store.Store
	log   *slog.Logger
	now   func() time.Time
}

// New returns a Service on s.
func New(s *store.Store, log *slog.Logger) *Service {
	return &Service{store: s, log: log, now: time.Now}
}

// Principal is who a request acts as: a signed-in user, or an API token (which is bound to one
// workspace and one role).
type Principal struct {
	User  *store.User
	Token *store.APIToken

	sessionHash string
}

// Actor is the principal as the audit log names it.
func (p *Principal) Actor() store.Actor {
	if p.Token != nil {
		return store.Actor{TokenID: p.Token.ID, Label: fmt.Sprintf("token %s… (%s)", p.Token.Prefix, p.Token.Name)}
	}
	return store.Actor{UserID: p.User.ID, Label: p.User.Email}
}

// HashPassword returns the bcrypt hash of a password, refusing one that is too short.
func HashPassword(password string) (string, error) {
	if len(password) < MinPasswordLength {
		return "", fmt.Errorf("the password must have at least %d characters", MinPasswordLength)
	}
	if len(password) > 72 {
		return "", errors.New("the password must have at most 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}

// dummyHash is compared against when the email is unknown, so the answer takes as long as for a
// known email and does not tell which emails have accounts.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("creatorops-dummy-password"), bcrypt.DefaultCost)

// Authenticate checks an email and password, honouring the rate limit; it returns
// ErrBadCredentials or a *RateLimitError on refusal.
func (a *Service) Authenticate(ctx context.Context, email, password, ip string) (*store.User, error) {
	keys := limitKeys(email, ip)
	if err := a.checkLimit(ctx, keys); err != nil {
		return nil, err
	}
	u, hash, err := a.store.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return nil, a.fail(ctx, keys)
	}
	if err != nil {
		return nil, err
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		return nil, a.fail(ctx, keys)
	}
	if err := a.store.ClearLoginFailures(ctx, keys[0]); err != nil {
		return nil, err
	}
	return u, nil
}

func (a *Service) fail(ctx context.Context, keys []string) error {
	if err := a.store.RecordLoginFailure(ctx, keys, a.now()); err != nil {
		return err
	}
	return ErrBadCredentials
}

// NewSessionToken starts a session for a user and returns the cookie value.
func (a *Service) NewSessionToken(ctx context.Context, userID int64, ip, userAgent string) (string, error) {
	token, hash, err := newSecret("")
	if err != nil {
		return "", err
	}
	err = a.store.CreateSession(ctx, store.NewSession{TokenHash: hash, UserID: userID,
		ExpiresAt: a.now().Add(SessionTTL), IP: ip, UserAgent: userAgent})
	return token, err
}

// SessionPrincipal returns the user of a session cookie value, sliding its expiry now and then.
func (a *Service) SessionPrincipal(ctx context.Context, token string) (*Principal, error) {
	if token == "" {
		return nil, ErrNotSignedIn
	}
	hash := hashSecret(token)
	t := a.now()
	u, seen, err := a.store.SessionUser(ctx, hash, t)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotSignedIn
	}
	if err != nil {
		return nil, err
	}
	if t.Sub(seen) > touchEvery {
		if err := a.store.TouchSession(ctx, hash, t, t.Add(SessionTTL)); err != nil {
			a.log.Warn("auth: unable to extend a session", "err", err)
		}
	}
	return &Principal{User: u, sessionHash: hash}, nil
}

// EndSession signs a principal out; it does nothing for tokens.
func (a *Service) EndSession(ctx context.Context, p *Principal) error {
	if p == nil || p.sessionHash == "" {
		return nil
	}
	return a.store.DeleteSession(ctx, p.sessionHash)
}

// TokenPrincipal returns the principal of an API token (the value after "Bearer ").
func (a *Service) TokenPrincipal(ctx context.Context, token string) (*Principal, error) {
	if len(token) < len(TokenPrefix)+10 || token[:len(TokenPrefix)] != TokenPrefix {
		return nil, ErrNotSignedIn
	}
	t, err := a.store.APITokenByHash(ctx, hashSecret(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotSignedIn
	}
	if err != nil {
		return nil, err
	}
	now := a.now()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		if err := a.store.TouchAPIToken(ctx, t.ID, now); err != nil {
			a.log.Warn("auth: unable to record an API token's use", "err", err)
		}
	}
	return &Principal{Token: t}, nil
}

// TokenPrefix starts every API token, so a leaked one is easy to recognise in a scanner.
const TokenPrefix = "cro_"

// NewAPIToken creates a token for a workspace and returns its secret value, shown once.
func (a *Service) NewAPIToken(ctx context.Context, by store.Actor, workspaceID int64, name string, role access.Role) (string, *store.APIToken, error) {
	secret, hash, err := newSecret(TokenPrefix)
	if err != nil {
		return "", nil, err
	}
	t, err := a.store.CreateAPIToken(ctx, by, store.APIToken{WorkspaceID: workspaceID, Name: name, Role: string(role),
		Prefix: secret[:len(TokenPrefix)+6]}, hash)
	return secret, t, err
}

// Scope returns the workspace named by slug and the principal's role in it. A workspace the
// principal does not belong to is ErrNotFound, exactly like one that does not exist, so
// nobody learns the names of other brands.
func (a *Service) Scope(ctx context.Context, p *Principal, slug string) (*model.Workspace, access.Role, error) {
	ws, err := a.store.WorkspaceBySlug(ctx, slug)
	if err != nil {
		return nil, "", err
	}
	if p.Token != nil {
		if p.Token.WorkspaceID != ws.ID {
			return nil, "", store.ErrNotFound
		}
		role, _ := access.ParseRole(p.Token.Role)
		return ws, role, nil
	}
	role, err := a.store.MemberRole(ctx, p.User.ID, ws.ID)
	if err != nil {
		return nil, "", err
	}
	r, ok := access.ParseRole(role)
	if !ok {
		return nil, "", store.ErrNotFound
	}
	return ws, r, nil
}

// newSecret returns a random secret (with prefix) and its hash.
func newSecret(prefix string) (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret), nil
}

// hashSecret is SHA-256: the secrets are 256 random bits, so a slow hash adds nothing.
func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
