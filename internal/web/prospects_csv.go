package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/store"
)

// prospectsCSV downloads the whole "best next creators to contact" list, best first, with each
// score's parts as columns.
func (h *handler) prospectsCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	set, err := h.store.CRMSettings(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	header := []string{"rank", "creator_id", "username", "display_name", "score", "stage", "followers", "verticals", "region",
		"last_contacted", "owner", "vertical", "region_fit", "followers_fit", "sales", "engagement", "history", "responsiveness", "why"}
	parts := []string{"vertical", "region", "followers", "sales", "engagement", "history", "responsiveness"}
	loc := ws.Location()
	now := time.Now()
	filename := fmt.Sprintf("%s-best-prospects-%s.csv", ws.Slug, now.In(loc).Format("2006-01-02"))
	h.writeCSV(w, r, filename, header, func(emit func([]string) error) error {
		var after *store.ProspectKey
		rank := 0
		for {
			rows, err := h.store.BestProspects(r.Context(), ws.ID, store.ProspectQuery{RecontactDays: set.RecontactDays, Now: now,
				After: after, Limit: 1000})
			if err != nil {
				return err
			}
			for _, p := range rows {
				rank++
				followers, contacted := "", ""
				if p.Followers != nil {
					followers = strconv.FormatInt(*p.Followers, 10)
				}
				if p.LastContactedAt != nil {
					contacted = p.LastContactedAt.In(loc).Format(time.DateOnly)
				}
				rec := []string{strconv.Itoa(rank), strconv.FormatInt(p.ID, 10), p.Username, p.DisplayName, strconv.Itoa(p.Score),
					string(p.Stage), followers, strings.Join(p.Verticals, "|"), p.Region, contacted, p.OwnerEmail}
				got, _ := crm.ParseScoreParts(p.ScoreParts)
				points := map[string]string{}
				var why []string
				for _, part := range got {
					points[part.Name] = fmt.Sprintf("%d/%d", part.Points, part.Max)
					why = append(why, part.Label+": "+part.Why)
				}
				for _, name := range parts {
					rec = append(rec, points[name])
				}
				rec = append(rec, strings.Join(why, "; "))
				if err := emit(rec); err != nil {
					return err
				}
			}
			if len(rows) < 1000 {
				return nil
			}
			last := rows[len(rows)-1]
			after = &store.ProspectKey{Score: last.Score, ID: last.ID}
		}
	})
}
