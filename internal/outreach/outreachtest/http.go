package outreachtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/outreach"
)

// wireMessage is the JSON body of POST /deliver.
type wireMessage struct {
	Key         string         `json:"key"`
	WorkspaceID int64          `json:"workspace_id,omitempty"`
	CreatorID   int64          `json:"creator_id,omitempty"`
	OutboxID    int64          `json:"outbox_id,omitempty"`
	Channel     string         `json:"channel,omitempty"`
	SenderKey   string         `json:"sender_key,omitempty"`
	To          wireAddress    `json:"to"`
	Subject     string         `json:"subject,omitempty"`
	Body        string         `json:"body"`
	Card        *outreach.Card `json:"card,omitempty"`
}

type wireAddress struct {
	TikTokUserID  string `json:"tiktok_user_id,omitempty"`
	Email         string `json:"email,omitempty"`
	DiscordUserID string `json:"discord_user_id,omitempty"`
	Name          string `json:"name,omitempty"`
}

// wireReceipt answers a delivery or a probe.
type wireReceipt struct {
	Count      int       `json:"count"`
	ProviderID string    `json:"provider_id,omitempty"`
	At         time.Time `json:"at,omitzero"`
}

// wireError answers a refused delivery (HTTP 422).
type wireError struct {
	Error        string `json:"error"`
	Permanent    bool   `json:"permanent"`
	Ambiguous    bool   `json:"ambiguous"`
	Suppress     string `json:"suppress,omitempty"`
	RetryAfterMS int64  `json:"retry_after_ms,omitempty"`
}

// Injection is the body of POST /inject: failures to script on the fake behind the server.
type Injection struct {
	FailNth       int    `json:"fail_nth,omitempty"`     // the nth send from now fails (retryable)
	LoseNth       int    `json:"lose_nth,omitempty"`     // the nth send is delivered, answered as ambiguous
	FailAddress   string `json:"fail_address,omitempty"` // every send to it fails for good
	Suppress      string `json:"suppress,omitempty"`     // with this suppression reason
	LatencyMillis int64  `json:"latency_ms,omitempty"`   // every send waits this long
	Reset         bool   `json:"reset,omitempty"`        // forget everything first
}

