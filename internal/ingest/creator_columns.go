package ingest

// The fields of a creator list (marketplace research tools, spreadsheets, CRM exports).
const (
	CreatorUsername Field = iota
	CreatorNickname
	CreatorFollowers
	CreatorCategory // the verticals: "Beauty, Home" makes two
	CreatorGMV30d
	CreatorUnits30d
	CreatorAvgViews
	CreatorEngagement
	CreatorEmail
	CreatorRegion
	CreatorAgency
	CreatorDiscord
	CreatorLanguage
	CreatorTimeZone
	CreatorTags
	CreatorOwner // a member's email
	CreatorStage // a stage's label or key
	CreatorShopeeID
	creatorFieldCount
)

var creatorAliases = map[Field][]string{
	CreatorUsername:   {"Creator Username", "Username", "Creator", "Handle", "TikTok Username", "Tên người dùng", "Nama Pengguna"},
	CreatorNickname:   {"Nickname", "Name", "Display Name", "Creator Name", "Biệt danh", "Nama Panggilan"},
	CreatorFollowers:  {"Followers", "Follower Count", "Người theo dõi", "Pengikut"},
	CreatorCategory:   {"Category", "Categories", "Vertical", "Verticals", "Niche", "Niches", "Danh mục", "Kategori"},
	CreatorGMV30d:     {"GMV (30d)", "GMV 30d", "30-day GMV", "GMV"},
	CreatorUnits30d:   {"Units sold (30d)", "Units sold", "Units"},
	CreatorAvgViews:   {"Avg. video views", "Average views", "Avg views"},
	CreatorEngagement: {"Engagement rate", "Engagement", "ER"},
	CreatorEmail:      {"Email", "E-mail", "Email address"},
	CreatorRegion:     {"Region", "Country", "Market"},
	CreatorAgency:     {"Agency", "Creator agency", "MCN"},
	CreatorDiscord:    {"Discord", "Discord handle", "Discord username"},
	CreatorLanguage:   {"Language", "Languages"},
	CreatorTimeZone:   {"Time zone", "Timezone", "TZ"},
	CreatorTags:       {"Tags", "Tag", "Labels"},
	CreatorOwner:      {"Owner", "Owner email", "Assigned to"},
	CreatorStage:      {"Stage", "Pipeline stage", "CRM stage"},
	CreatorShopeeID:   {"Shopee ID", "Shopee", "Shopee affiliate ID"},
}

// CreatorFieldKeys name the fields in a mapping (--map "Header=key", the preview's selects),
// in the order pages list them.
var CreatorFieldKeys = []string{"username", "display_name", "email", "discord", "followers", "verticals", "region",
	"language", "time_zone", "agency", "tags", "owner_email", "stage", "gmv_30d", "units_30d", "engagement",
	"avg_views", "shopee_id"}

var creatorFieldByKey = map[string]Field{
	"username": CreatorUsername, "display_name": CreatorNickname, "email": CreatorEmail, "discord": CreatorDiscord,
	"followers": CreatorFollowers, "verticals": CreatorCategory, "region": CreatorRegion, "language": CreatorLanguage,
	"time_zone": CreatorTimeZone, "agency": CreatorAgency, "tags": CreatorTags, "owner_email": CreatorOwner,
	"stage": CreatorStage, "gmv_30d": CreatorGMV30d, "units_30d": CreatorUnits30d, "engagement": CreatorEngagement,
	"avg_views": CreatorAvgViews, "shopee_id": CreatorShopeeID,
}

// creatorFieldLabels are the fields as the preview page names them.
var creatorFieldLabels = map[string]string{
	"username": "Username", "display_name": "Display name", "email": "Email", "discord": "Discord",
	"followers": "Followers", "verticals": "Verticals / category", "region": "Region", "language": "Language",
	"time_zone": "Time zone", "agency": "Agency", "tags": "Tags", "owner_email": "Owner (member email)",
	"stage": "Stage", "gmv_30d": "GMV (30 days)", "units_30d": "Units sold (30 days)", "engagement": "Engagement rate",
	"avg_views": "Average views", "shopee_id": "Shopee ID",
}

// CreatorFieldLabel is a field's name for people ("" for an unknown key).
func CreatorFieldLabel(key string) string { return creatorFieldLabels[key] }

// creatorKeyOf is the key of a field, for mappings.
func creatorKeyOf(f Field) string {
	for k, v := range creatorFieldByKey {
		if v == f {
			return k
		}
	}
	return ""
}

var requiredCreatorFields = []Field{CreatorUsername}
