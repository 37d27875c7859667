package platformsync

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// Limits of a target collaboration request from creatorops. The platform takes 50 creators
// and 100 products a call; a request is split into as many calls as it needs, up to
// MaxInviteCreators creators (the weekly first-contact quota is far lower anyway).
const (
	MaxInviteCreators = 1000
	MaxInviteProducts = 500
	maxCollabName     = 100
	maxCollabMessage  = 500
)

// ErrNotConfigured is returned by the actions when this server has no TikTok Shop app.
var ErrNotConfigured = errors.New("this server has no TikTok Shop app configured: see docs/platform-tiktok-shop.md")

// TargetInvite is a target collaboration to create for CRM creators.
type TargetInvite struct {
	ConnectionID int64 // 0: the workspace's only active TikTok Shop connection
	Name         string
	Message      string
	EndTime      time.Time
	CreatorIDs   []int64
	Products     []tiktokshop.TargetProduct
	FreeSample   bool
}

// SkippedCreator is a creator left out of an invitation, and why.
type SkippedCreator struct {
	CreatorID int64
	Handle    string
	Why       string
}

// TargetChunk is one platform call of a target collaboration: which creators and products it
// carried, and what came of it.
type TargetChunk struct {
	Part, Of        int
	Handles         []string
	ProductIDs      []string
	PlatformID      string // the platform's id when created
	CollaborationID int64  // creatorops' id when created and stored
	Err             error  // the platform's refusal or the failure; nil when created
}

// TargetResult is what CreateTargetCollaboration did: every chunk, successful or not, and the
// creators it could not invite.
type TargetResult struct {
	Connection *store.Connection
	Chunks     []TargetChunk
	Skipped    []SkippedCreator
	Created    int // chunks created
	Failed     int // chunks refused or failed
}

// PlanTargetChunks cuts a target collaboration into the platform calls it takes: every batch
// of at most tiktokshop.MaxTargetCreators creators gets every batch of at most
// tiktokshop.MaxTargetProducts products, so each creator × product pair is sent exactly once.
func PlanTargetChunks(tc tiktokshop.TargetCollaboration) []tiktokshop.TargetCollaboration {
	return tiktokshop.SplitTargetCollaboration(tc)
}

