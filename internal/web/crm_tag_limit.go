package web

import (
	"fmt"

	"github.com/creatorops/creatorops/internal/store"
)

// maxTagLen is the longest tag, in characters once normalized. The rule is the store's
// (store.CheckTag), which the API uses too: a creator's page, the add-creator form, the
// Directory's bulk bar and the API all accept the same tags.
const maxTagLen = store.MaxTagLen

// tagProblem says what is wrong with the first tag of tags that is too long, or "".
func tagProblem(field string, tags []string) string {
	for _, t := range tags {
		if err := store.CheckTag(field, t); err != nil {
			fe, _ := store.AsFieldError(err)
			return fmt.Sprintf("%s: tag %s %s.", field, quote(t), fe.Reason)
		}
	}
	return ""
}
