package ingest

// The fields of a creator list (marketplace research tools, spreadsheets).
const (
	CreatorUsername Field = iota
	CreatorNickname
	CreatorFollowers
	CreatorCategory
	CreatorGMV30d
	CreatorUnits30d
	CreatorAvgViews
	CreatorEngagement
	CreatorEmail
	CreatorRegion
	CreatorAgency
	creatorFieldCount
)

var creatorAliases = map[Field][]string{
	CreatorUsername:   {"Creator Username", "Username", "Creator", "Handle", "TikTok Username", "Tên người dùng", "Nama Pengguna"},
	CreatorNickname:   {"Nickname", "Name", "Display Name", "Creator Name", "Biệt danh", "Nama Panggilan"},
	CreatorFollowers:  {"Followers", "Follower Count", "Người theo dõi", "Pengikut"},
	CreatorCategory:   {"Category", "Categories", "Vertical", "Danh mục", "Kategori"},
	CreatorGMV30d:     {"GMV (30d)", "GMV 30d", "30-day GMV", "GMV"},
	CreatorUnits30d:   {"Units sold (30d)", "Units sold", "Units"},
	CreatorAvgViews:   {"Avg. video views", "Average views", "Avg views"},
	CreatorEngagement: {"Engagement rate", "Engagement", "ER"},
	CreatorEmail:      {"Email", "E-mail", "Email address"},
	CreatorRegion:     {"Region", "Country", "Market"},
	CreatorAgency:     {"Agency", "Creator agency", "MCN"},
}

var requiredCreatorFields = []Field{CreatorUsername}
