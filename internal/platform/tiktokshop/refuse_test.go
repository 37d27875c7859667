package tiktokshop

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
)

// A request changed after signing, or signed with the wrong secret, is refused with 106001
// and HTTP 401, and never retried.
func TestFakeRefusesBadSignaturesThroughClient(t *testing.T) {
	oc := OpenCollaboration{ProductID: "1729000000000000000", CommissionRateBP: 1500}
	tests := []struct {
		name   string
		edit   func(*http.Request)
		secret string
	}{
		{name: "tampered body", edit: func(r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			replaceBody(r, bytes.Replace(b, []byte("1500"), []byte("8000"), 1))
		}},
		{name: "tampered query parameter", edit: func(r *http.Request) {
			q := r.URL.Query()
			q.Set("timestamp", strconv.Itoa(mustAtoi(q.Get("timestamp"))+1))
			r.URL.RawQuery = q.Encode()
		}},
		{name: "added query parameter", edit: func(r *http.Request) {
			r.URL.RawQuery += "&version=202405"
		}},
		{name: "wrong secret", secret: "not-the-secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, tiktokshoptest.Options{}, func(c *Config) {
				c.HTTPClient = &http.Client{Transport: &tamper{edit: tt.edit}}
				if tt.secret != "" {
					c.AppSecret = tt.secret
				}
			})
			_, err := r.client.CreateOpenCollaboration(context.Background(), r.shop, oc)
			e := mustAPIError(t, err, CodeInvalidSign)
			if !e.IsInvalidSign() || e.HTTPStatus != http.StatusUnauthorized || e.RequestID == "" {
				t.Errorf("error = %+v, want an invalid sign with HTTP 401 and a request id", e)
			}
			if !strings.Contains(err.Error(), "POST /affiliate_seller/202405/open_collaborations: code 106001") {
				t.Errorf("error %q does not name the call and code", err)
			}
			if n := r.srv.Calls(openCollabPath); n != 1 {
				t.Errorf("fake saw %d calls, want 1: an invalid sign is never retried", n)
			}
			if len(r.srv.OpenCollaborations()) != 0 {
				t.Error("the fake acted on a refused request")
			}
		})
	}
	t.Run("control: untouched request is accepted", func(t *testing.T) {
		r := newRig(t, tiktokshoptest.Options{}, func(c *Config) { c.HTTPClient = &http.Client{Transport: &tamper{}} })
		if _, err := r.client.CreateOpenCollaboration(context.Background(), r.shop, oc); err != nil {
			t.Fatal(err)
		}
	})
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// The same refusals with hand-built HTTP requests, so the fake's check does not depend on
// anything the client does.
func TestFakeRefusesBadSignaturesRawHTTP(t *testing.T) {
	srv := tiktokshoptest.New(t, tiktokshoptest.Options{})
	g := srv.Grant()
	path := "/affiliate_seller/202405/open_collaborations"
	body := []byte(`{"product_id":"1729000000000000000","commission_rate":1500,"require_seller_approve_creator":false}`)
	ts := strconv.FormatInt(srv.Now().Unix(), 10)
	q := url.Values{"app_key": {srv.AppKey}, "shop_cipher": {g.ShopCipher}, "timestamp": {ts}}
	good := Sign(srv.AppSecret, path, q, body)

	tests := []struct {
		name  string
		query url.Values
		body  []byte
		sign  string
		code  int
		http  int
	}{
		{"correct", q, body, good, 0, http.StatusOK},
		{"tampered body", q, bytes.Replace(body, []byte("1500"), []byte("1600"), 1), good, CodeInvalidSign, http.StatusUnauthorized},
		{"timestamp pushed out of the 5-minute window", url.Values{"app_key": {srv.AppKey}, "shop_cipher": {g.ShopCipher}, "timestamp": {ts + "0"}}, body, good, CodeInvalidParameter, http.StatusBadRequest},
		{"tampered cipher", url.Values{"app_key": {srv.AppKey}, "shop_cipher": {g.ShopCipher + "x"}, "timestamp": {ts}}, body, good, CodeInvalidSign, http.StatusUnauthorized},
		{"wrong secret", q, body, Sign("wrong", path, q, body), CodeInvalidSign, http.StatusUnauthorized},
		{"upper-case hex", q, body, strings.ToUpper(good), CodeInvalidSign, http.StatusUnauthorized},
		{"no sign", q, body, "", CodeInvalidParameter, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qq := url.Values{}
			for k, v := range tt.query {
				qq[k] = v
			}
			if tt.sign != "" {
				qq.Set("sign", tt.sign)
			}
			req, _ := http.NewRequest(http.MethodPost, srv.URL+path+"?"+qq.Encode(), bytes.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("x-tts-access-token", g.AccessToken)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var env struct {
				Code      int    `json:"code"`
				RequestID string `json:"request_id"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
				t.Fatal(err)
			}
			if env.Code != tt.code || resp.StatusCode != tt.http || env.RequestID == "" {
				t.Errorf("got code %d HTTP %d request_id %q, want code %d HTTP %d", env.Code, resp.StatusCode, env.RequestID, tt.code, tt.http)
			}
		})
	}
}

// The fake refuses what the gateway refuses before the endpoint sees anything.
func TestFakeGatewayChecks(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{}, nil)
	ctx := context.Background()
	tests := []struct {
		name string
		shop ShopAuth
		code int
	}{
		{"unknown access token", ShopAuth{Cipher: r.shop.Cipher, AccessToken: "ROW_forged"}, CodeInvalidAccessToken},
		{"no access token", ShopAuth{Cipher: r.shop.Cipher}, CodeInvalidAccessToken},
		{"cipher of a shop not granted", ShopAuth{Cipher: "ROW_other", AccessToken: r.shop.AccessToken}, CodeInvalidParameter},
		{"no cipher", ShopAuth{AccessToken: r.shop.AccessToken}, CodeInvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.client.GeneratePromotionLink(ctx, tt.shop, "1729000000000000000")
			mustAPIError(t, err, tt.code)
		})
	}
	t.Run("stale timestamp", func(t *testing.T) {
		c, err := New(Config{AppKey: r.srv.AppKey, AppSecret: r.srv.AppSecret, APIBaseURL: r.srv.URL, AuthBaseURL: r.srv.URL,
			Now: func() time.Time { return r.srv.Now().Add(-10 * time.Minute) }})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.AuthorizedShops(ctx, r.shop.AccessToken)
		mustAPIError(t, err, CodeInvalidParameter)
	})
	t.Run("unknown path", func(t *testing.T) {
		err := r.client.do(ctx, r.client.shopCall(http.MethodPost, "/affiliate_seller/202405/nothing", r.shop, nil, false), nil)
		e := mustAPIError(t, err, 36009009)
		if e.HTTPStatus != http.StatusNotFound {
			t.Errorf("HTTP %d, want 404", e.HTTPStatus)
		}
	})
}
