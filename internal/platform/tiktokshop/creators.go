package tiktokshop

import (
	"context"
	"fmt"
	"iter"
	"net/http"
)

// Creator is a creator as the marketplace describes them.
type Creator struct {
	UserID        string   `json:"user_id"`
	Username      string   `json:"username"`
	Nickname      string   `json:"nickname"`
	AvatarURL     string   `json:"avatar_url"`
	FollowerCount int64    `json:"follower_count"`
	Region        string   `json:"region"`
	Categories    []string `json:"categories"`
	Bio           string   `json:"bio"` // profile only
}

// CreatorQuery filters a marketplace search. The platform serves pages of 12 or 20 only.
type CreatorQuery struct {
	Keyword      string
	MinFollowers int64 // 0: no minimum
	MaxFollowers int64 // 0: no maximum
	PageSize     int   // 12 or 20; 0 means 20
}

const creatorsSearchPath = "/affiliate_seller/202406/marketplace_creators/search"

// MarketplaceCreators walks the creator marketplace search results.
func (cl *Client) MarketplaceCreators(ctx context.Context, shop ShopAuth, q CreatorQuery) iter.Seq2[Creator, error] {
	size := q.PageSize
	if size == 0 {
		size = 20
	}
	if size != 12 && size != 20 {
		return failed[Creator](fmt.Errorf("tiktokshop: POST %s: page size %d: the marketplace serves 12 or 20", creatorsSearchPath, size))
	}
	type followers struct {
		Min int64 `json:"min,omitempty"`
		Max int64 `json:"max,omitempty"`
	}
	body := struct {
		Keyword   string     `json:"keyword,omitempty"`
		Followers *followers `json:"follower_count_range,omitempty"`
	}{Keyword: q.Keyword}
	if q.MinFollowers > 0 || q.MaxFollowers > 0 {
		body.Followers = &followers{Min: q.MinFollowers, Max: q.MaxFollowers}
	}
	c := cl.shopCall(http.MethodPost, creatorsSearchPath, shop, body, false)
	type page struct {
		Creators      []Creator `json:"creators"`
		NextPageToken string    `json:"next_page_token"`
	}
	return walk(ctx, cl, c, size, func(p *page) pageOf[Creator] {
		return pageOf[Creator]{items: p.Creators, next: p.NextPageToken}
	})
}

// CreatorProfile fetches one marketplace creator by user id.
func (cl *Client) CreatorProfile(ctx context.Context, shop ShopAuth, userID string) (Creator, error) {
	path := "/affiliate_seller/202406/marketplace_creators/"
	if err := checkID(http.MethodGet, path+"{id}", "creator user id", userID); err != nil {
		return Creator{}, err
	}
	var d struct {
		Creator Creator `json:"creator"`
	}
	err := cl.do(ctx, cl.shopCall(http.MethodGet, path+userID, shop, nil, false), &d)
	return d.Creator, err
}

// checkID refuses an id that would change the path it is put into. Platform ids are digits;
// letters, '-' and '_' are let through for other environments' fixtures.
func checkID(method, path, what, id string) error {
	ok := id != ""
	for i := 0; i < len(id) && ok; i++ {
		c := id[i]
		ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
	}
	if !ok {
		return fmt.Errorf("tiktokshop: %s %s: %s %q is not a platform id", method, path, what, id)
	}
	return nil
}
