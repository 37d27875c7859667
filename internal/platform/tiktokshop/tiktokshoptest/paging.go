package tiktokshoptest

import (
	"encoding/base64"
	"hash/fnv"
	"strconv"
	"strings"
)

// pageToken is opaque to clients; it holds the next offset and a hash of the query it
// belongs to, so a client that changes the filter mid-walk is refused as the platform would.
func pageToken(offset int, filter string) string {
	h := fnv.New32a()
	h.Write([]byte(filter))
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(offset) + ":" + strconv.FormatUint(uint64(h.Sum32()), 36)))
}

// parseToken reverses pageToken.
func parseToken(tok, filter string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	off, _, ok := strings.Cut(string(raw), ":")
	n, err := strconv.Atoi(off)
	if !ok || err != nil || n < 0 || pageToken(n, filter) != tok {
		return 0, false
	}
	return n, true
}

// window returns items[offset:offset+size] and the next token ("" on the last page).
func window[T any](items []T, offset, size int, filter string) ([]T, string) {
	if offset > len(items) {
		offset = len(items)
	}
	end := min(offset+size, len(items))
	next := ""
	if end < len(items) {
		next = pageToken(end, filter)
	}
	return items[offset:end], next
}
