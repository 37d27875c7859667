// Package outreach recruits creators through sequences of messages on TikTok Shop IM, email and
// Discord, within the platforms' limits (issue 6; docs/outreach.md).
//
// Vocabulary:
//   - A template is a named message with per-language and A/B variants; its variables are
//     written {{creator.first_name}}, with an optional fallback {{creator.first_name | "there"}}.
//     Unknown variables are refused when a template is saved, with their line:column.
//   - A sequence is an ordered list of steps (channel + template + delay in business minutes of
//     the creator's time zone) with stop conditions; only active sequences send.
//   - An enrollment is one creator in one sequence; it is active, stopped (with a visible
//     reason) or completed.
//   - An outbox row is one message to send, keyed by "o:<enrollment id>:<step position>" so a
//     crash between "sent" and "recorded" never sends twice.
//   - A sender key ("tiktok:<connection id>", "email:<mailbox id>", "discord:<workspace id>")
//     is who sends: the unit quotas count on.
//
// This package holds the pure, I/O-free rules every part of the engine shares: template parsing
// and rendering (template.go, template_vars.go), variant choice (variants.go), A/B significance
// (abtest.go), business hours, quiet hours and week boundaries in a time zone (timing.go), quota
// tiers and warm-up ramps (quota.go) and unsubscribe tokens (unsubscribe.go). The engine, the
// channels and the pages build on them; all SQL lives in internal/store/outreach_*.go.
package outreach
