// Package discordtest is a fake Discord API for tests: it checks the bot token and webhook
// tokens as Discord does, keeps guilds, roles, members, users and webhooks, records every
// webhook post, role change and DM, and can answer 429 or 5xx a given number of times.
// Errors use Discord's status codes, JSON error codes and messages.
package discordtest

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Request is one call the fake received and its answer.
type Request struct {
	Method string
	Path   string
	Status int
}

// Post is one accepted webhook execution.
type Post struct {
	WebhookID       string
	Wait            bool
	Content         string
	Username        string
	Embeds          []map[string]any
	AllowedMentions map[string]any
	UserAgent       string
	Raw             []byte
}

// RoleChange is one accepted role grant (PUT) or removal (DELETE).
type RoleChange struct {
	Method  string
	GuildID string
	UserID  string
	RoleID  string
	Reason  string // X-Audit-Log-Reason, URL-decoded
}

// DM is one accepted direct message.
type DM struct {
	UserID    string
	ChannelID string
	MessageID string
	Content   string
	Embeds    []map[string]any
	Raw       []byte
}

// RateLimit scripts 429 answers.
type RateLimit struct {
	Times       int
	RetryAfter  time.Duration
	Global      bool
	HeadersOnly bool // no JSON body: the client must read the headers
}

// Server is a running fake.
type Server struct {
	srv      *httptest.Server
	botToken string

	mu          sync.Mutex
	guilds      map[string]*guild
	users       map[string]*user
	webhooks    map[string]webhook
	dmChannels  map[string]string // channel id → user id
	nextID      int64
	requests    []Request
	posts       []Post
	roleChanges []RoleChange
	dms         []DM
	userDMs     []DM // messages users wrote in their DM channel with the bot (UserReplies)
	rateLimits  []RateLimit
	failures    []int
}

type guild struct {
	roles     map[string]bool
	protected map[string]bool // above the bot's highest role
	members   map[string]map[string]bool
}

type user struct {
	name      string
	dmChannel string
	dmClosed  bool
}

type webhook struct {
	token     string
	channelID string
}

// New starts a fake that accepts botToken as "Authorization: Bot <botToken>".
func New(botToken string) *Server {
	s := &Server{
		botToken: botToken, guilds: map[string]*guild{}, users: map[string]*user{},
		webhooks: map[string]webhook{}, dmChannels: map[string]string{}, nextID: 1300000000000000000,
	}
	mux := http.NewServeMux()
	for _, prefix := range []string{"/api", "/api/v10"} {
		mux.HandleFunc("POST "+prefix+"/webhooks/{id}/{token}", s.executeWebhook)
	}
	mux.HandleFunc("PUT /api/v10/guilds/{guild}/members/{user}/roles/{role}", s.memberRole)
	mux.HandleFunc("DELETE /api/v10/guilds/{guild}/members/{user}/roles/{role}", s.memberRole)
	mux.HandleFunc("POST /api/v10/users/@me/channels", s.createDM)
	mux.HandleFunc("POST /api/v10/channels/{channel}/messages", s.createMessage)
	mux.HandleFunc("GET /api/v10/channels/{channel}/messages", s.listMessages)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, 0, "404: Not Found")
	})
	s.srv = httptest.NewServer(s.middleware(mux))
	return s
}

// BaseURL is the API base to give the client ("http://127.0.0.1:port/api/v10").
func (s *Server) BaseURL() string { return s.srv.URL + "/api/v10" }

// Close shuts the fake down.
func (s *Server) Close() { s.srv.Close() }

// AddGuild adds a guild.
func (s *Server) AddGuild(guildID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.guild(guildID)
}

func (s *Server) guild(id string) *guild {
	g := s.guilds[id]
	if g == nil {
		g = &guild{roles: map[string]bool{}, protected: map[string]bool{}, members: map[string]map[string]bool{}}
		s.guilds[id] = g
	}
	return g
}

// AddRole adds a role the bot may manage.
func (s *Server) AddRole(guildID, roleID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.guild(guildID).roles[roleID] = true
}

// AddProtectedRole adds a role above the bot's highest role: changing it is 50013.
func (s *Server) AddProtectedRole(guildID, roleID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guild(guildID)
	g.roles[roleID], g.protected[roleID] = true, true
}

// AddUser adds a user the bot can DM.
func (s *Server) AddUser(userID, username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUser(userID, username)
}

func (s *Server) addUser(id, name string) {
	if s.users[id] == nil {
		s.users[id] = &user{name: name}
	}
}

// AddMember adds a user (created if needed) to a guild.
func (s *Server) AddMember(guildID, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUser(userID, "user"+userID)
	g := s.guild(guildID)
	if g.members[userID] == nil {
		g.members[userID] = map[string]bool{}
	}
}

// CloseDMs makes messages to the user fail with 50007, as when they turned DMs off.
func (s *Server) CloseDMs(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUser(userID, "user"+userID)
	s.users[userID].dmClosed = true
}

// AddWebhook adds a webhook and returns its URL as Discord shows it.
func (s *Server) AddWebhook(id, token string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhooks[id] = webhook{token: token, channelID: s.newID()}
	return s.srv.URL + "/api/webhooks/" + id + "/" + token
}

// RateLimitNext makes the next rl.Times requests answer 429.
func (s *Server) RateLimitNext(rl RateLimit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range rl.Times {
		s.rateLimits = append(s.rateLimits, rl)
	}
}

// FailNext makes the next times requests answer status (a 5xx).
func (s *Server) FailNext(times, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		s.failures = append(s.failures, status)
	}
}

// Requests returns every request so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Posts returns the accepted webhook posts.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.posts)
}

// RoleChanges returns the accepted role changes.
func (s *Server) RoleChanges() []RoleChange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.roleChanges)
}

// DMs returns the accepted direct messages.
func (s *Server) DMs() []DM {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.dms)
}

// MemberRoles returns a member's roles, sorted.
func (s *Server) MemberRoles(guildID, userID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	if g := s.guilds[guildID]; g != nil {
		for r := range g.members[userID] {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

// newID is a snowflake-looking id; the caller holds mu.
func (s *Server) newID() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}
