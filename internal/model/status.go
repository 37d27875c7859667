package model

import "strings"

// statusNames maps the status words of exports and APIs (lowercased, in any language we have met)
// to a normalized status. Adding a language is adding rows here.
var statusNames = map[string]string{
	"unpaid": StatusPending, "pending": StatusPending, "awaiting payment": StatusPending,
	"processing": StatusProcessing, "to ship": StatusProcessing, "awaiting shipment": StatusProcessing,
	"awaiting collection": StatusProcessing, "in transit": StatusShipped, "shipped": StatusShipped,
	"delivered": StatusDelivered, "completed": StatusCompleted, "settled": StatusCompleted,
	"cancelled": StatusCancelled, "canceled": StatusCancelled, "refunded": StatusRefunded,
	"returned": StatusRefunded, "refund": StatusRefunded,
	// Vietnamese Seller Center
	"đang xử lý": StatusProcessing, "đã hoàn thành": StatusCompleted, "hoàn thành": StatusCompleted,
	"đã hủy": StatusCancelled, "đã hoàn tiền": StatusRefunded, "đã giao": StatusDelivered,
	// Indonesian / Malay
	"diproses": StatusProcessing, "selesai": StatusCompleted, "dibatalkan": StatusCancelled,
	"dikembalikan": StatusRefunded,
	// Thai
	"กำลังดำเนินการ": StatusProcessing, "เสร็จสมบูรณ์": StatusCompleted, "ยกเลิก": StatusCancelled,
	"คืนเงินแล้ว": StatusRefunded,
}

// NormalizeStatus maps a platform status word to a normalized status; ok is false for a word we do not know.
func NormalizeStatus(s string) (status string, ok bool) {
	status, ok = statusNames[strings.ToLower(strings.TrimSpace(s))]
	return status, ok
}

// CanonicalHandle is the form a platform handle is stored and matched in: trimmed, without a
// leading '@', lowercase (TikTok usernames are case-insensitive).
func CanonicalHandle(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "@")
	return strings.ToLower(s)
}

// statusRank orders statuses along a line's life. A line never moves to a lower rank, so an
// import carrying a lower rank than the stored one comes from an older export.
var statusRank = map[string]int{
	StatusPending: 0, StatusProcessing: 1, StatusShipped: 2, StatusDelivered: 3,
	StatusCompleted: 4, StatusCancelled: 5, StatusRefunded: 5,
}

// OlderSnapshot reports whether an incoming version of a line comes from an older export than the
// stored one: its status is earlier in a line's life, or the status is the same and its latest
// milestone (see LatestEvent) is earlier — an export taken before the commission was paid.
func OlderSnapshot(incomingStatus string, incomingLatest int64, storedStatus string, storedLatest int64) bool {
	ri, rs := statusRank[incomingStatus], statusRank[storedStatus]
	return ri < rs || ri == rs && incomingLatest < storedLatest
}
