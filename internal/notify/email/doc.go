// Package email is the SMTP channel: it sends one message per call through a workspace's own
// mailbox (go-mail), tells a bounce from a temporary failure, and reads the delivery status
// reports (RFC 3464) a mailbox receives when a message could not be delivered.
//
// The package keeps no state between sends: the outbox that calls it owns retries and
// idempotency. The outbox's idempotency key becomes the Message-ID (see NewMessageID), so a
// message sent again after a crash carries the same Message-ID and a bounce for it can be
// matched to the outbox row.
package email
