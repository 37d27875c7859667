package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// The creator directory is every creator id and username of a workspace in one blob, kept in
// step with the creators table in the transactions that create creators. Usernames are the
// handle a creator was first seen with and never change (a later rename is a new account).

type directoryEntry struct {
	id       int64
	username string
}

func encodeDirectory(entries []directoryEntry) []byte {
	buf := make([]byte, 0, 1+len(entries)*16)
	buf = append(buf, blobVersion)
	buf = binary.AppendUvarint(buf, uint64(len(entries)))
	var prev int64
	for _, e := range entries {
		buf = binary.AppendUvarint(buf, uint64(e.id-prev))
		prev = e.id
		buf = binary.AppendUvarint(buf, uint64(len(e.username)))
		buf = append(buf, e.username...)
	}
	return buf
}

func decodeDirectory(b []byte, fn func(id int64, username string)) error {
	return decodeDirectoryBytes(b, func(id int64, u []byte) { fn(id, string(u)) })
}

// decodeDirectoryBytes is decodeDirectory without a string per entry: u is valid during the call.
func decodeDirectoryBytes(b []byte, fn func(id int64, username []byte)) error {
	if len(b) == 0 {
		return nil
	}
	if b[0] != blobVersion {
		return errBadBlob
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return errBadBlob
	}
	b = b[k:]
	var id int64
	for i := uint64(0); i < n; i++ {
		d, k := binary.Uvarint(b)
		if k <= 0 {
			return errBadBlob
		}
		b = b[k:]
		l, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < l {
			return errBadBlob
		}
		b = b[k:]
		id += int64(d)
		fn(id, b[:l])
		b = b[l:]
	}
	return nil
}

// addToDirectory records creators created in the transaction q.
func (s *Store) addToDirectory(ctx context.Context, q querier, workspaceID int64, created map[string]int64) error {
	if len(created) == 0 {
		return nil
	}
	var old []byte
	err := q.QueryRowContext(ctx, `SELECT data FROM creator_directory WHERE workspace_id = $1`, workspaceID).Scan(&old)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: unable to read the creator directory: %w", err)
	}
	entries := make([]directoryEntry, 0, len(created))
	if err := decodeDirectory(old, func(id int64, u string) { entries = append(entries, directoryEntry{id, u}) }); err != nil {
		return err
	}
	for u, id := range created {
		entries = append(entries, directoryEntry{id, u})
	}
	slices.SortFunc(entries, func(a, b directoryEntry) int { return cmpInt64(a.id, b.id) })
	_, err = q.ExecContext(ctx, `INSERT INTO creator_directory (workspace_id, data) VALUES ($1, $2)
		ON CONFLICT (workspace_id) DO UPDATE SET data = excluded.data`, workspaceID, encodeDirectory(entries))
	if err != nil {
		return fmt.Errorf("store: unable to update the creator directory: %w", err)
	}
	return nil
}

// nameCreators calls name for every creator of the workspace's directory; username is valid
// during the call only, so a report allocates the names it uses and no others.
func (s *Store) nameCreators(ctx context.Context, workspaceID int64, name func(id int64, username []byte)) error {
	var data []byte
	err := s.read.QueryRowContext(ctx, `SELECT data FROM creator_directory WHERE workspace_id = $1`, workspaceID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: unable to read the creator directory: %w", err)
	}
	return decodeDirectoryBytes(data, name)
}
