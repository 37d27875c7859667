package store

import (
	"context"
	"strings"
	"testing"
)

// TestCheckTag: the limit counts characters of the normalized tag (spaces collapse into one
// dash, accents are one character each), and the error names the field and the tag.
func TestCheckTag(t *testing.T) {
	tests := []struct {
		name, tag string
		ok        bool
	}{
		{"empty", "", true},
		{"short", "vip", true},
		{"60 letters", strings.Repeat("a", 60), true},
		{"61 letters", strings.Repeat("a", 61), false},
		{"60 accented letters", strings.Repeat("é", 60), true},
		{"61 accented letters", strings.Repeat("é", 61), false},
		{"spaces collapse", "  " + strings.Repeat("a", 30) + "    " + strings.Repeat("b", 29) + "  ", true},
		{"61 after normalizing", strings.Repeat("a", 30) + " " + strings.Repeat("b", 30), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTag("tags", tt.tag)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckTag(%q) = %v, want ok %v", tt.tag, err, tt.ok)
			}
			if err != nil {
				fe, ok := AsFieldError(err)
				if !ok || fe.Field != "tags" || fe.Value != tt.tag || !strings.Contains(fe.Reason, "longer than 60 characters") {
					t.Errorf("error %#v should name the field and the tag", err)
				}
			}
		})
	}
	err := CheckTags("add", []string{"vip", strings.Repeat("x", 61), strings.Repeat("y", 70)})
	if fe, ok := AsFieldError(err); !ok || fe.Field != "add[1]" || fe.Value != strings.Repeat("x", 61) {
		t.Errorf("CheckTags should name the first long tag and its place: %v", err)
	}
	if err := CheckTags("add", []string{"vip", "q4 launch"}); err != nil {
		t.Errorf("good tags: %v", err)
	}
}

// TestStoreKeepsTheTagLimit: the store itself refuses a tag over the limit when it is added,
// whoever calls it (before touching the database: a removal is not checked).
func TestStoreKeepsTheTagLimit(t *testing.T) {
	long := strings.Repeat("z", MaxTagLen+1)
	s := &Store{}
	if _, err := s.UpdateTags(context.Background(), CLIActor, 1, []int64{1}, []string{long}, nil); err == nil {
		t.Error("UpdateTags added a tag over the limit")
	} else if fe, ok := AsFieldError(err); !ok || fe.Value != long {
		t.Errorf("UpdateTags: %v, want a field error naming the tag", err)
	}
	if _, err := s.AddCreator(context.Background(), CLIActor, 1, NewCreator{Username: "someone", Tags: []string{"ok", long}}); err == nil {
		t.Error("AddCreator stored a tag over the limit")
	} else if fe, ok := AsFieldError(err); !ok || fe.Field != "tags[1]" {
		t.Errorf("AddCreator: %v, want a field error for tags[1]", err)
	}
}
