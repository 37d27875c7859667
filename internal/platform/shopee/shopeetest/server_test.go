package shopeetest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"
)

func TestGeneratedDataIsDeterministic(t *testing.T) {
	a, b := NewUnstarted(Config{Seed: 7}), NewUnstarted(Config{Seed: 7})
	if !reflect.DeepEqual(a.Orders(1001), b.Orders(1001)) {
		t.Fatal("the same seed generated different orders")
	}
	if reflect.DeepEqual(a.Orders(1001), a.Orders(1002)) {
		t.Fatal("two shops got the same orders")
	}
	epoch := a.Config().Epoch
	for _, o := range a.Orders(1001) {
		if o.PlacedAt.Before(epoch) || !o.PlacedAt.Before(epoch.Add(30*24*time.Hour)) || len(o.Items) == 0 {
			t.Fatalf("order %+v outside the generated month", o)
		}
		for _, it := range o.Items {
			if it.PurchaseValue != it.Price*it.Qty || it.RefundAmount > it.PurchaseValue {
				t.Fatalf("item %+v", it)
			}
		}
	}
}

func TestUnsignedRequestsAreRefused(t *testing.T) {
	s := New(Config{})
	defer s.Close()
	tests := []struct {
		path   string
		status int
		code   string
	}{
		{PathConversionReport + "?partner_id=1", http.StatusForbidden, "error_param"},
		{PathConversionReport + "?partner_id=2001234&timestamp=" + itoa(time.Now().Unix()) + "&sign=00", http.StatusForbidden, "error_param"},
		{PathConversionReport + "?partner_id=2001234&timestamp=" + itoa(time.Now().Unix()) + "&shop_id=1001&access_token=t&sign=00", http.StatusForbidden, "error_sign"},
		{"/api/v2/nowhere", http.StatusNotFound, "error_not_found"},
	}
	for _, tt := range tests {
		resp, err := http.Get(s.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		var env struct{ Error string }
		json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
		if resp.StatusCode != tt.status || env.Error != tt.code {
			t.Errorf("%s: HTTP %d %q, want %d %q", tt.path, resp.StatusCode, env.Error, tt.status, tt.code)
		}
	}
	s.FailNext(1, http.StatusTooManyRequests)
	resp, _ := http.Get(s.URL + PathConversionReport)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || s.Requests(PathConversionReport) != 4 {
		t.Fatalf("injected failure: HTTP %d after %d requests", resp.StatusCode, s.Requests(PathConversionReport))
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
