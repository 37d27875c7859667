package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// directoryEnrollSource is the enrollments' source: the enrollments list shows where they came from.
const directoryEnrollSource = "directory"

// directoryEnroll enrolls the ticked creators (or every creator matching the filters: up to
// store.EnrollSyncMax at once, more in the background) in a sequence. It is an outreach
// action (outreach.run), not a bulk CRM change: the specialists who do outreach may not
// reassign or retag creators in bulk. Creators the sequence must not reach (do-not-contact,
// suppressed, no address, already in it) are left out and counted in the notice on the
// Directory, or on the background enrollment's page.
func (h *handler) directoryEnroll(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	// The sequence first: another workspace's sequence is a 404 whatever the selection says.
	raw := strings.TrimSpace(r.PostForm.Get("sequence"))
	seqID, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || seqID <= 0 {
		h.badRequest(w, r, fmt.Sprintf("sequence %s is not a sequence id: pick a sequence in “Enroll in sequence”.", quote(raw)))
		return
	}
	ctx := r.Context()
	q, err := h.store.Sequence(ctx, ws.ID, seqID)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if q.Status == store.SequenceArchived {
		h.badRequest(w, r, fmt.Sprintf("sequence %s is archived: an archived sequence takes no new creators. Pick another one.", quote(q.Name)))
		return
	}
	if len(q.Steps) == 0 {
		h.badRequest(w, r, fmt.Sprintf("sequence %s has no steps yet: add its first step in Outreach, then enroll creators.", quote(q.Name)))
		return
	}
	a := st.principal.Actor()
	var res *store.EnrollResult
	if r.PostForm.Get("all") == "1" {
		dq, perr := directoryFormQuery(r)
		if perr != nil {
			h.badRequest(w, r, "The filters of the selection are not valid: "+perr.Error())
			return
		}
		ids, lerr := h.store.DirectoryIDs(ctx, ws.ID, dq, store.EnrollSyncMax)
		if lerr != nil {
			h.serverError(w, r, lerr)
			return
		}
		if len(ids) > store.EnrollSyncMax {
			h.directoryEnrollStart(w, r, q, dq)
			return
		}
		res, err = h.store.EnrollCreators(ctx, a, ws.ID, q.ID, ids, directoryEnrollSource)
	} else {
		ids, serr := h.directorySelection(r)
		var sel dirSelectionError
		switch {
		case errors.As(serr, &sel):
			h.badRequest(w, r, sel.Error())
			return
		case serr != nil:
			h.serverError(w, r, serr)
			return
		}
		// Ids that are not live creators of the workspace are counted as not found, as the
		// sequence page and the API do.
		res, err = h.store.EnrollCreators(ctx, a, ws.ID, q.ID, ids, directoryEnrollSource)
	}
	if err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			h.badRequest(w, r, "Nobody was enrolled: "+msg+".")
			return
		}
		h.notFoundOr500(w, r, err)
		return
	}
	back := wsURL(ws, "directory") + "?"
	if qs := r.PostForm.Get("query"); qs != "" {
		back += qs + "&"
	}
	http.Redirect(w, r, back+"done=enroll:"+enrollDonePayload(q.ID, res), http.StatusSeeOther)
}

// directoryFormQuery reads the directory filters a bulk form carries in its query field.
func directoryFormQuery(r *http.Request) (store.DirectoryQuery, error) {
	r2 := r.Clone(r.Context())
	u := *r.URL
	u.RawQuery = r.PostForm.Get("query")
	r2.URL = &u
	q, err := parseDirectoryQuery(r2)
	q.After = nil
	return q, err
}

// enrollDonePayload writes an enrollment's outcome for the Directory's done parameter:
// sequence id, enrolled, already, suppressed, blocked, without address, not found.
func enrollDonePayload(seqID int64, res *store.EnrollResult) string {
	n := []int{res.Enrolled, res.Already, res.Suppressed, res.BlockedStage, res.NoAddress, res.NotFound}
	parts := []string{strconv.FormatInt(seqID, 10)}
	for _, x := range n {
		parts = append(parts, strconv.Itoa(x))
	}
	return strings.Join(parts, ".")
}

