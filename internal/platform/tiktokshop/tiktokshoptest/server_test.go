package tiktokshoptest

import (
	"reflect"
	"testing"
)

func TestSameSeedSameData(t *testing.T) {
	a, b := NewHandler(Options{Seed: 42}, "http://a"), NewHandler(Options{Seed: 42}, "http://b")
	if !reflect.DeepEqual(a.Orders(), b.Orders()) || !reflect.DeepEqual(a.Creators(), b.Creators()) || !reflect.DeepEqual(a.SampleApplications(), b.SampleApplications()) {
		t.Error("two fakes with one seed generated different data")
	}
	c := NewHandler(Options{Seed: 43}, "http://c")
	if reflect.DeepEqual(a.Orders(), c.Orders()) {
		t.Error("another seed generated the same orders")
	}
	for _, o := range a.Orders() {
		if o.CreateTime.Before(a.opts.Start) || len(o.SKUs) == 0 {
			t.Fatalf("order %+v outside the window or empty", o)
		}
	}
}

func TestPageTokenBelongsToItsQuery(t *testing.T) {
	tok := pageToken(40, "orders 1 2")
	if n, ok := parseToken(tok, "orders 1 2"); !ok || n != 40 {
		t.Errorf("parseToken = %d, %v", n, ok)
	}
	for _, bad := range []struct{ tok, filter string }{{tok, "orders 1 3"}, {"!!", "orders 1 2"}, {pageToken(-1, "x"), "x"}} {
		if _, ok := parseToken(bad.tok, bad.filter); ok {
			t.Errorf("parseToken(%q, %q) accepted", bad.tok, bad.filter)
		}
	}
}

func TestFormats(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{formatMinor(1250, "USD"), "12.50"},
		{formatMinor(5, "USD"), "0.05"},
		{formatMinor(-1250, "USD"), "-12.50"},
		{formatMinor(125000, "VND"), "125000"},
		{formatFraction(1500), "0.15"},
		{formatFraction(1234), "0.1234"},
		{formatFraction(10000), "1"},
		{formatFraction(0), "0"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
