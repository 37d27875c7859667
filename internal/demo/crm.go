package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// The CRM side of the demo: what a team would have filled in after a few months of working
// its creators (stages, owners, tags, channels, do-not-contact with reasons), and a generator
// of creators with the same distribution, with their precomputed sales, for benchmarks.

const streamCRM = 0x63726d // "crm"

// demoActor signs the demo's CRM changes in the audit log and on timelines.
var demoActor = store.Actor{Label: "demo"}

// regionFacts are the language and time zone a creator of a region most likely has.
var regionFacts = map[string][2]string{
	"US": {"en", "America/New_York"}, "GB": {"en", "Europe/London"}, "MY": {"ms", "Asia/Kuala_Lumpur"},
	"ID": {"id", "Asia/Jakarta"}, "PH": {"tl", "Asia/Manila"}, "TH": {"th", "Asia/Bangkok"},
	"VN": {"vi", "Asia/Ho_Chi_Minh"}, "SG": {"en", "Asia/Singapore"},
}

var dncReasons = []string{
	"Asked us to stop messaging",
	"Signed an exclusive deal with a competitor",
	"Agency asked us to go through them only",
}

var bannedReasons = []string{"Posted a counterfeit of our product", "Repeated fake-order attempts"}

// FillCRM gives the demo workspace's creators the CRM fields a team fills in by hand: creators
// without sales spread over the early pipeline (prospect to sampled, a few do-not-contact or
// banned with their reasons), owners among the members who work creators, tags, languages,
// time zones, and some emails and Discord handles. Sellers keep the stages the automation gave
// them. Every change goes through the store's audited, timelined operations.
func FillCRM(ctx context.Context, s *store.Store, workspaceID int64, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, streamCRM))
	var creators []store.DirectoryRow
	q := store.DirectoryQuery{Sort: store.DirSortHandle, Limit: store.DirectoryMaxLimit, SkipCount: true}
	for {
		p, err := s.Directory(ctx, workspaceID, q)
		if err != nil {
			return err
		}
		creators = append(creators, p.Rows...)
		if p.Next == nil {
			break
		}
		q.After = p.Next
	}
	members, err := s.WorkspaceMembers(ctx, workspaceID)
	if err != nil {
		return err
	}
	var owners []int64
	for _, m := range members {
		if m.Role == "owner" || m.Role == "manager" || m.Role == "specialist" {
			owners = append(owners, m.ID)
		}
	}
	type stageKey struct {
		stage  model.Stage
		reason string
	}
	stages := map[stageKey][]int64{}
	tags := map[string][]int64{}
	owned := map[int64][]int64{}
	for i := range creators {
		c := &creators[i].CRMProfile
		seller := c.Sales.GMVAll > 0
		if !seller {
			k := stageKey{stage: earlyStage(r)}
			switch k.stage {
			case model.StageDoNotContact:
				k.reason = dncReasons[r.IntN(len(dncReasons))]
			case model.StageBanned:
				k.reason = bannedReasons[r.IntN(len(bannedReasons))]
			}
			if k.stage != c.Stage {
				stages[k] = append(stages[k], c.ID)
			}
		}
		if len(owners) > 0 && (seller || r.IntN(3) > 0) && c.OwnerID == nil {
			o := owners[r.IntN(len(owners))]
			owned[o] = append(owned[o], c.ID)
		}
		for _, t := range drawTags(r, seller && c.Sales.GMV30d > 0) {
			tags[t] = append(tags[t], c.ID)
		}
		var ch store.ProfileChange
		if f, ok := regionFacts[c.Region]; ok {
			ch.Language, ch.TimeZone = &f[0], &f[1]
		}
		if c.Email == "" && r.IntN(5) < 2 {
			e := c.Username + "@mail.example"
			ch.Email = &e
		}
		if c.Discord == "" && r.IntN(7) == 0 {
			d := c.Username + "#" + strconv.Itoa(1000+r.IntN(9000))
			ch.Discord = &d
		}
		if ch.Language != nil || ch.Email != nil || ch.Discord != nil {
			if _, err := s.UpdateProfile(ctx, demoActor, workspaceID, c.ID, ch); err != nil {
				return fmt.Errorf("demo: CRM profile of @%s: %w", c.Username, err)
			}
		}
	}
	for k, ids := range stages {
		if _, err := s.SetStage(ctx, demoActor, workspaceID, ids, k.stage, k.reason); err != nil {
			return fmt.Errorf("demo: stages: %w", err)
		}
	}
	for o, ids := range owned {
		if _, err := s.SetOwner(ctx, demoActor, workspaceID, ids, &o); err != nil {
			return fmt.Errorf("demo: owners: %w", err)
		}
	}
	for t, ids := range tags {
		if _, err := s.UpdateTags(ctx, demoActor, workspaceID, ids, []string{t}, nil); err != nil {
			return fmt.Errorf("demo: tags: %w", err)
		}
	}
	return nil
}

