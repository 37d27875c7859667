package outreach

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Template is a parsed message template: literal text and variables, ready to render many
// times. The zero value renders as the empty string.
type Template struct {
	source string
	parts  []part
}

// part is a run of literal text or one variable.
type part struct {
	text        string // literal text, or the variable's name
	variable    bool
	fallback    string
	hasFallback bool
}

// TemplateError is one problem in a template, where the editor can point at it.
type TemplateError struct {
	Line, Col int    // 1-based; Col counts characters, as a text area does
	Name      string // the variable or text at fault ("creator.frist_name", "{{")
	Msg       string // what is wrong and how to fix it
}

// Error reads "line 2:7: unknown variable "creator.frist_name" (did you mean creator.first_name?)".
func (e *TemplateError) Error() string {
	return fmt.Sprintf("line %d:%d: %s", e.Line, e.Col, e.Msg)
}

// TemplateErrors lists the problems in an error returned by ParseTemplate, in text order, for
// an editor that marks each one.
func TemplateErrors(err error) []*TemplateError {
	var out []*TemplateError
	var walk func(error)
	walk = func(err error) {
		if te, ok := err.(*TemplateError); ok {
			out = append(out, te)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

// ParseTemplate reads a template. Variables are written {{creator.first_name}}, optionally with
// a fallback used when the value is empty: {{creator.first_name | "there"}}. A quoted text in
// braces is written as is, so {{"{{"}} writes "{{". Spaces and tabs may surround names, bars
// and fallbacks; a tag does not continue past the end of its line. Every problem is reported
// (joined *TemplateError values, see TemplateErrors), not just the first.
func ParseTemplate(text string) (*Template, error) {
	p := parser{src: text, line: 1, col: 1}
	p.parse()
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return &Template{source: text, parts: p.parts}, nil
}

// MustParseTemplate is ParseTemplate for templates written in code; it panics on an error.
func MustParseTemplate(text string) *Template {
	t, err := ParseTemplate(text)
	if err != nil {
		panic(err)
	}
	return t
}

// Source is the text the template was parsed from.
func (t *Template) Source() string { return t.source }

// Names lists the variables the template uses, each once, in order of first use.
func (t *Template) Names() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range t.parts {
		if p.variable && !seen[p.text] {
			seen[p.text] = true
			out = append(out, p.text)
		}
	}
	return out
}

// Uses reports whether the template uses the variable: the engine appends an unsubscribe
// footer to an email whose template does not use links.unsubscribe.
func (t *Template) Uses(name string) bool {
	for _, p := range t.parts {
		if p.variable && p.text == name {
			return true
		}
	}
	return false
}

// Render writes the template with v. A variable with no value uses its fallback; without one
// it renders as nothing and is listed in missing (each name once, in order of first use): the
// engine does not send a message with missing variables.
func (t *Template) Render(v Vars) (out string, missing []string) {
	if t == nil {
		return "", nil
	}
	var b strings.Builder
	for _, p := range t.parts {
		switch {
		case !p.variable:
			b.WriteString(p.text)
		case v[p.text] != "":
			b.WriteString(v[p.text])
		case p.hasFallback:
			b.WriteString(p.fallback)
		default:
			if !contains(missing, p.text) {
				missing = append(missing, p.text)
			}
		}
	}
	return b.String(), missing
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parser walks the source once, tracking line and column for errors.
type parser struct {
	src       string
	i         int // byte offset of the next character
	line, col int // position of src[i]
	lit       strings.Builder
	parts     []part
	errs      []error
}

func (p *parser) parse() {
	for p.i < len(p.src) {
		if strings.HasPrefix(p.src[p.i:], "{{") {
			p.tag()
			continue
		}
		p.lit.WriteString(p.next())
	}
	p.flush()
}

// next consumes one character and returns it.
func (p *parser) next() string {
	_, n := utf8.DecodeRuneInString(p.src[p.i:])
	s := p.src[p.i : p.i+n]
	p.i += n
	if s == "\n" {
		p.line, p.col = p.line+1, 1
	} else {
		p.col++
	}
	return s
}

func (p *parser) peek() byte {
	if p.i < len(p.src) {
		return p.src[p.i]
	}
	return 0
}

func (p *parser) flush() {
	if p.lit.Len() > 0 {
		p.parts = append(p.parts, part{text: p.lit.String()})
		p.lit.Reset()
	}
}

func (p *parser) fail(line, col int, name, format string, args ...any) {
	p.errs = append(p.errs, &TemplateError{Line: line, Col: col, Name: name, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) spaces() {
	for c := p.peek(); c == ' ' || c == '\t'; c = p.peek() {
		p.next()
	}
}

// tag parses one {{…}} starting at p.i. On an error it reports it and skips to the tag's
// closing braces (or the end of the line), so the following text is still checked.
func (p *parser) tag() {
	line, col := p.line, p.col
	p.next()
	p.next()
	p.spaces()
	if p.peek() == '"' {
		s, ok := p.quoted(line, col)
		if !ok {
			p.recover()
			return
		}
		p.spaces()
		if !p.close(line, col, s) {
			return
		}
		p.lit.WriteString(s)
		return
	}
	nameLine, nameCol := p.line, p.col
	start := p.i
	for !p.atLineEnd() && !strings.ContainsRune(" \t}|{\"", rune(p.peek())) {
		p.next()
	}
	name := p.src[start:p.i]
	p.spaces()
	if name != "" && !validName(name) {
		p.fail(nameLine, nameCol, name, "%q is not a variable name; names look like creator.first_name", name)
		p.recover()
		return
	}
	if name == "" {
		switch {
		case p.atLineEnd():
			p.fail(line, col, "{{", "unclosed {{ before the end of the line: close it with }}, or write {{\"{{\"}} for literal braces")
		case p.peek() == '}' || p.peek() == '|':
			p.fail(line, col, "{{", "empty variable name in {{ }}; write a variable such as {{creator.first_name}}")
		default:
			bad := p.badText()
			p.fail(nameLine, nameCol, bad, "%q is not a variable name; names look like creator.first_name", bad)
		}
		p.recover()
		return
	}
	v := part{text: name, variable: true}
	if p.peek() == '|' {
		p.next()
		p.spaces()
		if p.peek() != '"' {
			bad := p.badText()
			p.fail(p.line, p.col, name, "the fallback of %s must be a quoted text, as in {{%s | \"there\"}}; found %q", name, name, bad)
			p.recover()
			return
		}
		s, ok := p.quoted(line, col)
		if !ok {
			p.recover()
			return
		}
		v.fallback, v.hasFallback = s, true
		p.spaces()
	}
	if !p.close(line, col, name) {
		return
	}
	if _, known := variableByName[name]; !known {
		msg := fmt.Sprintf("unknown variable %q", name)
		if s := suggest(name); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		p.fail(nameLine, nameCol, name, "%s", msg)
		return
	}
	p.flush()
	p.parts = append(p.parts, v)
}

// close expects "}}" and reports an unclosed tag at (line, col) otherwise.
func (p *parser) close(line, col int, name string) bool {
	if strings.HasPrefix(p.src[p.i:], "}}") {
		p.next()
		p.next()
		return true
	}
	if p.atLineEnd() {
		p.fail(line, col, name, "unclosed {{ before the end of the line: close it with }}, or write {{\"{{\"}} for literal braces")
		return false
	}
	bad := p.badText()
	p.fail(p.line, p.col, name, "unexpected %q after %s: expected }} or | \"fallback\"", bad, name)
	p.recover()
	return false
}

// quoted reads a double-quoted text; \" and \\ are the only escapes.
func (p *parser) quoted(line, col int) (string, bool) {
	qLine, qCol := p.line, p.col
	p.next()
	var b strings.Builder
	for {
		if p.atLineEnd() {
			p.fail(qLine, qCol, "\"", "unterminated quoted text in the {{ }} at line %d:%d: end it with \"", line, col)
			return "", false
		}
		c := p.next()
		switch c {
		case `"`:
			return b.String(), true
		case `\`:
			if e := p.peek(); e == '"' || e == '\\' {
				b.WriteString(p.next())
				continue
			}
		}
		b.WriteString(c)
	}
}

// recover skips to just after the next "}}" on this line, or to the end of the line.
func (p *parser) recover() {
	for !p.atLineEnd() {
		if strings.HasPrefix(p.src[p.i:], "}}") {
			p.next()
			p.next()
			return
		}
		p.next()
	}
}

func (p *parser) atLineEnd() bool { return p.i >= len(p.src) || p.src[p.i] == '\n' }

// badText is the text from here to the next space or brace, for an error message.
func (p *parser) badText() string {
	end := p.i
	for end < len(p.src) && end-p.i < 40 && !strings.ContainsRune(" \t\n{}|", rune(p.src[end])) {
		end++
	}
	if end == p.i {
		_, n := utf8.DecodeRuneInString(p.src[p.i:])
		end += n
	}
	s := p.src[p.i:end]
	for !utf8.ValidString(s) && len(s) > 0 {
		s = s[:len(s)-1]
	}
	return s
}

// validName is the shape of a variable name: ASCII letters, digits, '_' and '.'.
func validName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// suggest names the known variable closest to a misspelt one, if it is close enough to be
// what the author meant.
func suggest(name string) string {
	best, bestD := "", 4
	lower := strings.ToLower(name)
	for _, v := range Variables {
		if d := editDistance(lower, v.Name); d < bestD {
			best, bestD = v.Name, d
		}
	}
	if best == "" {
		// "first_name" for "creator.first_name": the right leaf under the wrong (or no) group.
		leaf := lower[strings.LastIndexByte(lower, '.')+1:]
		for _, v := range Variables {
			if strings.HasSuffix(v.Name, "."+leaf) {
				return v.Name
			}
		}
	}
	return best
}

// editDistance is the Levenshtein distance between two short ASCII names.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
