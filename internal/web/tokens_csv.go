package web

import "net/http"

// tokensCSV downloads the token list (names, prefixes and roles; never a secret, which is not
// stored).
func (h *handler) tokensCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	tokens, err := h.store.APITokens(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	creators, err := h.store.TokenCreators(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	header := []string{"id", "name", "prefix", "role", "created_by", "created", "last_used", "revoked"}
	h.writeCSV(w, r, csvFilename(ws, "api-tokens"), header, func(emit func([]string) error) error {
		loc := ws.Location()
		for _, t := range tokens {
			if err := emit([]string{fmtID(t.ID), t.Name, t.Prefix, t.Role, tokenCreator(t, creators),
				adminTime(&t.CreatedAt, loc), adminTime(t.LastUsedAt, loc), adminTime(t.RevokedAt, loc)}); err != nil {
				return err
			}
		}
		return nil
	})
}