// ActionConnection is the workspace's connection an action goes through: id, or with id 0
// the only active TikTok Shop connection. The errors are store.FieldErrors of the field
// "connection" (and ErrNotFound for an id of another workspace).
func ActionConnection(ctx context.Context, s *store.Store, workspaceID, id int64) (*store.Connection, error) {
	if id != 0 {
		c, err := s.Connection(ctx, workspaceID, id)
		if err != nil {
			return nil, err
		}
		if c.Platform != model.PlatformTikTokShop || c.Status != store.ConnectionActive {
			return nil, &store.FieldError{Field: "connection", Value: fmt.Sprint(id), Reason: fmt.Sprintf("is %s: connect %q again first", c.Status, c.ShopName)}
		}
		return c, nil
	}
	conns, err := s.Connections(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	var live []*store.Connection
	for _, c := range conns {
		if c.Platform == model.PlatformTikTokShop && c.Status == store.ConnectionActive {
			live = append(live, c)
		}
	}
	switch len(live) {
	case 0:
		return nil, &store.FieldError{Field: "connection", Reason: "is missing: this workspace has no active TikTok Shop connection (Connections page)"}
	case 1:
		return live[0], nil
	}
	return nil, &store.FieldError{Field: "connection", Reason: fmt.Sprintf("is missing: this workspace has %d active TikTok Shop connections, say which one", len(live))}
}

// check validates the invitation's own fields.
func (in *TargetInvite) check(now time.Time) error {
	in.Name, in.Message = strings.TrimSpace(in.Name), strings.TrimSpace(in.Message)
	switch {
	case in.Name == "":
		return &store.FieldError{Field: "name", Reason: "is empty: creators see it in their invitations"}
	case utf8.RuneCountInString(in.Name) > maxCollabName:
		return &store.FieldError{Field: "name", Value: in.Name, Reason: fmt.Sprintf("is longer than %d characters", maxCollabName)}
	case utf8.RuneCountInString(in.Message) > maxCollabMessage:
		return &store.FieldError{Field: "message", Reason: fmt.Sprintf("is longer than %d characters", maxCollabMessage)}
	case in.EndTime.IsZero():
		return &store.FieldError{Field: "end", Reason: "is missing: say until when the offer stands"}
	case !in.EndTime.After(now):
		return &store.FieldError{Field: "end", Value: in.EndTime.Format("2006-01-02"), Reason: "is not in the future"}
	case len(in.CreatorIDs) == 0:
		return &store.FieldError{Field: "creators", Reason: "is empty: choose at least one creator"}
	case len(in.CreatorIDs) > MaxInviteCreators:
		return &store.FieldError{Field: "creators", Value: fmt.Sprint(len(in.CreatorIDs)), Reason: fmt.Sprintf("is more than %d creators at once", MaxInviteCreators)}
	case len(in.Products) == 0:
		return &store.FieldError{Field: "products", Reason: "is empty: choose at least one product"}
	case len(in.Products) > MaxInviteProducts:
		return &store.FieldError{Field: "products", Value: fmt.Sprint(len(in.Products)), Reason: fmt.Sprintf("is more than %d products at once", MaxInviteProducts)}
	}
	seen := map[string]bool{}
	for _, p := range in.Products {
		if !isPlatformID(p.ProductID) {
			return &store.FieldError{Field: "products", Value: p.ProductID, Reason: "is not a TikTok Shop product id (digits)"}
		}
		if seen[p.ProductID] {
			return &store.FieldError{Field: "products", Value: p.ProductID, Reason: "is listed twice"}
		}
		seen[p.ProductID] = true
		if p.CommissionRateBP < tiktokshop.MinCommissionBP || p.CommissionRateBP > tiktokshop.MaxCommissionBP {
			return &store.FieldError{Field: "commission", Value: fmt.Sprintf("%d.%02d%%", p.CommissionRateBP/100, p.CommissionRateBP%100),
				Reason: "is outside 1%–80%, the range TikTok Shop accepts"}
		}
	}
	return nil
}

// isPlatformID reports whether s looks like a platform id: digits, at most 30.
func isPlatformID(s string) bool {
	if s == "" || len(s) > 30 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// CreateTargetCollaboration creates a target collaboration on the platform for CRM creators,
// in as many calls as the platform's limits need (PlanTargetChunks), and stores each chunk the
// platform accepted as a collaboration of its own, with an "invite" event on each creator's
// timeline (store.RecordTargetCollaboration). A chunk that fails does not stop the others, and
// is never retried here: after an ambiguous failure the platform may have created it, and the
// next collaborations sync brings it in if so. Creators without a TikTok user id, merged away,
// or in a stage that stops outreach are skipped and listed. Bad input is a store.FieldError
// and nothing is sent.
func CreateTargetCollaboration(ctx context.Context, s *store.Store, clients Clients, a store.Actor, workspaceID int64, in TargetInvite) (*TargetResult, error) {
	now := time.Now()
	if err := in.check(now); err != nil {
		return nil, err
	}
	conn, err := ActionConnection(ctx, s, workspaceID, in.ConnectionID)
	if err != nil {
		return nil, err
	}
	found, err := s.PlatformCreators(ctx, workspaceID, in.CreatorIDs)
	if err != nil {
		return nil, err
	}
	res := &TargetResult{Connection: conn}
	known := map[int64]bool{}
	byUser := map[string]store.PlatformCreator{}
	var users []string
	for _, pc := range found {
		known[pc.CreatorID] = true
		switch {
		case pc.Merged:
			res.Skipped = append(res.Skipped, SkippedCreator{pc.CreatorID, pc.Handle, "merged into another creator: invite that one"})
		case pc.Stage.Blocked():
			res.Skipped = append(res.Skipped, SkippedCreator{pc.CreatorID, pc.Handle, "is " + pc.Stage.Label() + ": no outreach"})
		case pc.UserID == "":
			res.Skipped = append(res.Skipped, SkippedCreator{pc.CreatorID, pc.Handle, "has no TikTok user id yet (a marketplace search or a sync brings it)"})
		case byUser[pc.UserID].CreatorID != 0:
			res.Skipped = append(res.Skipped, SkippedCreator{pc.CreatorID, pc.Handle, "is the same TikTok account as @" + byUser[pc.UserID].Handle})
		default:
			byUser[pc.UserID] = pc
			users = append(users, pc.UserID)
		}
	}
	for _, id := range in.CreatorIDs {
		if !known[id] {
			return nil, &store.FieldError{Field: "creators", Value: fmt.Sprint(id), Reason: "is not a creator of this workspace"}
		}
	}
	if len(users) == 0 {
		return res, &store.FieldError{Field: "creators", Reason: "has nobody who can be invited: " + skippedSummary(res.Skipped)}
	}
	if clients == nil {
		return nil, ErrNotConfigured
	}
	cl, token, err := clients.Client(ctx, conn)
	if err != nil {
		return nil, err
	}
	auth := tiktokshop.ShopAuth{Cipher: conn.ShopCipher, AccessToken: token}
	parts := PlanTargetChunks(tiktokshop.TargetCollaboration{Name: in.Name, Message: in.Message, EndTime: in.EndTime,
		CreatorUserIDs: users, Products: in.Products, FreeSample: in.FreeSample})
	for i, part := range parts {
		ch := TargetChunk{Part: i + 1, Of: len(parts)}
		for _, u := range part.CreatorUserIDs {
			ch.Handles = append(ch.Handles, byUser[u].Handle)
		}
		for _, p := range part.Products {
			ch.ProductIDs = append(ch.ProductIDs, p.ProductID)
		}
		ids, err := cl.CreateTargetCollaborations(ctx, auth, part)
		if err == nil && (len(ids) != 1 || ids[0] == "") {
			err = fmt.Errorf("the platform answered without a collaboration id")
		}
		if err != nil {
			ch.Err = err
			res.Failed++
			res.Chunks = append(res.Chunks, ch)
			continue
		}
		ch.PlatformID = ids[0]
		rec := TargetCollaborationRecord(part)
		rec.PlatformID, rec.Status = ch.PlatformID, "ACTIVE"
		start := now.UTC()
		rec.StartAt = &start
		for j := range rec.Creators {
			id := byUser[rec.Creators[j].UserID].CreatorID
			rec.Creators[j].CreatorID = &id
		}
		// Stored under a context that outlives the request: the platform already made it.
		if ch.CollaborationID, err = s.RecordTargetCollaboration(context.WithoutCancel(ctx), a, conn, rec); err != nil {
			ch.Err = fmt.Errorf("created on TikTok Shop as %s, but not stored here (the next sync brings it in): %w", ch.PlatformID, err)
			res.Failed++
		} else {
			res.Created++
		}
		res.Chunks = append(res.Chunks, ch)
	}
	return res, nil
}

// skippedSummary lists skipped creators for an error message.
func skippedSummary(sk []SkippedCreator) string {
	var parts []string
	for i, s := range sk {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(sk)-5))
			break
		}
		parts = append(parts, "@"+s.Handle+" "+s.Why)
	}
	return strings.Join(parts, "; ")
}
