package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// chromiumPath finds Debian's chromium. Without it the browser tests skip with a message, but
// under CI=true they fail: .ci/run installs it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI=true does not allow skipping the browser tests: run .ci/run, which installs it")
	}
	t.Skip("chromium is not installed (apt-get install chromium): skipping the browser tests")
	return ""
}

// newBrowser starts a headless Chromium with a laptop-sized window and a fresh profile that
// downloads into dir.
func newBrowser(t *testing.T, downloads string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
	if err != nil {
		t.Fatalf("set the download folder: %v", err)
	}
	return ctx
}

// screenshotDir is where the browser tests leave pictures of the main pages: the CI artifacts
// folder (the README's pictures in docs/ are copied from there).
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("CREATOROPS_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "ci-artifacts", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// shot saves a full-page screenshot of the current page.
func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// browserSignIn signs who in through the login form of the app at base, and waits for the
// workspace's navigation.
func browserSignIn(t *testing.T, ctx context.Context, base string, who login) {
	t.Helper()
	must(t, ctx, "sign in", chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/login"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), who.email),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), who.password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.mainnav`)))
}

// bodyText is the visible text of the page.
func bodyText(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatalf("read the page: %v", err)
	}
	return s
}

// must runs browser steps and fails the test with what it was doing.
func must(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("%s (at %s): %v", what, loc, err)
	}
}

// waitForFile waits for a download to land in dir and returns its content.
func waitForFile(t *testing.T, dir, name string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil && len(b) > 0 {
			return string(b)
		}
		time.Sleep(100 * time.Millisecond)
	}
	entries, _ := os.ReadDir(dir)
	t.Fatalf("download %s did not arrive; the folder holds %v", name, entries)
	return ""
}

