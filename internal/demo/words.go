package demo

// syllables build creator usernames the way the sample files spell them: "pixiemint_1".
var syllables = []string{
	"pixie", "mint", "bloom", "mochi", "nova", "silk", "honey", "velvet", "zen", "coco",
	"luna", "pure", "daily", "cloud", "amber", "peach", "sunny", "aura", "glow", "maple",
	"berry", "olive", "ivy", "sage", "jade", "pearl", "rosie", "misty", "cozy", "lily",
}

// vertical is a creator category with the products a brand in it would sell.
type vertical struct {
	name     string
	products []string
}

// verticals follow TikTok Shop's category names; a few product names carry a comma on purpose,
// because real catalogs do and the importer must cope with quoted fields.
var verticals = []vertical{
	{"Womenswear & Underwear", []string{"Wide Leg Jeans", "Oversized Hoodie", "Ribbed Tank Top", "Seamless Bralette", "Satin Slip Dress", "High Waist Leggings", "Cropped Cardigan"}},
	{"Beauty & Personal Care", []string{"Hydrating Serum 30ml", "Cream Skin Toner", "Cushion Foundation", "Lip Sleeping Mask", "Water Bank Cream", "Vitamin C Serum", "Sunscreen SPF 50", "Hair Oil 100ml"}},
	{"Home Supplies", []string{"Satin Pillowcase", "Bamboo Sheet Set", "Linen Throw Blanket", "LED Desk Lamp", "Scented Candle", "Memory Foam Pillow", "Storage Baskets, Set of 3"}},
	{"Kitchenware", []string{"Glass Meal Prep Containers", "Nonstick Frying Pan", "Electric Milk Frother", "Silicone Spatula Set", "Stainless Tumbler 40oz", "Knife Set, 6 Pieces"}},
	{"Health", []string{"Magnesium Gummies", "Collagen Powder", "Posture Corrector", "Electrolyte Mix", "Probiotic Capsules"}},
	{"Fashion Accessories", []string{"Claw Hair Clips, Set of 6", "Gold Hoop Earrings", "Silk Scarf", "Crossbody Bag", "Oval Sunglasses"}},
	{"Sports & Outdoor", []string{"Yoga Mat", "Resistance Bands", "Insulated Water Bottle", "Gym Shorts", "Camping Lantern"}},
	{"Food & Beverages", []string{"Matcha Powder", "Protein Bars, 12 Pack", "Cold Brew Concentrate", "Hot Sauce Trio", "Freeze Dried Candy"}},
	{"Phones & Electronics", []string{"Magnetic Power Bank", "Wireless Earbuds", "Phone Tripod", "Ring Light", "USB-C Charger 20W", "Clear Phone Case"}},
	{"Fashion", []string{"Platform Sneakers", "Denim Jacket", "Cargo Pants", "Linen Shirt", "Pleated Midi Skirt"}},
}

// variants keep product names distinct when the catalog is larger than the word lists.
var variants = []string{
	"Black", "Beige", "Pink", "Sage", "Navy", "Cream", "Lavender", "Brown", "White", "Red",
	"2-Pack", "Travel Size", "Large", "Gift Set",
}

// Order-level categorical values, indexed by small integers in the hot loop.
var (
	contentTypes   = []string{"Video", "LIVE", "Showcase"}
	paymentMethods = []string{"Credit card", "PayPal", "Apple Pay", "Google Pay", "Debit card", "Cash on delivery"}
	statusNames    = []string{"Processing", "Completed", "Cancelled", "Refunded"}
	regions        = []string{"US", "US", "US", "US", "US", "US", "GB", "MY", "ID", "PH"}
	agencies       = []string{"Nova CAP", "Spark Talent", "Bright Creators", "Loop Agency"}
)

// orderHeader is the Seller Center "affiliate orders" export header, English locale.
var orderHeader = []string{
	"Order ID", "Product ID", "Product Name", "SKU ID", "Seller SKU", "Price", "Payment Amount",
	"Currency", "Quantity", "Payment method", "Order Status", "Creator Username", "Content Type",
	"Content ID", "commission model", "Standard commission rate", "Est. Commission Base",
	"Est. standard commission payment", "Actual Commission Base", "Actual Commission Payment",
	"Shop Ads commission rate", "Est. Shop Ads commission payment", "Actual Shop Ads commission payment",
	"Est. co-funded creator bonus", "Actual co-funded creator bonus", "Fully returned or refunded",
	"Time Created", "Payment time", "Order Delivery Time", "Time Commission Paid", "Platform",
}

// creatorHeader is the header of testdata/creators-sample.csv.
var creatorHeader = []string{
	"Creator Username", "Nickname", "Followers", "Category", "GMV (30d)", "Units sold (30d)",
	"Avg. video views", "Engagement rate", "Email", "Region", "Agency",
}
