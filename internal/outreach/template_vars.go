package outreach

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/creatorops/creatorops/internal/intl"
)

// Variable is one name a template may use, with what it is for the editor's help panel.
type Variable struct {
	Name        string // "creator.first_name"
	Description string // one sentence for the help panel and docs/outreach.md
	Example     string // what it renders for a typical creator
	EmailOnly   bool   // only email messages may use it (links.unsubscribe)
}

// Variables is THE table of template variables: parsing refuses any other name, the editor's
// help panel lists them in this order, and docs/outreach.md is generated from it.
var Variables = []Variable{
	{"creator.first_name", "The creator's first name: their CRM first name, else guessed from the display name (or a dotted handle such as mai.nguyen); often empty, so give it a fallback.", "Mai", false},
	{"creator.name", "The creator's display name, or @handle when they have none.", "Mai Nguyen", false},
	{"creator.handle", "The creator's platform username, without the @.", "mai.nguyen", false},
	{"creator.followers", "The creator's follower count, written short (12.3K, 1.2M).", "12.3K", false},
	{"creator.region", "The creator's region or country code.", "US", false},
	{"creator.tier", "The creator's tier in your program.", "Gold", false},
	{"creator.gmv_30d", "The GMV the creator sold for you in the last 30 days, formatted in its currency.", "$1,250", false},
	{"product.name", "The name of the sequence's product.", "Glow Serum 30 ml", false},
	{"product.price", "The product's price, formatted in its currency.", "$24.99", false},
	{"product.link", "The product's promotion link for this creator.", "https://shop.example/p/1729", false},
	{"campaign.name", "The name of the campaign (the sequence's campaign label).", "Summer glow", false},
	{"commission.rate", "The commission rate offered on the product.", "15%", false},
	{"commission.example", "What the creator earns on one sale at the product's price and the commission rate.", "$3.75", false},
	{"sender.name", "The name of the member (or mailbox) sending the message.", "Linh", false},
	{"sender.company", "Your company: the workspace's name.", "Acme Beauty", false},
	{"links.unsubscribe", "The unsubscribe link (email only; added as a footer when the message does not use it).", "https://app.example/u/AQID…", true},
	{"links.sample", "The link where the creator requests a free sample.", "https://shop.example/sample/1729", false},
	{"links.collaboration", "The link to the collaboration offer.", "https://shop.example/collab/42", false},
}

// variableByName indexes Variables for the parser.
var variableByName = func() map[string]Variable {
	m := make(map[string]Variable, len(Variables))
	for _, v := range Variables {
		m[v.Name] = v
	}
	return m
}()

// LookupVariable finds a variable by its exact name.
func LookupVariable(name string) (Variable, bool) {
	v, ok := variableByName[name]
	return v, ok
}

// Vars are the values a message is rendered with, by variable name. A missing or empty value
// is "no value": the fallback is used, or the variable is reported missing.
type Vars map[string]string

// CreatorInfo is what templates may say about a creator; the engine fills it from the CRM.
type CreatorInfo struct {
	FirstName   string // set by hand in the CRM; else derived from DisplayName or Handle
	DisplayName string
	Handle      string // platform username, with or without a leading @
	Followers   int64  // 0: unknown
	Region      string
	Tier        string
	GMV30d      int64  // minor units of Currency
	Currency    string // ISO 4217 of GMV30d; "" means the GMV is unknown
	Language    string // BCP 47 tag; picks how a first name is read from a full name
}

// ProductInfo is the sequence's product, when it has one.
type ProductInfo struct {
	Name         string
	Price        int64  // minor units of Currency
	Currency     string // ISO 4217
	Link         string // the promotion link (may be overridden per creator through extra)
	CommissionBP int64  // offered commission in basis points: 1500 = 15%
}

// SenderInfo is who the message comes from.
type SenderInfo struct {
	Name    string // the member or mailbox display name
	Company string // the workspace's name
}

// VarsFor builds the values for one message. extra supplies what only the engine knows
// (campaign.name, links.unsubscribe, links.sample, links.collaboration, a per-creator
// product.link) and wins over the derived values; empty values count as absent.
func VarsFor(c CreatorInfo, p *ProductInfo, s SenderInfo, extra map[string]string) Vars {
	v := Vars{}
	set := func(name, value string) {
		if value = strings.TrimSpace(value); value != "" {
			v[name] = value
		}
	}
	handle := strings.TrimPrefix(strings.TrimSpace(c.Handle), "@")
	set("creator.first_name", firstNameOf(c))
	if name := strings.TrimSpace(c.DisplayName); name != "" {
		set("creator.name", name)
	} else if handle != "" {
		set("creator.name", "@"+handle)
	}
	set("creator.handle", handle)
	if c.Followers > 0 {
		set("creator.followers", compactCount(c.Followers))
	}
	set("creator.region", c.Region)
	set("creator.tier", c.Tier)
	if c.Currency != "" {
		set("creator.gmv_30d", formatMoney(c.GMV30d, c.Currency))
	}
	if p != nil {
		set("product.name", p.Name)
		if p.Currency != "" && p.Price > 0 {
			set("product.price", formatMoney(p.Price, p.Currency))
		}
		set("product.link", p.Link)
		if p.CommissionBP > 0 {
			set("commission.rate", intl.FormatRate(p.CommissionBP))
			if p.Currency != "" && p.Price > 0 {
				set("commission.example", formatMoney(commissionOn(p.Price, p.CommissionBP), p.Currency))
			}
		}
	}
	set("sender.name", s.Name)
	set("sender.company", s.Company)
	for name, value := range extra {
		if strings.TrimSpace(value) == "" {
			delete(v, name) // an explicit empty value removes a derived one
			continue
		}
		set(name, value)
	}
	return v
}