// earlyStage draws where a creator without sales stands in outreach.
func earlyStage(r *rand.Rand) model.Stage {
	switch x := r.IntN(100); {
	case x < 44:
		return model.StageProspect
	case x < 68:
		return model.StageContacted
	case x < 80:
		return model.StageEngaged
	case x < 88:
		return model.StageOnboarded
	case x < 96:
		return model.StageSampled
	case x < 99:
		return model.StageDoNotContact
	default:
		return model.StageBanned
	}
}

// drawTags gives a creator the tags a team uses: campaigns, briefs, referrals, VIPs.
func drawTags(r *rand.Rand, selling bool) []string {
	var out []string
	if selling && r.IntN(4) == 0 {
		out = append(out, "vip")
	}
	if r.IntN(5) == 0 {
		out = append(out, "q4-launch")
	}
	if r.IntN(10) == 0 {
		out = append(out, "needs-brief")
	}
	if r.IntN(20) == 0 {
		out = append(out, "referral")
	}
	return out
}

// CRMSeedOptions shape SeedCreators.
type CRMSeedOptions struct {
	Seed     uint64
	Currency string  // of the sales columns; "USD" when empty
	Today    int32   // YYYYMMDD the sales are as of
	Owners   []int64 // members who own creators; none leaves everyone unowned
	Prefix   string  // starts every handle, so two seeds in one workspace do not collide
}

// seedRegions are weighted like a US-first program with Southeast Asian shops.
var seedRegions = []string{"US", "US", "US", "US", "GB", "ID", "ID", "PH", "TH", "VN", "MY", "SG"}

