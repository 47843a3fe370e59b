package activities

import (
	"strings"

	"github.com/aisandbox/aisandbox/i18n"
)

// textField is one human text of an activity, with its JSON path.
type textField struct {
	path     string
	text     i18n.Text
	markup   bool // written in markup (ParseMarkup); otherwise one line of plain text
	optional bool // may be left out as a whole (then it is the zero Text)
}

// texts lists every human text of a, in file order.
func (a *Activity) texts() []textField {
	var ts []textField
	add := func(path string, t i18n.Text, markup bool) {
		ts = append(ts, textField{path: path, text: t, markup: markup})
	}
	addOpt := func(path string, t *i18n.Text, markup bool) {
		if t != nil {
			ts = append(ts, textField{path: path, text: *t, markup: markup, optional: true})
		}
	}
	add("title", a.Title, false)
	add("summary", a.Summary, false)
	for i, o := range a.Objectives {
		add(index("objectives", i), o, false)
	}
	for i := range a.Steps {
		s := &a.Steps[i]
		sp := index("steps", i)
		add(sp+".title", s.Title, false)
		add(sp+".instructions", s.Instructions, true)
		if c := s.Checkpoint; c != nil {
			cp := sp + ".checkpoint"
			add(cp+".question", c.Question, true)
			for j, o := range c.Options {
				add(index(cp+".options", j)+".text", o.Text, false)
			}
			addOpt(cp+".unit", c.Unit, false)
			for j, k := range c.Keywords {
				add(index(cp+".keywords", j), k, false)
			}
			add(cp+".explanation", c.Explanation, true)
		}
		for j, h := range s.Hints {
			add(index(sp+".hints", j), h, true)
		}
		addOpt(sp+".teacher_notes", s.TeacherNotes, true)
	}
	return ts
}

// Languages returns the languages in which every text of a is written
// (not blank), in the order of i18n.All.
func (a *Activity) Languages() []i18n.Lang {
	ts := a.texts()
	var ls []i18n.Lang
	for _, l := range i18n.All {
		complete := true
		for _, t := range ts {
			if strings.TrimSpace(textIn(t.text, l)) == "" {
				complete = false
				break
			}
		}
		if complete {
			ls = append(ls, l)
		}
	}
	return ls
}

// textIn returns t's text in l exactly, with no fallback to English.
func textIn(t i18n.Text, l i18n.Lang) string {
	switch l {
	case i18n.KK:
		return t.KK
	case i18n.RU:
		return t.RU
	}
	return t.EN
}

// languageNames names each language in every language, for messages.
var languageNames = map[i18n.Lang]i18n.Text{
	i18n.KK: {KK: "қазақша", RU: "казахский", EN: "Kazakh"},
	i18n.RU: {KK: "орысша", RU: "русский", EN: "Russian"},
	i18n.EN: {KK: "ағылшынша", RU: "английский", EN: "English"},
}