// NewServer serves f over HTTP for a creatorops process to deliver to:
//
//	POST /deliver          a message (wireMessage); 200 with the receipt, 422 with the failure
//	GET  /delivered?key=K  how many times K was delivered, with the first receipt
//	GET  /counts           {"total": n, "keys": {key: count}}
//	POST /inject           scripted failures (Injection)
func NewServer(f *Fake) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /deliver", func(w http.ResponseWriter, r *http.Request) {
		var m wireMessage
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&m); err != nil || m.Key == "" {
			http.Error(w, "outreachtest: body must be JSON with a key", http.StatusBadRequest)
			return
		}
		rc, err := f.Send(r.Context(), m.outgoing())
		if err != nil {
			we := wireError{Error: err.Error(), Permanent: !outreach.Retryable(err), Ambiguous: outreach.Ambiguous(err),
				Suppress: outreach.SuppressReason(err), RetryAfterMS: outreach.RetryAfter(err).Milliseconds()}
			writeJSON(w, http.StatusUnprocessableEntity, we)
			return
		}
		writeJSON(w, http.StatusOK, wireReceipt{Count: f.Count(m.Key), ProviderID: rc.ProviderID, At: rc.At})
	})
	mux.HandleFunc("GET /delivered", func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.Query().Get("key")
		rc, ok, _ := f.Delivered(r.Context(), outreach.Outgoing{IdempotencyKey: key})
		out := wireReceipt{Count: f.Count(key)}
		if ok {
			out.ProviderID, out.At = rc.ProviderID, rc.At
		}
		writeJSON(w, http.StatusOK, out)
	})
	mux.HandleFunc("GET /counts", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"total": f.Total(), "keys": f.Counts()})
	})
	mux.HandleFunc("POST /inject", func(w http.ResponseWriter, r *http.Request) {
		var in Injection
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&in); err != nil {
			http.Error(w, "outreachtest: body must be an Injection", http.StatusBadRequest)
			return
		}
		if in.Reset {
			f.Reset()
		}
		if in.FailNth > 0 {
			f.FailNth(in.FailNth, nil)
		}
		if in.LoseNth > 0 {
			f.LoseAnswerNth(in.LoseNth)
		}
		if in.FailAddress != "" {
			f.FailAddress(in.FailAddress, in.Suppress)
		}
		if in.LatencyMillis > 0 {
			f.SetLatency(time.Duration(in.LatencyMillis) * time.Millisecond)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}

func (m wireMessage) outgoing() outreach.Outgoing {
	return outreach.Outgoing{IdempotencyKey: m.Key, WorkspaceID: m.WorkspaceID, CreatorID: m.CreatorID, OutboxID: m.OutboxID,
		Channel: outreach.ChannelName(m.Channel), SenderKey: m.SenderKey,
		To:      outreach.Address{TikTokUserID: m.To.TikTokUserID, Email: m.To.Email, DiscordUserID: m.To.DiscordUserID, Name: m.To.Name},
		Subject: m.Subject, Body: m.Body, Card: m.Card}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// HTTPChannel delivers to a NewServer over HTTP. It implements outreach.Channel and
// outreach.Prober; it is selected in creatorops by a "fake:" sender key when
// CREATOROPS_OUTREACH_FAKE_URL is set (a test hook, see docs/outreach.md).
type HTTPChannel struct {
	base   string
	name   outreach.ChannelName
	client *http.Client
}

var (
	_ outreach.Channel = (*HTTPChannel)(nil)
	_ outreach.Prober  = (*HTTPChannel)(nil)
)

// NewHTTPChannel returns a channel named name that delivers to the server at baseURL.
func NewHTTPChannel(baseURL string, name outreach.ChannelName) (*HTTPChannel, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("outreachtest: fake channel URL %q is not an http(s) URL", baseURL)
	}
	if name == "" {
		name = outreach.ChannelTikTokIM
	}
	// Many dispatcher workers share one server: keep their connections instead of opening
	// (and leaving in TIME_WAIT) one per message.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 128
	return &HTTPChannel{base: strings.TrimRight(baseURL, "/"), name: name, client: &http.Client{Timeout: 30 * time.Second, Transport: tr}}, nil
}

// Name is the channel name given to NewHTTPChannel.
func (c *HTTPChannel) Name() outreach.ChannelName { return c.name }

// Send posts the message. No answer at all is ambiguous: the server may have delivered it.
func (c *HTTPChannel) Send(ctx context.Context, m outreach.Outgoing) (outreach.Receipt, error) {
	body, _ := json.Marshal(wireMessage{Key: m.IdempotencyKey, WorkspaceID: m.WorkspaceID, CreatorID: m.CreatorID, OutboxID: m.OutboxID,
		Channel: string(m.Channel), SenderKey: m.SenderKey,
		To:      wireAddress{TikTokUserID: m.To.TikTokUserID, Email: m.To.Email, DiscordUserID: m.To.DiscordUserID, Name: m.To.Name},
		Subject: m.Subject, Body: m.Body, Card: m.Card})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/deliver", bytes.NewReader(body))
	if err != nil {
		return outreach.Receipt{}, &outreach.SendError{Err: err, Permanent: true}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("%w: outreachtest: %w", outreach.ErrAmbiguous, err), Permanent: true}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	switch {
	case err != nil:
		return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("%w: outreachtest: reading the answer: %w", outreach.ErrAmbiguous, err), Permanent: true}
	case resp.StatusCode == http.StatusOK:
		var rc wireReceipt
		if err := json.Unmarshal(raw, &rc); err != nil {
			return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("%w: outreachtest: %w", outreach.ErrAmbiguous, err), Permanent: true}
		}
		return outreach.Receipt{ProviderID: rc.ProviderID, At: rc.At}, nil
	case resp.StatusCode == http.StatusUnprocessableEntity:
		var we wireError
		if err := json.Unmarshal(raw, &we); err != nil {
			return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("outreachtest: HTTP 422: %s", raw)}
		}
		cause := errors.New(we.Error)
		if we.Ambiguous {
			cause = fmt.Errorf("%w: %s", outreach.ErrAmbiguous, we.Error)
		}
		return outreach.Receipt{}, &outreach.SendError{Err: cause, Permanent: we.Permanent, Suppress: we.Suppress,
			RetryAfter: time.Duration(we.RetryAfterMS) * time.Millisecond}
	}
	return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("outreachtest: POST /deliver: HTTP %d: %s", resp.StatusCode, bytes.TrimSpace(raw)), Permanent: true}
}

// Delivered asks the server whether the key was delivered.
func (c *HTTPChannel) Delivered(ctx context.Context, m outreach.Outgoing) (outreach.Receipt, bool, error) {
	var rc wireReceipt
	if err := c.get(ctx, "/delivered?key="+url.QueryEscape(m.IdempotencyKey), &rc); err != nil {
		return outreach.Receipt{}, false, err
	}
	if rc.Count == 0 {
		return outreach.Receipt{}, false, nil
	}
	return outreach.Receipt{ProviderID: rc.ProviderID, At: rc.At}, true, nil
}

// Counts returns how many times each key was delivered, and the total.
func (c *HTTPChannel) Counts(ctx context.Context) (map[string]int, int, error) {
	var out struct {
		Total int            `json:"total"`
		Keys  map[string]int `json:"keys"`
	}
	err := c.get(ctx, "/counts", &out)
	return out.Keys, out.Total, err
}

// Inject scripts failures on the server's fake.
func (c *HTTPChannel) Inject(ctx context.Context, in Injection) error {
	body, _ := json.Marshal(in)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/inject", bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return fmt.Errorf("outreachtest: POST /inject: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("outreachtest: POST /inject: HTTP %d", resp.StatusCode)
	}
	return nil
}

func (c *HTTPChannel) get(ctx context.Context, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return err
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return fmt.Errorf("outreachtest: GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("outreachtest: GET %s: HTTP %d", path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
