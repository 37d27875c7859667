package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"
)

// recorder keeps the status a handler wrote.
type recorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status.
func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// middleware logs each request and answers scripted 429s and 5xxs before any handler, as
// Discord's edge does.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			s.mu.Lock()
			s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Status: rec.status})
			s.mu.Unlock()
		}()
		s.mu.Lock()
		var rl *RateLimit
		fail := 0
		switch {
		case len(s.rateLimits) > 0:
			rl = &s.rateLimits[0]
			s.rateLimits = s.rateLimits[1:]
		case len(s.failures) > 0:
			fail = s.failures[0]
			s.failures = s.failures[1:]
		}
		s.mu.Unlock()
		switch {
		case rl != nil:
			writeRateLimit(rec, *rl)
		case fail == http.StatusBadGateway:
			rec.Header().Set("Content-Type", "text/html")
			rec.WriteHeader(fail)
			_, _ = io.WriteString(rec, "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>\n")
		case fail != 0:
			writeError(rec, fail, 0, fmt.Sprintf("%d: %s", fail, http.StatusText(fail)))
		default:
			next.ServeHTTP(rec, r)
		}
	})
}

func writeRateLimit(w http.ResponseWriter, rl RateLimit) {
	secs := rl.RetryAfter.Seconds()
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(secs, 'f', 3, 64))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Bucket", "fakebucket")
	if rl.Global {
		h.Set("X-RateLimit-Global", "true")
		h.Set("X-RateLimit-Scope", "global")
	} else {
		h.Set("X-RateLimit-Scope", "user")
	}
	if rl.HeadersOnly {
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": rl.Global,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status, code int, message string) {
	writeJSON(w, status, map[string]any{"code": code, "message": message})
}

// botAuthorized answers 401 as Discord does unless the request carries the bot token.
func (s *Server) botAuthorized(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") != "Bot "+s.botToken {
		writeError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
		return false
	}
	return true
}

// messageBody is what Discord reads from a message create or webhook execute.
type messageBody struct {
	Content         string           `json:"content"`
	Username        string           `json:"username"`
	Embeds          []map[string]any `json:"embeds"`
	AllowedMentions map[string]any   `json:"allowed_mentions"`
	RecipientID     string           `json:"recipient_id"`
}

// readBody decodes a JSON body, answering Discord's errors for a bad one.
func readBody(w http.ResponseWriter, r *http.Request, needMessage bool) (messageBody, []byte, bool) {
	var b messageBody
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(raw, &b) != nil {
		writeError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return b, nil, false
	}
	if !needMessage {
		return b, raw, true
	}
	if b.Content == "" && len(b.Embeds) == 0 {
		writeError(w, http.StatusBadRequest, 50006, "Cannot send an empty message")
		return b, nil, false
	}
	if utf8.RuneCountInString(b.Content) > 2000 || len(b.Embeds) > 10 {
		writeJSON(w, http.StatusBadRequest, map[string]any{
			"code": 50035, "message": "Invalid Form Body",
			"errors": map[string]any{"content": map[string]any{"_errors": []map[string]string{
				{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}}}},
		})
		return b, nil, false
	}
	return b, raw, true
}

func (s *Server) message(id, channelID, content, webhookID string, embeds []map[string]any) map[string]any {
	if embeds == nil {
		embeds = []map[string]any{}
	}
	m := map[string]any{
		"id": id, "channel_id": channelID, "content": content, "embeds": embeds, "type": 0,
		"timestamp": time.Now().UTC().Format(time.RFC3339Nano),
		"author":    map[string]any{"id": "1200000000000000001", "username": "creatorops"},
	}
	if webhookID != "" {
		m["webhook_id"] = webhookID
	}
	return m
}

func (s *Server) executeWebhook(w http.ResponseWriter, r *http.Request) {
	id, token := r.PathValue("id"), r.PathValue("token")
	s.mu.Lock()
	hook, ok := s.webhooks[id]
	s.mu.Unlock()
	switch {
	case !ok:
		writeError(w, http.StatusNotFound, 10015, "Unknown Webhook")
		return
	case hook.token != token:
		writeError(w, http.StatusUnauthorized, 50027, "Invalid Webhook Token")
		return
	}
	b, raw, ok := readBody(w, r, true)
	if !ok {
		return
	}
	wait := r.URL.Query().Get("wait") == "true"
	s.mu.Lock()
	msgID := s.newID()
	s.posts = append(s.posts, Post{
		WebhookID: id, Wait: wait, Content: b.Content, Username: b.Username, Embeds: b.Embeds,
		AllowedMentions: b.AllowedMentions, UserAgent: r.UserAgent(), Raw: raw,
	})
	s.mu.Unlock()
	if !wait {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, s.message(msgID, hook.channelID, b.Content, id, b.Embeds))
}

func (s *Server) memberRole(w http.ResponseWriter, r *http.Request) {
	if !s.botAuthorized(w, r) {
		return
	}
	guildID, userID, roleID := r.PathValue("guild"), r.PathValue("user"), r.PathValue("role")
	reason, err := url.PathUnescape(r.Header.Get("X-Audit-Log-Reason"))
	if err != nil {
		writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guilds[guildID]
	switch {
	case g == nil:
		writeError(w, http.StatusNotFound, 10004, "Unknown Guild")
		return
	case !g.roles[roleID]:
		writeError(w, http.StatusNotFound, 10011, "Unknown Role")
		return
	case g.members[userID] == nil:
		writeError(w, http.StatusNotFound, 10007, "Unknown Member")
		return
	case g.protected[roleID]:
		writeError(w, http.StatusForbidden, 50013, "Missing Permissions")
		return
	}
	if r.Method == http.MethodPut {
		g.members[userID][roleID] = true
	} else {
		delete(g.members[userID], roleID)
	}
	s.roleChanges = append(s.roleChanges, RoleChange{Method: r.Method, GuildID: guildID, UserID: userID, RoleID: roleID, Reason: reason})
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) createDM(w http.ResponseWriter, r *http.Request) {
	if !s.botAuthorized(w, r) {
		return
	}
	b, _, ok := readBody(w, r, false)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[b.RecipientID]
	if u == nil {
		writeError(w, http.StatusNotFound, 10013, "Unknown User")
		return
	}
	if u.dmChannel == "" {
		u.dmChannel = s.newID()
		s.dmChannels[u.dmChannel] = b.RecipientID
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": u.dmChannel, "type": 1, "last_message_id": nil,
		"recipients": []map[string]any{{"id": b.RecipientID, "username": u.name}},
	})
}

func (s *Server) createMessage(w http.ResponseWriter, r *http.Request) {
	if !s.botAuthorized(w, r) {
		return
	}
	channelID := r.PathValue("channel")
	s.mu.Lock()
	userID, ok := s.dmChannels[channelID]
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, 10003, "Unknown Channel")
		return
	}
	b, raw, ok := readBody(w, r, true)
	if !ok {
		return
	}
	s.mu.Lock()
	if s.users[userID].dmClosed {
		s.mu.Unlock()
		writeError(w, http.StatusForbidden, 50007, "Cannot send messages to this user")
		return
	}
	msgID := s.newID()
	s.dms = append(s.dms, DM{UserID: userID, ChannelID: channelID, MessageID: msgID, Content: b.Content, Embeds: b.Embeds, Raw: raw})
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.message(msgID, channelID, b.Content, "", b.Embeds))
}
