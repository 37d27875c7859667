package api

import (
	"github.com/creatorops/creatorops/internal/store"
)

// tagInvalid is the 422 of a tag store.CheckTag refused: the problem's location is the tag's
// place in the body (body.tags[2]) and its message names the tag, as the web pages do.
func tagInvalid(err error) error {
	fe, ok := store.AsFieldError(err)
	if !ok {
		return err
	}
	return invalid(fe.Field, fe.Value, fe.Reason)
}
