package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/webhook"
	"github.com/creatorops/creatorops/internal/store"
)

// The app the benchmark's server verifies deliveries with; throwaway values.
const (
	benchAppKey    = "benchappkey0001"
	benchAppSecret = "bench-app-secret-not-secret"
	benchShopID    = "7494049642642441621"
	targetP99      = 50 * time.Millisecond
)

// delivery is what happened to one scheduled webhook send.
type delivery struct {
	lat    time.Duration // from the scheduled send time to the end of the answer
	lag    time.Duration // how late the sender started it: the load generator's own delay
	status int           // 0: no answer
	err    string
}

// benchWebhooks measures issue 5's target: signed TikTok Shop deliveries at a fixed rate against
// the real server, open loop. Each send is scheduled on the clock and started on time whatever
// earlier sends are doing, and its latency counts from the scheduled time, so a server that
// falls behind shows up as latency instead of silently lowering the rate (coordinated omission).
func benchWebhooks(args []string) error {
	fs := flag.NewFlagSet("webhooks", flag.ExitOnError)
	rate := fs.Int("rate", 1000, "deliveries a second")
	duration := fs.Duration("duration", 20*time.Second, "measured time")
	warmup := fs.Duration("warmup", 2*time.Second, "unmeasured deliveries at the same rate first")
	dir := fs.String("dir", "tmp/bench", "folder for the binary, the database and the server log")
	db := fs.String("db", "", "SQLite database, emptied first (default DIR/webhooks.db)")
	pg := fs.String("pg", "", "PostgreSQL DSN: run against a fresh schema there instead of SQLite")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the server to this file")
	fs.Parse(args)
	if *rate < 1 || *duration <= 0 || *warmup < 0 {
		return fmt.Errorf("webhooks: want --rate ≥ 1, --duration > 0 and --warmup ≥ 0")
	}
	workDir(*dir)
	bin, err := buildBinary(*dir)
	if err != nil {
		return fmt.Errorf("building ./cmd/creatorops: %w", err)
	}
	dsn, engine := *db, "SQLite"
	if *pg != "" {
		var drop func()
		if dsn, drop, err = freshPGSchema(*pg); err != nil {
			return fmt.Errorf("making a fresh PostgreSQL schema: %w", err)
		}
		defer drop()
		engine = "PostgreSQL"
	} else {
		if dsn == "" {
			dsn = filepath.Join(*dir, "webhooks.db")
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(dsn + suffix)
		}
	}
	// The server reads its app from the environment, as an operator's would.
	os.Setenv("CREATOROPS_TIKTOK_APP_KEY", benchAppKey)
	os.Setenv("CREATOROPS_TIKTOK_APP_SECRET", benchAppSecret)
	srv, err := startServer(bin, dsn, filepath.Join(*dir, "webhooks-server.log"), *profile)
	if err != nil {
		return err
	}
	defer srv.stop()

	client := &http.Client{
		Transport: &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, IdleConnTimeout: time.Minute},
		Timeout:   30 * time.Second,
	}
	g := &generator{client: client, url: srv.base + "/webhooks/tiktok-shop", next: 7_300_000_000_000_000_000 + rand.Int64N(1e15)}
	// One delivery first, so a missing route or a refused signature fails at once with its answer.
	if d := g.send(time.Now()); d.status != http.StatusOK {
		return fmt.Errorf("the first delivery answered %d %s, want 200 (server log: %s)", d.status, d.err, srv.log)
	}
	acked := 1
	fmt.Fprintf(os.Stderr, "sending %d signed deliveries a second: %s warm-up, %s measured…\n", *rate, *warmup, *duration)
	if *warmup > 0 {
		w, _ := g.openLoop(*rate, *warmup)
		acked += countOK(w)
	}
	cpu, cpuErr := srv.cpuTime()
	ds, elapsed := g.openLoop(*rate, *duration)
	var serverCPU time.Duration
	if after, err := srv.cpuTime(); err == nil && cpuErr == nil {
		serverCPU = after - cpu
	}
	acked += countOK(ds)
	rss, rssErr := srv.peakRSS()
	if err := srv.stop(); err != nil {
		fmt.Fprintf(os.Stderr, "bench: stopping the server: %v (log: %s)\n", err, srv.log)
	}
	inbox, err := inboxCount(dsn)
	if err != nil {
		return fmt.Errorf("counting the inbox: %w", err)
	}

	lat := make([]time.Duration, len(ds))
	lag := make([]time.Duration, len(ds))
	status := map[int]int{}
	failed, firstErr := 0, ""
	for i, d := range ds {
		lat[i], lag[i] = d.lat, d.lag
		switch {
		case d.status == 0:
			failed++
			if firstErr == "" {
				firstErr = d.err
			}
		case d.status != http.StatusOK:
			status[d.status]++
		}
	}
	ok := countOK(ds)
	p99 := percentile(lat, 99)
	verdict := "**PASS**"
	if p99 >= targetP99 || ok != len(ds) {
		verdict = "**FAIL**"
	}
	fmt.Printf("Machine: %d cores (%s), %s %s/%s; server peak RSS (VmHWM) ", runtime.NumCPU(), cpuModel(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if rssErr != nil {
		fmt.Printf("unknown: %v\n\n", rssErr)
	} else {
		fmt.Printf("%d MiB\n\n", rss/1024)
	}
	cpuPer := "—"
	if serverCPU > 0 {
		cpuPer = fmt.Sprintf("%.2f ms", ms(serverCPU)/float64(len(ds)))
	}
	fmt.Printf("| %d/s for %s, open loop, %s | sent | acknowledged (200) | errors | achieved | p50 | p95 | p99 | max | server CPU a delivery | p99 < 50 ms |\n", *rate, *duration, engine)
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	fmt.Printf("| POST `/webhooks/tiktok-shop` | %d | %d | %d | %.0f/s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %s | %s |\n",
		len(ds), ok, len(ds)-ok, float64(ok)/elapsed.Seconds(), ms(percentile(lat, 50)), ms(percentile(lat, 95)),
		ms(p99), ms(slices.Max(lat)), cpuPer, verdict)
	fmt.Printf("\nSender lag (start of a send after its scheduled time): p99 %.2f ms, max %.2f ms.\n", ms(percentile(lag, 99)), ms(slices.Max(lag)))
	inboxOK := inbox == int64(acked)
	fmt.Printf("Inbox: %d events for %d acknowledged deliveries (warm-up and first probe included): %s.\n", inbox, acked,
		map[bool]string{true: "one row each", false: "**MISMATCH**"}[inboxOK])

	var problems []string
	for _, code := range slices.Sorted(maps.Keys(status)) {
		problems = append(problems, fmt.Sprintf("%d× HTTP %d", status[code], code))
	}
	if failed > 0 {
		problems = append(problems, fmt.Sprintf("%d× %s", failed, firstErr))
	}
	switch {
	case len(problems) > 0:
		return fmt.Errorf("deliveries not acknowledged (server log: %s): %s", srv.log, strings.Join(problems, ", "))
	case !inboxOK:
		return fmt.Errorf("the inbox holds %d events, want %d: an acknowledged delivery was lost or one was stored twice", inbox, acked)
	case p99 >= targetP99:
		return fmt.Errorf("p99 %.1f ms is over %v: profile the server with --cpuprofile", ms(p99), targetP99)
	}
	return nil
}

// generator sends signed deliveries with unique notification ids.
type generator struct {
	client *http.Client
	url    string
	mu     sync.Mutex
	next   int64 // next notification id: TikTok's are 19-digit numbers
	sent   int
}

// openLoop schedules rate sends a second for d, each at its own time on the clock and in its
// own goroutine, and waits for every answer. It returns what happened to each and the time from
// the first scheduled send to the last answer.
func (g *generator) openLoop(rate int, d time.Duration) ([]delivery, time.Duration) {
	n := int(d.Seconds() * float64(rate))
	out := make([]delivery, n)
	var wg sync.WaitGroup
	start := time.Now().Add(10 * time.Millisecond)
	for i := range n {
		// Computed from the start, not by adding an interval, so rounding never drifts the rate.
		at := start.Add(time.Duration(int64(i) * int64(time.Second) / int64(rate)))
		if wait := time.Until(at); wait > 0 {
			time.Sleep(wait)
		}
		lag := time.Since(at)
		wg.Go(func() {
			out[i] = g.send(at)
			out[i].lag = lag
		})
	}
	wg.Wait()
	return out, time.Since(start)
}

// send delivers one notification scheduled at at and times it from then.
func (g *generator) send(at time.Time) delivery {
	g.mu.Lock()
	id := g.next
	g.next++
	i := g.sent
	g.sent++
	g.mu.Unlock()
	body := payload(i, id, time.Now())
	req, err := http.NewRequest(http.MethodPost, g.url, bytes.NewReader(body))
	if err != nil {
		return delivery{err: err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", webhook.Sign(benchAppKey, benchAppSecret, body))
	resp, err := g.client.Do(req)
	if err != nil {
		return delivery{lat: time.Since(at), err: err.Error()}
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return delivery{lat: time.Since(at), status: resp.StatusCode}
}

// payload is the i-th delivery of a realistic mix: order status changes most, then reverse
// orders, returns and creator messages, and now and then an authorization notice.
func payload(i int, id int64, ts time.Time) []byte {
	order := 576_460_000_000_000_000 + int64(i)
	var typ, data string
	switch i % 20 {
	case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9:
		statuses := []string{"AWAITING_SHIPMENT", "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED"}
		typ = "1"
		data = fmt.Sprintf(`{"order_id":"%d","order_status":%q,"is_on_hold_order":false,"update_time":%d}`, order, statuses[i%len(statuses)], ts.Unix())
	case 10, 11, 12, 13:
		typ = "2"
		data = fmt.Sprintf(`{"order_id":"%d","reverse_order_id":"%d","reverse_order_status":4,"reverse_event_type":"BUYER_CANCEL","reverse_type":2,"update_time":%d}`, order, order+1, ts.Unix())
	case 14, 15, 16:
		typ = "12"
		data = fmt.Sprintf(`{"order_id":"%d","return_id":"%d","return_role":"BUYER","return_type":"RETURN_AND_REFUND","return_status":"RETURN_OR_REFUND_REQUEST_PENDING","create_time":%d,"update_time":%d}`, order, order+2, ts.Unix(), ts.Unix())
	case 17, 18:
		typ = `"NEW_MESSAGE_LISTENER"`
		data = fmt.Sprintf(`{"conversation_id":"%d","message_id":"%d","msg_type":"TEXT","content":"{\"content\":\"Hi! I'd love to try the serum for a video this week, can I get a sample?\"}","sender":{"im_user_id":"%d","role":"CREATOR"},"create_time":%d}`, order, order+3, order+4, ts.Unix())
	default:
		if i%40 == 19 {
			typ, data = "6", `{"message":"The seller has deauthorized the app."}`
		} else {
			typ = "7"
			data = fmt.Sprintf(`{"message":"Authorization of shop_id %s is expiring in 3 days.","expiration_time":"%d"}`, benchShopID, ts.Add(72*time.Hour).Unix())
		}
	}
	return fmt.Appendf(nil, `{"type":%s,"tts_notification_id":"%d","shop_id":%q,"timestamp":%d,"data":%s}`, typ, id, benchShopID, ts.Unix(), data)
}

func countOK(ds []delivery) int {
	n := 0
	for _, d := range ds {
		if d.status == http.StatusOK {
			n++
		}
	}
	return n
}

// inboxCount opens the benchmark's database and counts the TikTok Shop events it holds.
func inboxCount(dsn string) (int64, error) {
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	return s.WebhookCount(ctx, model.PlatformTikTokShop)
}
