package web

import (
	"fmt"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/store"
)

// maxTagLen is the longest tag, in characters once normalized: the creator page, the add-creator
// form and the directory's bulk bar all allow the same, so a tag one form took another accepts
// too (they said 40, unchecked and 60 before).
const maxTagLen = 60

// tagProblem says what is wrong with the first tag of tags that is too long, or "".
func tagProblem(field string, tags []string) string {
	for _, t := range tags {
		if utf8.RuneCountInString(store.NormalizeTag(t)) > maxTagLen {
			return fmt.Sprintf("%s: tag %s is longer than %d characters.", field, quote(t), maxTagLen)
		}
	}
	return ""
}
