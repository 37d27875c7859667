package email

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseDSNFixtures(t *testing.T) {
	tests := []struct {
		file string
		want DSN
	}{
		{"postfix-bounce.eml", DSN{
			ReportingMTA:      "mail.brand.example",
			ArrivalDate:       time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC),
			OriginalMessageID: "<outbox=3A42=3Astep-1@brand.example>",
			Recipients: []DSNRecipient{{
				FinalRecipient: "creator@example.com", OriginalRecipient: "creator@example.com",
				Action: "failed", Status: "5.1.1", RemoteMTA: "mx.example.com",
				DiagnosticCode: "smtp; 550 5.1.1 <creator@example.com>: Recipient address rejected: User unknown",
			}},
		}},
		{"gmail-two-recipients.eml", DSN{
			ReportingMTA:      "googlemail.com",
			ArrivalDate:       time.Date(2025, 3, 5, 18, 0, 0, 0, time.UTC),
			OriginalMessageID: "<outbox=3A7@brand.example>",
			Recipients: []DSNRecipient{
				{FinalRecipient: "gone@example.org", Action: "failed", Status: "5.0.0",
					RemoteMTA:      "mx.example.org. (198.51.100.7, the server for the domain example.org.)",
					DiagnosticCode: "smtp; 550 5.1.1 The email account that you tried to reach does not exist."},
				{FinalRecipient: "busy@example.org", Action: "delayed", Status: "4.4.7",
					DiagnosticCode: "smtp; 421 4.4.7 Try again later"},
			},
		}},
	}
	for _, tt := range tests {
		for _, crlf := range []bool{false, true} {
			name := tt.file
			raw := readFixture(t, tt.file)
			if crlf {
				name += "/crlf"
				raw = strings.ReplaceAll(raw, "\n", "\r\n")
			}
			t.Run(name, func(t *testing.T) {
				got, err := ParseDSN(strings.NewReader(raw))
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(*got, tt.want) {
					t.Errorf("got  %+v\nwant %+v", *got, tt.want)
				}
				if b := got.Bounces(); len(b) != 1 || b[0].FinalRecipient != tt.want.Recipients[0].FinalRecipient {
					t.Errorf("bounces %+v", b)
				}
			})
		}
	}
}

// dsn builds a report around a delivery-status body.
func dsn(status string) string {
	return "From: MAILER-DAEMON@x.example\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nfailed\r\n" +
		"--B\r\nContent-Type: message/delivery-status\r\n\r\n" + status + "\r\n" +
		"--B--\r\n"
}

func TestParseDSNCases(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		want    []DSNRecipient
		wantErr string
		notDSN  bool
	}{
		{"minimal", dsn("Reporting-MTA: dns; x\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: Failed\r\nStatus: 5.2.2\r\n"),
			[]DSNRecipient{{FinalRecipient: "a@b.example", Action: "failed", Status: "5.2.2"}}, "", false},
		{"no per-message fields but a blank line", dsn("\r\n\r\nReporting-MTA: dns; x\r\n\r\nFinal-Recipient: rfc822;<a@b.example>\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n\r\n"),
			[]DSNRecipient{{FinalRecipient: "a@b.example", Action: "failed", Status: "5.1.1"}}, "", false},
		{"global delivery status", strings.Replace(strings.Replace(dsn("Reporting-MTA: dns; x\r\n\r\nFinal-Recipient: utf-8; ü@b.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"),
			"message/delivery-status", "message/global-delivery-status", 1), "report-type=delivery-status", "report-type=global-delivery-status", 1),
			[]DSNRecipient{{FinalRecipient: "ü@b.example", Action: "failed", Status: "5.1.1"}}, "", false},
		{"missing final recipient", dsn("Reporting-MTA: dns; x\r\n\r\nAction: failed\r\nStatus: 5.1.1\r\n"), nil, "recipient 1: no Final-Recipient", false},
		{"missing action", dsn("Reporting-MTA: dns; x\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nStatus: 5.1.1\r\n"), nil, "no Action", false},
		{"bad status", dsn("Reporting-MTA: dns; x\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: failed\r\nStatus: 550\r\n"), nil, `Status "550"`, false},
		{"no recipients", dsn("Reporting-MTA: dns; x\r\n"), nil, "no recipient fields", false},
		{"no status part", "Content-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--\r\n", nil, "no message/delivery-status part", false},
		{"no boundary", "Content-Type: multipart/report; report-type=delivery-status\r\n\r\nx", nil, "without a boundary", false},
		{"out of office", "From: a@b.example\r\nSubject: Out of office\r\nContent-Type: text/plain\r\n\r\nAway.\r\n", nil, "", true},
		{"read receipt", "Content-Type: multipart/report; report-type=disposition-notification; boundary=B\r\n\r\n--B--\r\n", nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDSN(strings.NewReader(tt.raw))
			switch {
			case tt.notDSN:
				if !errors.Is(err, ErrNotDSN) {
					t.Fatalf("err = %v, want ErrNotDSN", err)
				}
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Recipients, tt.want) {
					t.Errorf("recipients %+v, want %+v", got.Recipients, tt.want)
				}
			}
		})
	}
}

func TestDSNRecipientPermanent(t *testing.T) {
	tests := []struct {
		action, status string
		want           bool
	}{
		{"failed", "5.1.1", true}, {"failed", "4.4.7", false}, {"delayed", "4.4.7", false},
		{"delivered", "2.0.0", false}, {"relayed", "2.0.0", false},
	}
	for _, tt := range tests {
		if got := (DSNRecipient{Action: tt.action, Status: tt.status}).Permanent(); got != tt.want {
			t.Errorf("%s %s: Permanent() = %v", tt.action, tt.status, got)
		}
	}
}

func FuzzParseDSN(f *testing.F) {
	f.Add(readFixture(f, "postfix-bounce.eml"))
	f.Add(readFixture(f, "gmail-two-recipients.eml"))
	f.Add(dsn("Reporting-MTA: dns; x\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"))
	f.Add("Content-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n--B\r\n")
	f.Fuzz(func(t *testing.T, raw string) {
		d, err := ParseDSN(strings.NewReader(raw))
		if err != nil {
			if d != nil {
				t.Fatal("a report together with an error")
			}
			return
		}
		// Whatever is accepted has what a caller needs to record a bounce.
		if len(d.Recipients) == 0 {
			t.Fatal("a report without recipients")
		}
		for _, r := range d.Recipients {
			if r.FinalRecipient == "" || r.Action == "" || !isStatus(r.Status) {
				t.Fatalf("incomplete recipient %+v", r)
			}
			if r.Permanent() && r.Status[0] != '5' {
				t.Fatalf("permanent with status %q", r.Status)
			}
		}
		if d.OriginalMessageID != "" {
			if _, err := checkMessageID(d.OriginalMessageID); err != nil {
				t.Fatalf("original Message-ID %q: %v", d.OriginalMessageID, err)
			}
		}
	})
}
