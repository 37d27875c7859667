package discordtest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// botUserID is the author id of the bot's own messages, as the fake's answers show it.
const botUserID = "1200000000000000001"

// UserReplies adds a message from the user in their DM channel with the bot (opened if
// needed), as when a creator answers a DM, and returns its id.
func (s *Server) UserReplies(userID, content string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUser(userID, "user"+userID)
	u := s.users[userID]
	if u.dmChannel == "" {
		u.dmChannel = s.newID()
		s.dmChannels[u.dmChannel] = userID
	}
	id := s.newID()
	s.userDMs = append(s.userDMs, DM{UserID: userID, ChannelID: u.dmChannel, MessageID: id, Content: content})
	return id
}

// listMessages answers GET /channels/{id}/messages for DM channels: newest first, after or
// before a message id, at most limit (1–100, default 50).
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) {
	if !s.botAuthorized(w, r) {
		return
	}
	channelID := r.PathValue("channel")
	q := r.URL.Query()
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"code": 50035, "message": "Invalid Form Body"})
			return
		}
		limit = n
	}
	after, before := q.Get("after"), q.Get("before")
	s.mu.Lock()
	userID, ok := s.dmChannels[channelID]
	if !ok {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, 10003, "Unknown Channel")
		return
	}
	type item struct {
		id, author, name, content string
	}
	var items []item
	for _, d := range s.dms {
		if d.ChannelID == channelID {
			items = append(items, item{d.MessageID, botUserID, "creatorops", d.Content})
		}
	}
	for _, d := range s.userDMs {
		if d.ChannelID == channelID {
			items = append(items, item{d.MessageID, userID, s.users[userID].name, d.Content})
		}
	}
	s.mu.Unlock()
	less := func(a, b string) bool { return len(a) < len(b) || len(a) == len(b) && a < b }
	slices.SortFunc(items, func(a, b item) int { // newest first, as Discord answers
		switch {
		case less(a.id, b.id):
			return 1
		case less(b.id, a.id):
			return -1
		}
		return 0
	})
	out := []map[string]any{}
	for _, it := range items {
		if after != "" && !less(after, it.id) || before != "" && !less(it.id, before) {
			continue
		}
		out = append(out, map[string]any{
			"id": it.id, "channel_id": channelID, "content": it.content, "type": 0, "embeds": []any{},
			"timestamp": time.Now().UTC().Format(time.RFC3339Nano),
			"author":    map[string]any{"id": it.author, "username": it.name},
		})
	}
	if after != "" && len(out) > limit {
		out = out[len(out)-limit:] // the oldest messages after the cursor, as Discord pages forward
	} else if len(out) > limit {
		out = out[:limit]
	}
	writeJSON(w, http.StatusOK, out)
}
