// Package tiktokshop is a client for the TikTok Shop Open API: request signing, the
// {code, message, request_id, data} envelope, OAuth tokens on the auth host, and the
// affiliate-seller endpoints creatorops syncs from and acts through.
//
// It is written to the contract in DESIGN.md §6 and tested against the fake server in
// tiktokshoptest, which checks every signature the way the platform does. Money leaves this
// package as int64 minor units with an ISO 4217 code, rates as basis points, times as UTC.
package tiktokshop
