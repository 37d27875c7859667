package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxNote bounds a note: a call summary, not a document.
const maxNote = 5000

// NoteDeleteWindow is how long the author of a note may take it back. After that a note is
// history a colleague may have acted on, and stays.
const NoteDeleteWindow = 15 * time.Minute

// ErrNoteLocked is returned when a note may no longer be deleted: by someone else than its
// author, or after NoteDeleteWindow.
var ErrNoteLocked = errors.New("only its author may delete a note, within 15 minutes")

// AddNote writes a note on a live creator's timeline (append-only) and audits it.
func (s *Store) AddNote(ctx context.Context, a Actor, workspaceID, creatorID int64, body string) (*CreatorEvent, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if body == "" {
		return nil, &FieldError{Field: "body", Reason: "is empty: write the note first"}
	}
	if n := utf8.RuneCountInString(body); n > maxNote {
		return nil, &FieldError{Field: "body", Reason: fmt.Sprintf("has %d characters, more than %d", n, maxNote)}
	}
	ev := CreatorEvent{CreatorID: creatorID, Kind: EventNote, At: time.Now().UTC().Truncate(time.Second), Actor: a.Label,
		UserID: actorUserID(a), Body: body}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		handle, err := liveCreator(ctx, tx, workspaceID, creatorID)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO creator_events (workspace_id, creator_id, kind, at, actor, user_id, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, workspaceID, creatorID, EventNote, ev.At.Unix(), ev.Actor,
			nullInt(ev.UserID), body).Scan(&ev.ID); err != nil {
			return fmt.Errorf("store: unable to add a note: %w", err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.note", ObjectType: "creator",
			ObjectID: strconv.FormatInt(creatorID, 10), Summary: "Added a note on @" + handle})
	})
	if err != nil {
		return nil, err
	}
	return &ev, nil
}

// DeleteNote takes a note back: only its author, and only within NoteDeleteWindow of writing
// it (now is the time of the request).
func (s *Store) DeleteNote(ctx context.Context, a Actor, workspaceID, creatorID, noteID int64, now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var at int64
		var user sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT at, user_id FROM creator_events
			WHERE workspace_id = $1 AND creator_id = $2 AND id = $3 AND kind = $4`, workspaceID, creatorID, noteID, EventNote).Scan(&at, &user)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: unable to read note %d: %w", noteID, err)
		}
		if a.UserID == 0 || !user.Valid || user.Int64 != a.UserID || now.Sub(time.Unix(at, 0)) > NoteDeleteWindow {
			return ErrNoteLocked
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM creator_events WHERE workspace_id = $1 AND id = $2`, workspaceID, noteID); err != nil {
			return fmt.Errorf("store: unable to delete note %d: %w", noteID, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.note.delete", ObjectType: "creator",
			ObjectID: strconv.FormatInt(creatorID, 10), Summary: "Deleted a note just written"})
	})
}
