package demo

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// creator is one affiliate account.
type creator struct {
	username  string
	nickname  string
	category  string
	followers int64
	share     float64 // expected fraction of all orders
}

// product is one SKU of the brand's catalog; string forms are built once, not per line.
type product struct {
	id, sku, sellerSKU string
	nameCSV            string // already quoted if CSV needs it
	price              int64  // cents
	rateBP             int64  // basis points
	rate               string // "15%"
	weight             float64
}

// world is everything that does not change from one order to the next.
type world struct {
	creators    []creator
	products    []product
	pickCreator *aliasTable
	pickProduct *aliasTable
}

const (
	tailFraction = 0.45 // creators who sell almost nothing, as in every real affiliate program
	tailOrders   = 1.5  // expected orders per tail creator
	maxProducts  = 400
)

// newWorld draws creators and the catalog from opt.Seed alone, so changing Orders keeps the names.
func newWorld(opt Options) *world {
	r := rand.New(rand.NewPCG(opt.Seed, streamCatalog))
	w := &world{creators: make([]creator, opt.Creators)}
	// rank[i] is creator i's place in the sales ranking; shuffled so the best sellers are not
	// simply the first rows of the creator list.
	rank := r.Perm(opt.Creators)
	shares := creatorShares(opt.Creators, opt.Orders)
	weights := make([]float64, opt.Creators)
	for i := range w.creators {
		a := r.IntN(len(syllables))
		b := (a + 1 + r.IntN(len(syllables)-1)) % len(syllables)
		name := syllables[a] + syllables[b]
		idx := strconv.Itoa(i)
		// Better sellers tend to have bigger audiences, but only loosely.
		q := float64(rank[i]) / float64(opt.Creators)
		f := math.Exp(math.Log(40000) + 1.4*r.NormFloat64() + 2.0*(0.5-q))
		w.creators[i] = creator{
			username:  name + "_" + idx,
			nickname:  strings.ToUpper(name[:1]) + name[1:] + " " + idx,
			category:  verticals[r.IntN(len(verticals))].name,
			followers: int64(min(max(f, 1000), 5_000_000)),
			share:     shares[rank[i]],
		}
		weights[i] = shares[rank[i]]
	}
	w.pickCreator = newAliasTable(weights)
	w.products = newCatalog(r, min(max(20, opt.Creators/10), maxProducts))
	pw := make([]float64, len(w.products))
	for i, p := range w.products {
		pw[i] = p.weight
	}
	w.pickProduct = newAliasTable(pw)
	return w
}

// creatorShares returns expected order shares by sales rank (0 = best). The head follows Zipf
// (s = 1: the top 1% bring 30–50% of orders); the tail is flat at about 1–2 orders per creator
// over the whole period, however many orders there are.
func creatorShares(n, orders int) []float64 {
	tail := int(float64(n) * tailFraction)
	head := n - tail
	tailShare := 0.0
	if tail > 0 {
		tailShare = min(0.5, float64(tail)*tailOrders/float64(orders))
	}
	shares := make([]float64, n)
	var h float64
	for r := range head {
		shares[r] = 1 / float64(r+1)
		h += shares[r]
	}
	for r := range head {
		shares[r] *= (1 - tailShare) / h
	}
	for r := head; r < n; r++ {
		shares[r] = tailShare / float64(tail)
	}
	return shares
}

// newCatalog draws n products with their prices, commission rates and popularity.
func newCatalog(r *rand.Rand, n int) []product {
	used := make([]int, len(verticals))
	rank := r.Perm(n)
	ps := make([]product, n)
	for i := range ps {
		v := r.IntN(len(verticals))
		ps[i].nameCSV = csvField(productName(verticals[v].products, used[v]))
		used[v]++
		id := int64(1729000000000000000) + int64(i)*7919
		ps[i].id = strconv.FormatInt(id, 10)
		ps[i].sku = strconv.FormatInt(id+17, 10)
		ps[i].sellerSKU = "SKU-" + ps[i].id[len(ps[i].id)-4:]
		ps[i].price = drawPrice(r)
		pct := 10 + r.IntN(11)
		if r.IntN(5) == 0 {
			pct = 5 + r.IntN(26)
		}
		ps[i].rateBP = int64(pct) * 100
		ps[i].rate = strconv.Itoa(pct) + "%"
		ps[i].weight = math.Pow(float64(rank[i]+1), -0.9)
	}
	return ps
}

// productName returns the k-th name of a vertical, adding a variant once the base names run out.
func productName(names []string, k int) string {
	base := names[k%len(names)]
	round := k / len(names)
	switch {
	case round == 0:
		return base
	case round <= len(variants):
		return base + " - " + variants[round-1]
	default:
		return base + " - Style " + strconv.Itoa(round)
	}
}

// drawPrice returns a price in cents between $3 and $150, skewed low as catalogs are.
func drawPrice(r *rand.Rand) int64 {
	u := math.Pow(r.Float64(), 1.4)
	c := int64(math.Round(300 * math.Pow(50, u)))
	if r.IntN(5) < 2 {
		c = c/100*100 + 99 // charm pricing: $14.99
	}
	return min(max(c, 300), 15000)
}
