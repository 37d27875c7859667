package cli

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
)

// TestFakePlatformAnswersSignedRequests starts the fake-platform command and goes through
// what a connecting server does: the authorize page, the token exchange and a signed call.
func TestFakePlatformAnswersSignedRequests(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	a := &app{stdout: &out, stderr: io.Discard, log: slog.New(slog.DiscardHandler)}
	o := fakePlatformOptions{addr: ln.Addr().String(), serverURL: "http://127.0.0.1:8123", orders: 40, creators: 10, days: 7, seed: 3,
		appKey: "k1", appSecret: "s1", serviceID: "7000000000000000042"}
	done := make(chan error, 1)
	go func() { done <- a.runFakePlatform(ctx, ln, o) }()
	base := "http://" + ln.Addr().String()

	// The authorize page approves at once and sends the browser back to the server.
	nc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	authorize, err := tiktokshop.AuthorizeURL(o.serviceID, "st4te", base+"/open/authorize")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := nc.Get(authorize)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(loc.String(), o.serverURL+connect.CallbackPath) || loc.Query().Get("state") != "st4te" {
		t.Fatalf("authorize: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	cl, err := tiktokshop.New(tiktokshop.Config{AppKey: o.appKey, AppSecret: o.appSecret, APIBaseURL: base, AuthBaseURL: base, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := cl.GetToken(ctx, loc.Query().Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	shops, err := cl.AuthorizedShops(ctx, tok.AccessToken)
	if err != nil || len(shops) == 0 {
		t.Fatalf("signed call: %v, %v", shops, err)
	}
	// A client with the wrong secret is refused (106001): the fake checks signatures.
	bad, _ := tiktokshop.New(tiktokshop.Config{AppKey: o.appKey, AppSecret: "wrong", APIBaseURL: base, AuthBaseURL: base, MaxAttempts: 1})
	if _, err := bad.AuthorizedShops(ctx, tok.AccessToken); err == nil || !strings.Contains(err.Error(), "106001") {
		t.Fatalf("a wrong signature: err = %v", err)
	}

	for _, want := range []string{"app key     k1", "--tiktok-api-url " + base, "--tiktok-authorize-url " + base + "/open/authorize",
		"--tiktok-service-id " + o.serviceID, "--addr 127.0.0.1:8123", "export CREATOROPS_SECRET_KEY="} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the printed instructions lack %q:\n%s", want, out.String())
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

func TestSecretsKeygen(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"secrets", "keygen"}, &out, &errOut); code != 0 {
		t.Fatalf("keygen: exit %d: %s", code, errOut.String())
	}
	if k := strings.TrimSpace(out.String()); len(k) != 44 {
		t.Fatalf("keygen printed %q, want 44 characters of base64", k)
	}
}
