package inbound

import (
	"mime"
	"net/mail"
	"strings"

	"github.com/emersion/go-imap/v2"
)

// messageKind is what a message in a sender mailbox is to outreach.
type messageKind int

const (
	kindIgnore messageKind = iota // our own, an auto-reply, a system notice
	kindReply                     // a person answering
	kindReport                    // a delivery status report (bounce or delay)
)

// classify tells replies from reports and from messages that must not stop a sequence.
// An out-of-office answer is not a reply: the creator has not read the message.
func classify(h mail.Header, env *imap.Envelope, own []string) messageKind {
	if mt, params, err := mime.ParseMediaType(h.Get("Content-Type")); err == nil && mt == "multipart/report" {
		rt := strings.ToLower(params["report-type"])
		if rt == "delivery-status" || rt == "global-delivery-status" {
			return kindReport
		}
		return kindIgnore // read receipts (disposition-notification) and the like
	}
	if env == nil || len(env.From) == 0 || env.From[0].Addr() == "" {
		return kindIgnore
	}
	from := strings.ToLower(env.From[0].Addr())
	for _, o := range own {
		if strings.EqualFold(strings.TrimSpace(o), from) {
			return kindIgnore
		}
	}
	local, _, _ := strings.Cut(from, "@")
	switch local {
	case "mailer-daemon", "postmaster", "no-reply", "noreply", "do-not-reply", "donotreply":
		return kindIgnore
	}
	if v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return kindIgnore // RFC 3834: auto-replied, auto-generated
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Precedence"))) {
	case "bulk", "junk", "list", "auto_reply":
		return kindIgnore
	}
	if h.Get("X-Autoreply") != "" || h.Get("X-Autorespond") != "" ||
		strings.EqualFold(strings.TrimSpace(h.Get("X-Auto-Response-Suppress")), "all") { // Exchange's own auto-replies
		return kindIgnore
	}
	return kindReply
}
