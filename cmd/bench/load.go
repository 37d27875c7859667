package main

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// phase is what one load phase measured: the latency of every request, and what went wrong.
type phase struct {
	name     string
	path     string
	elapsed  time.Duration
	lat      []time.Duration // of every request, whatever its answer
	bytes    int64           // of the 200 responses' bodies
	ok       int
	status   map[int]int // non-200 answers by status
	failed   int         // requests with no answer at all
	firstErr string
	// serverCPU is the server process's CPU time during the phase (0: unknown).
	serverCPU time.Duration
}

func (p *phase) requests() int { return len(p.lat) }

func (p *phase) perSecond() float64 { return float64(p.requests()) / p.elapsed.Seconds() }

// errors counts the requests that did not answer 200.
func (p *phase) errors() int { return p.requests() - p.ok }

// problems says which non-200 answers came back, for the report of a failed phase.
func (p *phase) problems() string {
	var s []string
	for _, code := range slices.Sorted(maps.Keys(p.status)) {
		s = append(s, fmt.Sprintf("%d× HTTP %d", p.status[code], code))
	}
	if p.failed > 0 {
		s = append(s, fmt.Sprintf("%d× %s", p.failed, p.firstErr))
	}
	return strings.Join(s, ", ")
}

// loader sends GET requests with a session cookie over keep-alive connections, never following
// redirects: a page that sends the client to the sign-in page is an error, not a fast answer.
type loader struct {
	client *http.Client
	base   string
	cookie *http.Cookie
}

func newLoader(base string, clients int) *loader {
	tr := &http.Transport{
		MaxIdleConns:        clients,
		MaxIdleConnsPerHost: clients,
		IdleConnTimeout:     time.Minute,
	}
	return &loader{
		base: base,
		client: &http.Client{
			Transport:     tr,
			Timeout:       30 * time.Second, // a hung server fails the run instead of hanging it
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// get sends one request and reads the whole body, so the connection goes back to the pool and
// the time includes the transfer of the page.
func (l *loader) get(path string) (status int, n int64, err error) {
	req, err := http.NewRequest(http.MethodGet, l.base+path, nil)
	if err != nil {
		return 0, 0, err
	}
	if l.cookie != nil {
		req.AddCookie(l.cookie)
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, n, err
}

// load sends GET path from clients goroutines for d. A request under way at the end is waited
// for, and counted.
func (l *loader) load(path string, clients int, d time.Duration) *phase {
	parts := make([]phase, clients)
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for i := range parts {
		p := &parts[i]
		p.status = map[int]int{}
		wg.Go(func() {
			// At least one request each, so every phase has latencies to report.
			for first := true; first || time.Now().Before(deadline); first = false {
				t := time.Now()
				code, n, err := l.get(path)
				p.lat = append(p.lat, time.Since(t))
				switch {
				case err != nil:
					p.failed++
					if p.firstErr == "" {
						p.firstErr = err.Error()
					}
				case code != http.StatusOK:
					p.status[code]++
				default:
					p.ok++
					p.bytes += n
				}
			}
		})
	}
	wg.Wait()
	all := &phase{elapsed: time.Since(start), status: map[int]int{}}
	for _, p := range parts {
		all.lat = append(all.lat, p.lat...)
		all.bytes += p.bytes
		all.ok += p.ok
		all.failed += p.failed
		if all.firstErr == "" {
			all.firstErr = p.firstErr
		}
		for code, n := range p.status {
			all.status[code] += n
		}
	}
	return all
}
