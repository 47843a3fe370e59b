package activities

import (
	"fmt"
	"strings"

	"github.com/aisandbox/aisandbox/i18n"
)

// Problem is one thing wrong with an activity file, with its place: the
// file, the JSON path of the value at fault, and the line and column
// where that value (or, for a missing one, the nearest enclosing value
// that is there) is written.
type Problem struct {
	// File is the name the activity was parsed with; "" for one made in Go.
	File string `json:"file,omitempty"`
	// Path is the JSON path of the value at fault, such as
	// steps[2].checkpoint.options[1].text.kk, or settings["model.lr"] for a
	// key that is not a plain name; "" for the whole file.
	Path string `json:"path"`
	// Line and Column (both from 1; the column counts characters, not
	// bytes) locate the value in the file; 0 when it is not known.
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
	// Message says what is wrong and, where it can, how to put it right.
	Message i18n.Text `json:"message"`
}

// Place returns "file:line:column", leaving out what is not known.
func (p Problem) Place() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d:%d", p.Line, p.Column)
	}
	return s
}

// In returns the problem as one line in language l:
// "file:line:column: path: message".
func (p Problem) In(l i18n.Lang) string {
	var parts []string
	if pl := p.Place(); pl != "" {
		parts = append(parts, pl)
	}
	if p.Path != "" {
		parts = append(parts, p.Path)
	}
	parts = append(parts, p.Message.In(l))
	return strings.Join(parts, ": ")
}

// String returns the problem as one line in English.
func (p Problem) String() string { return p.In(i18n.EN) }

// Problems is a list of problems. As an error (Parse returns one) it says
// how many there are and what the first is; errors.As finds the list.
type Problems []Problem

func (ps Problems) Error() string {
	switch len(ps) {
	case 0:
		return "activities: no problems"
	case 1:
		return "activities: " + ps[0].String()
	}
	return fmt.Sprintf("activities: %d problems, the first: %s", len(ps), ps[0])
}

// msgf formats a message in every language: format holds one format
// string a language, and an i18n.Text among args is put in the same
// language.
func msgf(format i18n.Text, args ...any) i18n.Text {
	in := func(l i18n.Lang, f string) string {
		a := make([]any, len(args))
		for i, x := range args {
			if t, ok := x.(i18n.Text); ok {
				x = t.In(l)
			}
			a[i] = x
		}
		return fmt.Sprintf(f, a...)
	}
	return i18n.Text{KK: in(i18n.KK, format.KK), RU: in(i18n.RU, format.RU), EN: in(i18n.EN, format.EN)}
}
