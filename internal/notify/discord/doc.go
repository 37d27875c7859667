// Package discord talks to Discord for the creator community: webhook posts for
// announcements, and bot calls that give or take a member's role and send direct messages.
//
// The contract followed is Discord's REST API v10: JSON bodies, "Authorization: Bot <token>"
// for bot calls, the webhook token in the webhook URL, HTTP 429 with retry_after on rate
// limits, and errors as {"code": …, "message": …}. The package keeps no rate-limit buckets:
// it waits what the server says on a 429 and leaves pacing of bulk work to the job queue.
package discord
