package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/store"
)

// collaborationsCSV downloads the collaborations with the page's filters, every page of them.
func (h *handler) collaborationsCSV(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	f, bad := parseCollabFilter(r)
	if bad.Message != "" {
		h.badRequest(w, r, bad.Message)
		return
	}
	f.Before = 0
	loc := ws.Location()
	day := func(c *store.Collaboration, end bool) string {
		t := c.StartAt
		if end {
			t = c.EndAt
		}
		if t == nil {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	header := []string{"Collaboration ID", "Platform ID", "Kind", "Name", "Status", "Commission %", "Products", "Creators",
		"Free sample", "Starts", "Ends", "Shop", "Created by", "Updated at"}
	h.writeCSV(w, r, csvFilename(ws, "collaborations"), header, func(emit func([]string) error) error {
		for {
			cs, more, err := h.store.Collaborations(r.Context(), ws.ID, f.store(500))
			if err != nil {
				return err
			}
			for _, c := range cs {
				rate := ""
				if c.CommissionBP > 0 {
					rate = strings.TrimSuffix(formatBP(c.CommissionBP), "%")
				}
				free := "no"
				if c.FreeSample {
					free = "yes"
				}
				if err := emit([]string{strconv.FormatInt(c.ID, 10), c.PlatformID, c.Kind, collabTitle(c), c.Status, rate,
					strconv.Itoa(c.ProductCount), strconv.Itoa(c.CreatorCount), free, day(c, false), day(c, true), c.ShopName,
					c.CreatedBy, c.UpdatedAt.In(loc).Format("2006-01-02 15:04")}); err != nil {
					return err
				}
			}
			if !more {
				return nil
			}
			f.Before = cs[len(cs)-1].ID
		}
	})
}
