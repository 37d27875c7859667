package access

import "testing"

func TestCan(t *testing.T) {
	tests := []struct {
		role Role
		perm Permission
		want bool
	}{
		{Owner, ManageMembers, true},
		{Manager, ManageMembers, false},
		{Specialist, ViewData, true},
		{Specialist, ExportData, false},
		{Specialist, EditCreators, true},
		{Finance, ImportData, true},
		{Finance, EditCreators, false},
		{Viewer, ViewData, true},
		{Viewer, ExportData, false},
		{Owner, Permission("nope"), false},
		{Role("root"), ViewData, false},
	}
	for _, tt := range tests {
		if got := Can(tt.role, tt.perm); got != tt.want {
			t.Errorf("Can(%s, %s) = %v, want %v", tt.role, tt.perm, got, tt.want)
		}
	}
}

func TestOwnerHasEverything(t *testing.T) {
	for _, rule := range Matrix() {
		if !Can(Owner, rule.Permission) {
			t.Errorf("owner lacks %s", rule.Permission)
		}
	}
}

func TestAtMost(t *testing.T) {
	tests := []struct {
		r, by Role
		want  bool
	}{
		{Viewer, Owner, true},
		{Owner, Owner, true},
		{Owner, Manager, false},
		{Specialist, Manager, true},
		{Finance, Specialist, false},
		{Viewer, Viewer, true},
	}
	for _, tt := range tests {
		if got := AtMost(tt.r, tt.by); got != tt.want {
			t.Errorf("AtMost(%s, %s) = %v, want %v", tt.r, tt.by, got, tt.want)
		}
	}
}
