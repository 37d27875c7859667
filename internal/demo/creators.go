package demo

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
)

// unitsPerOrder is the expected units in an order: 1.25 lines × 1.49 units a line.
const unitsPerOrder = 1.86

// WriteCreatorList writes a creator list like testdata/creators-sample.csv (same header) for opt's creators.
func WriteCreatorList(w io.Writer, opt Options) error {
	opt, err := opt.normalize()
	if err != nil {
		return err
	}
	wd := newWorld(opt)
	orders30 := recentOrders(opt, 30)
	avgPrice := meanPrice(wd.products)
	r := rand.New(rand.NewPCG(opt.Seed, streamCreators))

	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(bom); err != nil {
		return fmt.Errorf("demo: write creator list: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(creatorHeader); err != nil {
		return fmt.Errorf("demo: write creator list: %w", err)
	}
	rec := make([]string, len(creatorHeader))
	for _, c := range wd.creators {
		// Research tools show 30-day figures: roughly the creator's share of recent orders, blurred
		// because they are scraped estimates, not the brand's own numbers.
		units := int64(math.Round(c.share * orders30 * unitsPerOrder * math.Exp(0.3*r.NormFloat64())))
		gmv := int64(math.Round(float64(units) * avgPrice * math.Exp(0.1*r.NormFloat64())))
		views := int64(float64(c.followers) * (0.1 + 0.5*r.Float64()))
		engagement := 20 + r.IntN(100) // tenths of a percent: 2.0%–11.9%
		rec[0] = c.username
		rec[1] = c.nickname
		rec[2] = strconv.FormatInt(c.followers, 10)
		if opt.Quirks && r.IntN(5) < 2 {
			rec[2] = string(appendThousands(nil, c.followers))
		}
		rec[3] = c.category
		rec[4] = string(appendDollars(nil, gmv))
		rec[5] = strconv.FormatInt(units, 10)
		rec[6] = strconv.FormatInt(views, 10)
		rec[7] = strconv.Itoa(engagement/10) + "." + strconv.Itoa(engagement%10) + "%"
		rec[8] = ""
		if r.IntN(2) == 0 {
			rec[8] = c.username + "@example.com"
		}
		rec[9] = regions[r.IntN(len(regions))]
		rec[10] = ""
		if r.IntN(4) == 0 {
			rec[10] = agencies[r.IntN(len(agencies))]
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("demo: write creator list: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("demo: write creator list: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("demo: write creator list: %w", err)
	}
	return nil
}

// recentOrders returns how many orders fall in the last n days of the period.
func recentOrders(opt Options, n int) float64 {
	counts := hourlyCounts(opt, rand.New(rand.NewPCG(opt.Seed, streamOrders)))
	total := 0
	for _, c := range counts[max(0, len(counts)-n*24):] {
		total += int(c)
	}
	return float64(total)
}

// meanPrice is the popularity-weighted unit price in cents.
func meanPrice(ps []product) float64 {
	var sum, weights float64
	for _, p := range ps {
		sum += p.weight * float64(p.price)
		weights += p.weight
	}
	return sum / weights
}
