package web

import (
	"net/http"
)

// auditCSVBatch is how many entries the export reads at a time, so a long log streams out
// without sitting in memory.
const auditCSVBatch = 1000

// auditCSV downloads the audit log (all of it, or one action), newest first, with before and
// after as the JSON they were recorded as.
func (h *handler) auditCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	q, bad := auditQuery(r)
	if bad.Message != "" {
		h.badRequest(w, r, bad.Message)
		return
	}
	header := []string{"id", "at", "actor", "action", "object_type", "object_id", "summary", "before", "after"}
	h.writeCSV(w, r, csvFilename(ws, "audit-log"), header, func(emit func([]string) error) error {
		loc := ws.Location()
		q.Limit = auditCSVBatch
		for {
			recs, err := h.store.AuditLog(r.Context(), ws.ID, q)
			if err != nil {
				return err
			}
			for _, rec := range recs {
				if err := emit([]string{fmtID(rec.ID), adminTime(&rec.At, loc), rec.Actor, rec.Action, rec.ObjectType,
					rec.ObjectID, rec.Summary, rec.Before, rec.After}); err != nil {
					return err
				}
			}
			if len(recs) < auditCSVBatch {
				return nil
			}
			q.BeforeID = recs[len(recs)-1].ID
		}
	})
}
