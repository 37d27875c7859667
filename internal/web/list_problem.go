package web

import "html/template"

// listProblem is why a list page could not use its query string: the parameter at fault and
// a message naming it and its value. A list answers a bad filter with its own page (status
// 400), the filter form filled as typed and the field marked, rather than the bare error
// page: the user corrects one field instead of finding the list again.
type listProblem struct {
	Field    string // the query parameter at fault, as the form names it
	Message  string // "" when the query is fine
	ClearURL string // the list without its filters
	// Way is what to do when the parameter has no form field to correct (a tab chose it):
	// "Pick one of the status tabs above." It replaces "Correct the marked field…".
	Way string
}

// problemAt is the problem of the parameter field, with message; clearURL is the list
// without filters, offered as the way out.
func problemAt(field, message, clearURL string) listProblem {
	return listProblem{Field: field, Message: message, ClearURL: clearURL}
}

// On reports whether name is the parameter at fault.
func (p listProblem) On(name string) bool { return p.Message != "" && p.Field == name }

// Mark is the attributes that mark the form field name as the one at fault (nothing for the
// others), tying it to the message for screen readers: {{.Problem.Mark "from"}} inside a tag.
func (p listProblem) Mark(name string) template.HTMLAttr {
	if !p.On(name) {
		return ""
	}
	return `aria-invalid="true" aria-describedby="list-problem"`
}

// Paging reports whether the fault is in the paging parameters, which the list's own links
// write: the way out is the first page, not another filter.
func (p listProblem) Paging() bool {
	switch p.Field {
	case "after", "before", "page", "offset":
		return true
	}
	return false
}
