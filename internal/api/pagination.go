package api

import (
	"encoding/base64"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
)

// PageParams are the cursor pagination parameters every list operation takes.
type PageParams struct {
	Cursor string `query:"cursor" doc:"Opaque cursor from the previous page's next_cursor; empty for the first page" maxLength:"200"`
	Limit  int    `query:"limit" doc:"Items per page" default:"50" minimum:"1" maximum:"500"`
}

// encodeCursor makes an opaque cursor out of a position key ("" stays "": no next page).
func encodeCursor(key string) string {
	if key == "" {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(key))
}

// decodeCursor reads a cursor back into its key; a cursor that was not made by encodeCursor is
// a 400, never a silent first page.
func decodeCursor(c string) (string, error) {
	if c == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) == 0 {
		return "", huma.Error400BadRequest("cursor " + c + " is not a cursor this API made: pass next_cursor from the previous page as is")
	}
	return string(b), nil
}

// decodeIDCursor reads a cursor that holds a positive id (or offset): 0 for no cursor, a 400
// naming the cursor for anything this list did not hand out.
func decodeIDCursor(c string) (int64, error) {
	key, err := decodeCursor(c)
	if err != nil || key == "" {
		return 0, err
	}
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil || id <= 0 {
		return 0, huma.Error400BadRequest("cursor " + c + " is not a cursor of this list: pass next_cursor from the previous page as is")
	}
	return id, nil
}
