package web

import (
	"fmt"
	"time"
)

// commonZones are suggested in time-zone fields: the markets TikTok Shop and Shopee sell in and
// where agencies sit. Any IANA name is accepted; these only save typing.
var commonZones = []string{
	"UTC", "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
	"America/Mexico_City", "America/Sao_Paulo", "Europe/London", "Europe/Madrid", "Europe/Paris",
	"Europe/Berlin", "Europe/Rome", "Asia/Dubai", "Asia/Riyadh", "Asia/Jakarta", "Asia/Ho_Chi_Minh",
	"Asia/Bangkok", "Asia/Kuala_Lumpur", "Asia/Singapore", "Asia/Manila", "Asia/Hong_Kong",
	"Asia/Shanghai", "Asia/Taipei", "Asia/Seoul", "Asia/Tokyo", "Australia/Sydney",
}

// checkZone returns "" when tz is an IANA time zone, or a message naming the field and value.
// "Local" is refused: it means the server's zone, which changes with the machine.
func checkZone(field, tz string) string {
	if tz == "" {
		return fmt.Sprintf("%s is empty: enter an IANA time zone such as Asia/Jakarta or America/New_York.", field)
	}
	if _, err := time.LoadLocation(tz); err != nil || tz == "Local" || len(tz) > 64 {
		return fmt.Sprintf("%s %q is not an IANA time zone: use a name such as Asia/Jakarta, Europe/London or UTC.", field, tz)
	}
	return ""
}