// serveOn starts h on 127.0.0.1 (the app) — the cross-origin check below needs a second origin.
func serveOn(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// TestBrowserFirstRun is the newcomer's path in a real browser: set up the owner, upload the two
// sample exports through the page, read the GMV on the overview, open a creator, download the
// rejected rows; and another site's form cannot post into the app.
func TestBrowserFirstRun(t *testing.T) {
	chromiumPath(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		downloads := t.TempDir()
		ctx := newBrowser(t, downloads)
		shots := screenshotDir(t)
		app := serveOn(t, New(s, testLogger(t)))

		must(t, ctx, "open the app", chromedp.Navigate(app.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`form[action="/setup"]`)))
		shot(t, ctx, shots, "setup")
		must(t, ctx, "set up the owner",
			chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "Ana Ops"),
			chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "ana@example.com"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
			chromedp.SendKeys(chromedp.CSS(`input[name="password2"]`), testPassword),
			chromedp.SendKeys(chromedp.CSS(`input[name="workspace"]`), "Glow Lab US"),
			chromedp.Click(chromedp.CSS(`form[action="/setup"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.mainnav`)),
		)
		if text := bodyText(t, ctx); !strings.Contains(text, "No orders yet") {
			t.Fatalf("after setup the workspace should be empty and say so:\n%s", text)
		}

		// Sign out and in again, as the next morning.
		must(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`.usermenu summary`)), chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
			chromedp.WaitVisible(chromedp.CSS(`form[action="/login"]`)))
		shot(t, ctx, shots, "login")
		must(t, ctx, "sign in",
			chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "ana@example.com"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
			chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.mainnav`)),
		)

		browserImportAndRead(t, ctx, app.URL, shots, downloads)
		browserCrossOrigin(t, ctx, app)
	})
}

// browserImportAndRead uploads the samples through the imports page into a new shop, waits for
// both imports, reads the GMV on the overview, opens a creator, downloads the rejected rows, and
// photographs the main pages on the way.
func browserImportAndRead(t *testing.T, ctx context.Context, base, shots, downloads string) {
	t.Helper()
	ws := base + "/w/glow-lab-us/"
	files := []string{}
	for _, f := range []string{"tiktok-affiliate-orders-1.csv", "tiktok-affiliate-orders-2.csv"} {
		p, err := filepath.Abs(filepath.Join("..", "..", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	must(t, ctx, "open the imports page", chromedp.Navigate(ws+"imports"), chromedp.WaitVisible(chromedp.CSS(`form.upload-form`)))
	shot(t, ctx, shots, "imports-empty")
	must(t, ctx, "name the new shop", chromedp.SendKeys(chromedp.CSS(`input[name="new_shop"]`), "us"))
	must(t, ctx, "choose the files", chromedp.SetUploadFiles(chromedp.CSS(`input[type="file"]`), files))
	must(t, ctx, "upload", chromedp.Click(chromedp.CSS(`form.upload-form button[type="submit"]`)))
	must(t, ctx, "see the imports listed", chromedp.WaitVisible(chromedp.CSS(`.runs`)))
	waitForImports(t, ctx, ws+"imports", 2)
	shot(t, ctx, shots, "imports")
	fitsWidth(t, ctx, "the imports list")

	must(t, ctx, "open the overview", chromedp.Navigate(ws+"?days=90"), chromedp.WaitVisible(chromedp.CSS(`svg.chart`)))
	if text := bodyText(t, ctx); !strings.Contains(text, "$23,662.80") {
		t.Errorf("the overview of the samples should show their GMV, $23,662.80 (../shared/data README):\n%s", text)
	}
	shot(t, ctx, shots, "overview")
	fitsWidth(t, ctx, "the overview")

	must(t, ctx, "open the top creator", chromedp.Click(chromedp.CSS(`.tables a[href*="/creators/"]`)), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "/creators/") || !strings.Contains(bodyText(t, ctx), "@") {
		t.Errorf("the creator page did not open: %s", loc)
	}
	shot(t, ctx, shots, "creator")
	must(t, ctx, "open the creators list", chromedp.Navigate(ws+"creators"), chromedp.WaitVisible(chromedp.CSS(`table`)))
	shot(t, ctx, shots, "creators")
	fitsWidth(t, ctx, "the creators list")
	must(t, ctx, "open the order lines", chromedp.Navigate(ws+"orders"), chromedp.WaitVisible(chromedp.CSS(`table`)))
	shot(t, ctx, shots, "orders")
	fitsWidth(t, ctx, "the order lines")

	must(t, ctx, "download the rejected rows", chromedp.Navigate(ws+"imports"),
		chromedp.Click(chromedp.CSS(`a[href$="imports/rejected.csv"]`)))
	csv := waitForFile(t, downloads, "glow-lab-us-rejected-rows-"+time.Now().UTC().Format("2006-01-02")+".csv")
	if lines := strings.Count(strings.TrimSpace(csv), "\n"); !strings.Contains(csv, "Order ID") || lines != 4 {
		t.Errorf("the rejected rows CSV should hold the header and the 4 bad rows, got %d lines:\n%s", lines+1, csv)
	}
	for _, page := range []struct{ path, name string }{{"members", "members"}, {"audit", "audit"}, {"shops", "shops"}} {
		must(t, ctx, "open "+page.path, chromedp.Navigate(ws+page.path), chromedp.WaitVisible(chromedp.CSS(`main`)))
		shot(t, ctx, shots, page.name)
		fitsWidth(t, ctx, page.path)
	}
	must(t, ctx, "open the API reference", chromedp.Navigate(base+"/api/v1/docs"), chromedp.WaitVisible(chromedp.CSS(`.op`)))
	shot(t, ctx, shots, "api-docs")
}

// waitForImports reloads the imports list until n imports are done.
func waitForImports(t *testing.T, ctx context.Context, list string, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		must(t, ctx, "open the imports list", chromedp.Navigate(list), chromedp.WaitVisible(chromedp.CSS(`main`)))
		done, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".runs .status-done").length`))
		if err != nil {
			t.Fatal(err)
		}
		if done >= n {
			return
		}
		if failed, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".runs .status-failed").length`)); failed > 0 {
			t.Fatalf("an import failed:\n%s", bodyText(t, ctx))
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("the imports did not finish:\n%s", bodyText(t, ctx))
}

// browserCrossOrigin has a page of another origin post a form to the app's sign-out: the
// browser sends it cross-site, the app refuses it, and the session survives.
func browserCrossOrigin(t *testing.T, ctx context.Context, app *httptest.Server) {
	t.Helper()
	// "localhost" and "127.0.0.1" are different sites to the browser.
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(app.URL, "http://"))
	evil := serveOn(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!DOCTYPE html><form id="f" method="post" action="http://127.0.0.1:%s/logout"><button id="go">Win a prize</button></form>`, port)
	}))
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)
	must(t, ctx, "open another site", chromedp.Navigate(evilURL), chromedp.WaitVisible(chromedp.CSS(`#go`)))
	must(t, ctx, "submit its form", chromedp.Click(chromedp.CSS(`#go`)))
	refused := false
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !refused; time.Sleep(100 * time.Millisecond) {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		refused = strings.Contains(strings.ToLower(text), "cross-origin")
	}
	if !refused {
		t.Errorf("a cross-site post should be refused, the page says:\n%s", bodyText(t, ctx))
	}
	must(t, ctx, "come back to the app", chromedp.Navigate(app.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`.mainnav`)))
}
