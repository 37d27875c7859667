package web

import (
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCSVSafe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"-12.50", "-12.50"},
		{"+3", "+3"},
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"@sum", "'@sum"},
		{"-cmd", "'-cmd"},
		{"+1 555 0100", "'+1 555 0100"},
		{"\tx", "'\tx"},
	} {
		if got := csvSafe(tc.in); got != tc.want {
			t.Errorf("csvSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestWriteCSV checks the download's headers and body, and what a failure does before and
// after the first row went out.
func TestWriteCSV(t *testing.T) {
	h := &handler{log: testLogger(t), pages: parsePages()}
	serve := func(rows func(emit func([]string) error) error) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.writeCSV(w, r, "acme-things.csv", []string{"name", "amount"}, rows)
		}))
	}
	t.Run("rows", func(t *testing.T) {
		srv := serve(func(emit func([]string) error) error {
			for _, r := range [][]string{{"a, \"quoted\"", "-1.00"}, {"=1+1", "2"}} {
				if err := emit(r); err != nil {
					return err
				}
			}
			return nil
		})
		defer srv.Close()
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			resp.Header.Get("Content-Disposition") != "attachment; filename=acme-things.csv" {
			t.Fatalf("status %d, headers %v", resp.StatusCode, resp.Header)
		}
		body, _ := io.ReadAll(resp.Body)
		if !strings.HasPrefix(string(body), utf8BOM+"name,amount\r\n") {
			t.Fatalf("body starts %q", body[:min(len(body), 40)])
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(body), utf8BOM))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{{"name", "amount"}, {"a, \"quoted\"", "-1.00"}, {"'=1+1", "2"}}
		if len(recs) != len(want) {
			t.Fatalf("records %q, want %q", recs, want)
		}
		for i := range want {
			if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
				t.Errorf("record %d = %q, want %q", i, recs[i], want[i])
			}
		}
	})
	t.Run("empty list still has its header", func(t *testing.T) {
		srv := serve(func(func([]string) error) error { return nil })
		defer srv.Close()
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || string(body) != utf8BOM+"name,amount\r\n" {
			t.Fatalf("status %d, body %q", resp.StatusCode, body)
		}
	})
	t.Run("failure before the first row is a 500 page", func(t *testing.T) {
		srv := serve(func(func([]string) error) error { return errors.New("store: boom") })
		defer srv.Close()
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 500 || strings.Contains(string(body), "boom") {
			t.Fatalf("status %d, body %q", resp.StatusCode, body)
		}
	})
	t.Run("failure after rows cuts the download", func(t *testing.T) {
		srv := serve(func(emit func([]string) error) error {
			for range 5000 {
				if err := emit([]string{strings.Repeat("x", 20), "1"}); err != nil {
					return err
				}
			}
			return errors.New("store: boom")
		})
		defer srv.Close()
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if _, err := io.ReadAll(resp.Body); err == nil {
			t.Fatal("a download cut short read as complete")
		}
	})
}
