package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// creatorMergesView is the data of the "creator_merges" partial: the merges a creator took part
// in, for its page ("Merged from @x (undo)"). A page includes it with
// {{template "creator_merges" .Merges}} after setting Merges from h.creatorMerges.
type creatorMergesView struct {
	Slug      string
	CreatorID int64
	Merges    []*store.CreatorMerge
	CanManage bool   // may undo a merge
	Next      string // where an undo goes back to: the creator's page
}

// creatorMerges loads the partial's data for a creator of the current workspace; nil when the
// creator took part in no merge (the partial then shows nothing).
func (h *handler) creatorMerges(r *http.Request, creatorID int64) (*creatorMergesView, error) {
	st := current(r)
	ms, err := h.store.CreatorMerges(r.Context(), st.workspace.ID, creatorID)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return &creatorMergesView{Slug: st.workspace.Slug, CreatorID: creatorID, Merges: ms,
		CanManage: st.can(access.ManageCreators), Next: r.URL.Path}, nil
}
