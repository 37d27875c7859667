package tiktokshoptest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxSkew is how far a request's timestamp may be from the platform's clock.
const maxSkew = 5 * time.Minute

// apiRequest is a request that passed the gateway's checks.
type apiRequest struct {
	query  url.Values
	body   []byte
	grant  *grant
	cipher string
}

// apiHandler serves one endpoint after the gateway's checks.
type apiHandler func(w http.ResponseWriter, r *http.Request, q *apiRequest)

// api wraps h in the checks every Open API call goes through, in the platform's order of
// credentials first. shopScoped endpoints need a shop_cipher the token's seller authorized;
// the others refuse one.
func (s *Server) api(shopScoped bool, h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
		if err != nil {
			s.badParam(w, "Unreadable request body.")
			return
		}
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			s.badParam(w, "Invalid query string.")
			return
		}
		if q.Get("app_key") != s.AppKey {
			s.badParam(w, "Invalid credentials. Invalid `app_key` query parameter.")
			return
		}
		sign := q.Get("sign")
		if sign == "" {
			s.fail(w, http.StatusUnauthorized, codeInvalidParam, "Missing credentials. The request does not include a required signature in the query.")
			return
		}
		ts, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
		if err != nil {
			s.badParam(w, "Invalid timestamp. The value of the `timestamp` query parameter must be Unix seconds.")
			return
		}
		if d := s.Now().Sub(time.Unix(ts, 0)); d > maxSkew || d < -maxSkew {
			s.badParam(w, "Invalid timestamp. The value of the `timestamp` query parameter must not be earlier than 5 minutes before the current time.")
			return
		}
		withBody := r.Method != http.MethodGet && !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/")
		want := expectedSign(s.AppSecret, r.URL.Path, r.URL.RawQuery, body, withBody)
		if !hmac.Equal([]byte(strings.ToLower(sign)), []byte(want)) || sign != strings.ToLower(sign) {
			s.fail(w, http.StatusUnauthorized, codeInvalidSign, "Invalid credentials. The 'sign' query parameter is invalid.")
			return
		}
		g, code, msg := s.checkAccess(r.Header.Get("x-tts-access-token"))
		if code != codeOK {
			s.fail(w, http.StatusUnauthorized, code, msg)
			return
		}
		cipher := q.Get("shop_cipher")
		switch {
		case shopScoped && cipher == "":
			s.badParam(w, "Missing identifier. The `shop_cipher` query parameter is required for this request.")
			return
		case shopScoped && !g.hasShop(cipher):
			s.badParam(w, "Invalid identifier. The `shop_cipher` query parameter is invalid.")
			return
		case !shopScoped && cipher != "":
			s.badParam(w, "Unexpected identifier. The `shop_cipher` query parameter is not required for this request.")
			return
		}
		if r.Method == http.MethodPost && len(body) > 0 && !json.Valid(body) {
			s.badParam(w, "Invalid request body. The body must be JSON.")
			return
		}
		h(w, r, &apiRequest{query: q, body: body, grant: g, cipher: cipher})
	}
}

// expectedSign recomputes the signature from the raw request: the decoded query pairs but
// sign and access_token ordered by key, then path + pairs + body wrapped in the secret.
func expectedSign(secret, path, rawQuery string, body []byte, withBody bool) string {
	type pair struct{ k, v string }
	var pairs []pair
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, _ = url.QueryUnescape(k)
		v, _ = url.QueryUnescape(v)
		if k == "sign" || k == "access_token" {
			continue
		}
		pairs = append(pairs, pair{k, v})
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return strings.Compare(a.k, b.k) })
	var b strings.Builder
	b.WriteString(secret)
	b.WriteString(path)
	for _, p := range pairs {
		b.WriteString(p.k)
		b.WriteString(p.v)
	}
	if withBody {
		b.Write(body)
	}
	b.WriteString(secret)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(b.String()))
	return hex.EncodeToString(mac.Sum(nil))
}

// decode reads a JSON body into v; an empty body leaves v as it is.
func decode(body []byte, v any) error {
	if len(body) == 0 {
		return nil
	}
	return json.Unmarshal(body, v)
}

// pageParams reads page_size (which must be in allowed, or 1–100 when allowed is nil) and
// page_token, and checks the token belongs to this query.
func (s *Server) pageParams(w http.ResponseWriter, q url.Values, allowed []int, filter string) (size, offset int, ok bool) {
	size, err := strconv.Atoi(q.Get("page_size"))
	valid := err == nil && (allowed == nil && size >= 1 && size <= 100 || slices.Contains(allowed, size))
	if !valid {
		s.badParam(w, "Invalid parameter. `page_size` "+strconv.Quote(q.Get("page_size"))+" is out of range.")
		return 0, 0, false
	}
	tok := q.Get("page_token")
	if tok == "" {
		return size, 0, true
	}
	offset, ok = parseToken(tok, filter)
	if !ok {
		s.badParam(w, "Invalid parameter. `page_token` is invalid or belongs to another query.")
		return 0, 0, false
	}
	return size, offset, true
}
