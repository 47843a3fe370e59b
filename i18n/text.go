// Package i18n holds the languages AI Sandbox speaks and the Text type that
// carries one piece of content in all of them.
//
// The interface and every piece of content exist in Kazakh, Russian and
// English. Packages that own content (datasets, activities, sandbox) write it
// as Text values; the web package picks the reader's language.
package i18n

import "strings"

// Lang is a supported language, named by its ISO 639-1 code.
type Lang string

// The supported languages.
const (
	KK Lang = "kk" // Kazakh
	RU Lang = "ru" // Russian
	EN Lang = "en" // English
)

// Default is the language used when none is asked for or the one asked for
// is not supported.
const Default = EN

// All lists the supported languages in the order the interface offers them.
var All = []Lang{KK, RU, EN}

// Parse returns the supported language named by s ("kk", "ru-RU", "EN"...),
// and false when s names none of them.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	for _, l := range All {
		if string(l) == s {
			return l, true
		}
	}
	return Default, false
}

// Text is one piece of content in every supported language.
type Text struct {
	KK string `json:"kk"`
	RU string `json:"ru"`
	EN string `json:"en"`
}

// In returns the text in language l, falling back to English when that
// translation is empty.
func (t Text) In(l Lang) string {
	var s string
	switch l {
	case KK:
		s = t.KK
	case RU:
		s = t.RU
	}
	if s == "" {
		return t.EN
	}
	return s
}

// Missing lists the languages whose translation is empty.
func (t Text) Missing() []Lang {
	var m []Lang
	for _, l := range All {
		var s string
		switch l {
		case KK:
			s = t.KK
		case RU:
			s = t.RU
		case EN:
			s = t.EN
		}
		if strings.TrimSpace(s) == "" {
			m = append(m, l)
		}
	}
	return m
}