// directoryEnrollDone is the Directory's notice after an enrollment, read back from the
// payload of enrollDonePayload; "" when it is not one. The sequence's name is looked up in
// the workspace, so a hand-made link cannot show another workspace's name.
func (h *handler) directoryEnrollDone(ctx context.Context, workspaceID int64, payload string) string {
	parts := strings.Split(payload, ".")
	if len(parts) != 7 {
		return ""
	}
	var n [7]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 {
			return ""
		}
		n[i] = x
	}
	name, status := "the sequence", ""
	if q, err := h.store.Sequence(ctx, workspaceID, int64(n[0])); err == nil {
		name, status = "«"+q.Name+"»", q.Status
	}
	return enrollNotice(name, status, &enrollOutcome{Enrolled: n[1], Already: n[2], Suppressed: n[3], Blocked: n[4], NoAddress: n[5], NotFound: n[6]})
}

// enrollNotice says what an enrollment from the Directory did, in the sequence named name
// («Spring seeding») whose status is status: the Directory's notice after a small one, and
// the progress page's once a background one is done.
func enrollNotice(name, status string, out *enrollOutcome) string {
	if out.Enrolled == 0 && out.Skipped() == 0 {
		return "Nobody was enrolled in " + name + ": no creator matches these filters any more."
	}
	msg := fmt.Sprintf("Enrolled %s in %s", dirThousands(out.Enrolled), name)
	if s := out.Skipped(); s > 0 {
		var why []string
		for _, r := range []struct {
			n    int
			text string
		}{
			{out.Already, "already in the sequence"}, {out.Suppressed, "suppressed (unsubscribed, bounced or blocked)"},
			{out.Blocked, "do-not-contact, banned or at a stage the sequence stops at"},
			{out.NoAddress, "without an address for the first step's channel"}, {out.NotFound, "not found"},
		} {
			if r.n > 0 {
				why = append(why, dirThousands(r.n)+" "+r.text)
			}
		}
		msg += fmt.Sprintf("; %s skipped (%s)", dirThousands(s), strings.Join(why, ", "))
	}
	msg += "."
	if out.Enrolled > 0 && (status == store.SequenceDraft || status == store.SequencePaused) {
		msg += " The sequence is " + status + ": nothing is sent until it is activated in Outreach."
	}
	return msg
}

// dirEnrollForm is the Directory's "Enroll in sequence" control; nil without outreach.run.
type dirEnrollForm struct {
	Action      string
	OutreachURL string
	Sequences   []choice // active ones first; only sequences with a first step
	// Unready says why there is nothing to pick (no sequence, or none with a step), and
	// UnreadyLink what to do about it in Outreach.
	Unready, UnreadyLink string
}

// CanSelect reports whether the Directory shows the selection checkboxes and the bulk bar:
// some action of the member's role takes a selection.
func (p *directoryPage) CanSelect() bool {
	return p.CanManage || p.CanExport || (p.Enroll != nil && len(p.Enroll.Sequences) > 0)
}

// directoryEnrollForm gathers the workspace's sequences a member may enroll creators in from
// the Directory; nil when their role cannot run outreach.
func (h *handler) directoryEnrollForm(ctx context.Context, r *http.Request) (*dirEnrollForm, error) {
	st := current(r)
	if !st.can(access.RunOutreach) {
		return nil, nil
	}
	ws := st.workspace
	qs, err := h.store.Sequences(ctx, ws.ID, false)
	if err != nil {
		return nil, err
	}
	f := &dirEnrollForm{Action: wsURL(ws, "directory/enroll"), OutreachURL: wsURL(ws, "outreach")}
	// Active sequences first (they send now), then paused and drafts, newest first within each.
	slices.SortStableFunc(qs, func(a, b *store.Sequence) int {
		return cmp.Compare(boolRank(a.Status != store.SequenceActive), boolRank(b.Status != store.SequenceActive))
	})
	for _, q := range qs {
		if len(q.Steps) == 0 {
			continue
		}
		label := q.Name
		if q.Status != store.SequenceActive {
			label += " (" + q.Status + ")"
		}
		f.Sequences = append(f.Sequences, choice{strconv.FormatInt(q.ID, 10), label})
	}
	switch {
	case len(qs) == 0:
		f.Unready, f.UnreadyLink = "No outreach sequence yet:", "create one in Outreach"
	case len(f.Sequences) == 0:
		f.Unready, f.UnreadyLink = "No outreach sequence has a step yet:", "add a first step in Outreach"
	}
	return f, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