// SeedCreators returns n creators with the demo's distribution and their precomputed sales:
// about 30% have sold, GMV follows a power law (Pareto, alpha 1.16: the top 1% make about half
// of it), verticals lean on beauty and fashion, sellers stand in the late stages by how
// recently they sold, the others spread over outreach. Same options, same creators.
func SeedCreators(n int, o CRMSeedOptions) []store.SeedCreator {
	r := rand.New(rand.NewPCG(o.Seed, streamCRM+1))
	if o.Currency == "" {
		o.Currency = "USD"
	}
	today := time.Date(int(o.Today/10000), time.Month(o.Today/100%100), int(o.Today%100), 0, 0, 0, 0, time.UTC)
	dayOf := func(daysAgo int) int32 {
		t := today.AddDate(0, 0, -daysAgo)
		return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
	}
	// Zipf-like vertical weights: the first verticals are the busiest.
	weights := make([]float64, len(verticals))
	var total float64
	for i := range verticals {
		weights[i] = 1 / math.Pow(float64(i+1), 0.8)
		total += weights[i]
	}
	drawVertical := func() string {
		x := r.Float64() * total
		for i, w := range weights {
			if x -= w; x <= 0 {
				return verticals[i].name
			}
		}
		return verticals[len(verticals)-1].name
	}
	out := make([]store.SeedCreator, n)
	for i := range out {
		c := &out[i]
		c.Handle = fmt.Sprintf("%s%s%s_%d", o.Prefix, syllables[r.IntN(len(syllables))], syllables[r.IntN(len(syllables))], i)
		c.DisplayName = titleWord(syllables[r.IntN(len(syllables))]) + " " + titleWord(syllables[r.IntN(len(syllables))])
		f := int64(math.Min(math.Exp(9.2+1.5*r.NormFloat64()), 40e6))
		c.Followers = &f
		c.Region = seedRegions[r.IntN(len(seedRegions))]
		facts := regionFacts[c.Region]
		c.Language, c.TimeZone = facts[0], facts[1]
		c.Verticals = []string{drawVertical()}
		if r.IntN(4) == 0 {
			if v := drawVertical(); v != c.Verticals[0] {
				c.Verticals = append(c.Verticals, v)
			}
		}
		if r.IntN(5) < 2 {
			c.Email = c.Handle + "@mail.example"
		}
		if r.IntN(7) == 0 {
			c.Discord = c.Handle + "#" + strconv.Itoa(1000+r.IntN(9000))
		}
		if r.IntN(4) == 0 {
			c.Agency = agencies[r.IntN(len(agencies))]
		}
		c.Score = 10 + r.IntN(86)
		c.Sales.Currency, c.Sales.StatsDay = o.Currency, o.Today
		seller := r.IntN(10) < 3
		if seller {
			// Pareto GMV in minor units from $20, capped at $5M lifetime.
			all := math.Min(2000/math.Pow(1-r.Float64(), 1/1.16), 5e8)
			lastAgo := int(math.Min(math.Abs(r.NormFloat64())*45, 364))
			firstAgo := lastAgo + r.IntN(365-lastAgo)
			c.Sales.GMVAll = int64(all)
			c.Sales.UnitsAll = max(1, c.Sales.GMVAll/2500)
			c.Sales.FirstSaleDay, c.Sales.LastSale = dayOf(firstAgo), dayOf(lastAgo)
			if lastAgo < 90 {
				c.Sales.GMV90d = int64(all * (0.2 + 0.6*r.Float64()))
				c.Sales.Orders90d = max(1, c.Sales.GMV90d/2800)
			}
			if lastAgo < 30 {
				c.Sales.GMV30d = int64(float64(c.Sales.GMV90d) * (0.25 + 0.5*r.Float64()))
				c.Sales.Orders30d = max(1, c.Sales.GMV30d/2800)
			}
			switch {
			case lastAgo < 30 && firstAgo < 30:
				c.Stage = model.StageActivated
			case lastAgo < 30:
				c.Stage = model.StageActive
			case lastAgo < 60:
				c.Stage = model.StageAtRisk
			default:
				c.Stage = model.StageChurned
			}
			switch g := c.Sales.GMV30d; {
			case g >= 1_000_000:
				c.Tier = "gold"
			case g >= 200_000:
				c.Tier = "silver"
			case g >= 30_000:
				c.Tier = "bronze"
			}
		} else {
			c.Stage = earlyStage(r)
			switch c.Stage {
			case model.StageDoNotContact:
				c.StageReason = dncReasons[r.IntN(len(dncReasons))]
			case model.StageBanned:
				c.StageReason = bannedReasons[r.IntN(len(bannedReasons))]
			}
		}
		c.StageSince = today.AddDate(0, 0, -r.IntN(120))
		c.CreatedAt = c.StageSince.AddDate(0, 0, -r.IntN(200))
		if len(o.Owners) > 0 && (seller || c.Stage != model.StageProspect) && r.IntN(10) < 7 {
			c.OwnerID = &o.Owners[r.IntN(len(o.Owners))]
		}
		c.Tags = drawTags(r, c.Sales.GMV30d > 0)
	}
	return out
}

func titleWord(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
