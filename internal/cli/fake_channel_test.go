package cli

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/outreachtest"
)

// The fake-channel command serves the HTTP fake: a delivery is counted and can be asked for.
func TestFakeChannelCommand(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	a := &app{stdout: &out}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.runFakeChannel(ctx, ln) }()
	ch, err := outreachtest.NewHTTPChannel("http://"+ln.Addr().String(), outreach.ChannelEmail)
	if err != nil {
		t.Fatal(err)
	}
	var sendErr error
	for range 50 { // the server goroutine may not be serving yet
		if _, sendErr = ch.Send(ctx, outreach.Outgoing{IdempotencyKey: "o:1:0", Body: "hi"}); sendErr == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if sendErr != nil {
		t.Fatal(sendErr)
	}
	if _, ok, err := ch.Delivered(ctx, outreach.Outgoing{IdempotencyKey: "o:1:0"}); !ok || err != nil {
		t.Errorf("Delivered = %v, %v", ok, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if !bytes.Contains(out.Bytes(), []byte("CREATOROPS_OUTREACH_FAKE_URL=http://"+ln.Addr().String())) {
		t.Errorf("banner:\n%s", out.String())
	}
}
