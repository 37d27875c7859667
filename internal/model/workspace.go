package model

import "time"

// Workspace is one brand; everything belongs to exactly one workspace.
type Workspace struct {
	ID        int64
	Slug      string
	Name      string
	Timezone  string // IANA name; reports cut days in it
	CreatedAt time.Time
}

// Location returns the workspace's time zone, UTC when its name is unknown.
func (w *Workspace) Location() *time.Location {
	if loc, err := time.LoadLocation(w.Timezone); err == nil {
		return loc
	}
	return time.UTC
}

// Platforms a shop can sell on.
const (
	PlatformTikTokShop = "tiktok_shop"
	PlatformShopee     = "shopee"
	PlatformDTC        = "dtc"
)

// Shop is a connected selling account of a workspace.
type Shop struct {
	ID          int64
	WorkspaceID int64
	Slug        string
	Name        string
	Platform    string
	Region      string
	Currency    string // ISO 4217
	Locale      string // how its exports write numbers, e.g. en-US, id-ID
	Timezone    string // the zone its exports write times in
	CreatedAt   time.Time
}

// Location returns the zone the shop's exports write times in, UTC when unknown.
func (s *Shop) Location() *time.Location {
	if loc, err := time.LoadLocation(s.Timezone); err == nil {
		return loc
	}
	return time.UTC
}