// commissionOn is price × bp / 10,000 rounded half up, in int64 without overflow for any
// realistic price (prices above ~9e14 minor units saturate instead of wrapping).
func commissionOn(price, bp int64) int64 {
	if price > math.MaxInt64/10_000 {
		return price / 10_000 * bp
	}
	return (price*bp + 5_000) / 10_000
}

// formatMoney writes an amount as its market does, without decimals when they are zero: a
// message reads "$1,250", not "$1,250.00".
func formatMoney(minor int64, code string) string {
	cur, ok := intl.LookupCurrency(code)
	if !ok {
		cur = intl.Currency{Code: strings.ToUpper(code), MinorUnits: 2}
	}
	loc := intl.DefaultLocale(cur.Code)
	unit := int64(1)
	for range cur.MinorUnits {
		unit *= 10
	}
	if minor%unit == 0 {
		minor /= unit
		cur.MinorUnits = 0
	}
	return intl.FormatAmount(minor, cur, loc)
}

// compactCount writes a follower count the way creators read it: 950, 9,876, 12.3K, 1.2M.
func compactCount(n int64) string {
	switch {
	case n < 10_000:
		return intl.FormatAmount(n, intl.Currency{}, intl.DefaultLocale("USD"))
	case n < 1_000_000:
		return shortUnit(n, 1_000, "K")
	case n < 1_000_000_000:
		return shortUnit(n, 1_000_000, "M")
	default:
		return shortUnit(n, 1_000_000_000, "B")
	}
}

// shortUnit writes n/unit with one decimal, truncated (12,399 is 12.3K, never a rounded-up
// 12.4K a creator would not recognise), without a trailing ".0".
func shortUnit(n, unit int64, suffix string) string {
	tenths := n / (unit / 10)
	s := strconv.FormatInt(tenths/10, 10)
	if d := tenths % 10; d != 0 && tenths < 1000 {
		s += "." + strconv.FormatInt(d, 10)
	}
	return s + suffix
}

// notNames are first words of display names that are not a person's name.
var notNames = map[string]bool{
	"the": true, "official": true, "shop": true, "store": true, "team": true, "by": true,
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "its": true, "it's": true,
	"i'm": true, "im": true, "my": true, "your": true, "real": true,
}

// familyNameFirst lists languages whose full names start with the family name and whose
// speakers are addressed by the last word: "Nguyễn Thị Mai" is greeted "Mai".
var familyNameFirst = map[string]bool{"vi": true}

// firstNameOf guesses how to greet a creator. It prefers no name to a wrong one: a template's
// fallback ("Hi there") reads better than "Hi Beautybymai".
func firstNameOf(c CreatorInfo) string {
	if n := strings.TrimSpace(c.FirstName); n != "" {
		return n
	}
	if words := nameWords(c.DisplayName); len(words) > 0 {
		w := words[0]
		if familyNameFirst[baseLanguage(c.Language)] && len(words) > 1 {
			w = words[len(words)-1]
		}
		if notNames[strings.ToLower(w)] {
			return ""
		}
		return nameCase(w)
	}
	// A handle names a person only when it is split like one: "mai.nguyen", "mai_nguyen".
	h := strings.TrimPrefix(strings.TrimSpace(c.Handle), "@")
	i := strings.IndexAny(h, "._-")
	if i < 2 {
		return ""
	}
	w := h[:i]
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return ""
		}
	}
	if notNames[strings.ToLower(w)] {
		return ""
	}
	return nameCase(w)
}

// nameWords splits a display name into words of letters, dropping emoji, symbols and digits
// around them ("✨Mai Nguyen✨" → Mai, Nguyen). Words without a letter are dropped.
func nameWords(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

// nameCase capitalises an all-lower or all-upper word ("mai", "MAI" → "Mai") and leaves mixed
// case alone ("McKenzie", "DeShawn").
func nameCase(w string) string {
	lower, upper := strings.ToLower(w), strings.ToUpper(w)
	if w != lower && w != upper {
		return w
	}
	rs := []rune(lower)
	rs[0] = unicode.ToTitle(rs[0])
	return string(rs)
}

// baseLanguage is the language subtag of a BCP 47 tag, lower case: "vi-VN" → "vi".
func baseLanguage(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}
