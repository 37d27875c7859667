package store

import (
	"fmt"
	"unicode/utf8"
)

// MaxTagLen is the longest tag, in characters once normalized (NormalizeTag). The web pages
// (a creator's page, the add-creator form, the Directory's bulk bar) and the API (creator
// create, a creator's tags, bulk tag_add) all check tags with CheckTag, so a tag one way in
// accepts the others accept too.
const MaxTagLen = 60

// CheckTag checks one tag as given: nil, or a *FieldError for field naming the tag as given.
// An empty tag passes: callers drop those, or say that a tag is missing in their own words.
func CheckTag(field, tag string) error {
	if utf8.RuneCountInString(NormalizeTag(tag)) > MaxTagLen {
		return &FieldError{Field: field, Value: tag, Reason: fmt.Sprintf("is longer than %d characters", MaxTagLen)}
	}
	return nil
}

// CheckTags checks tags with CheckTag; the error names the first that fails, and its field is
// field[i], the tag's place in the list.
func CheckTags(field string, tags []string) error {
	for i, t := range tags {
		if err := CheckTag(fmt.Sprintf("%s[%d]", field, i), t); err != nil {
			return err
		}
	}
	return nil
}
