package activities

import (
	"maps"
	"slices"
	"strings"

	"github.com/aisandbox/aisandbox/i18n"
)

// ValueType is the kind of value a setting takes.
type ValueType string

// The value types.
const (
	IntValue     ValueType = "int"     // a whole number in [Min, Max]
	FloatValue   ValueType = "float"   // a number in [Min, Max]
	ChoiceValue  ValueType = "choice"  // a string, one of Choices
	IntsValue    ValueType = "ints"    // a list of MinLen..MaxLen whole numbers, each in [Min, Max]
	TextValue    ValueType = "text"    // a string of MinLen..MaxLen characters, or {"kk", "ru", "en"} of such strings
	StringsValue ValueType = "strings" // a list of MinLen..MaxLen strings, each one of Choices when there are Choices
	NumbersValue ValueType = "numbers" // an object of MinLen..MaxLen names, each with a number
)

// Range is what values a setting takes.
type Range struct {
	Type           ValueType
	Min, Max       float64  // the numbers allowed (IntValue, FloatValue, IntsValue)
	MinLen, MaxLen int      // the lengths allowed: items of a list or object, characters of a text
	Choices        []string // the strings allowed (ChoiceValue, StringsValue)
}

// check reports what is wrong with v, a value decoded from JSON, for r.
func (r Range) check(v any) (i18n.Text, bool) {
	bad := func(want i18n.Text) (i18n.Text, bool) {
		return msgf(i18n.Text{KK: "мұнда %s болуы керек", RU: "здесь ожидается %s", EN: "this should be %s"}, want), true
	}
	number := func(x any, whole bool) (i18n.Text, bool) {
		f, ok := x.(float64)
		if !ok || whole && f != float64(int64(f)) {
			if whole {
				return bad(wantInt)
			}
			return bad(wantNumber)
		}
		if f < r.Min || f > r.Max {
			return msgf(i18n.Text{
				KK: "%g болмайды: ең азы %g, ең көбі %g болсын",
				RU: "%g не подходит: нужно от %g до %g",
				EN: "%g is out of range: it should be from %g to %g",
			}, f, r.Min, r.Max), true
		}
		return i18n.Text{}, false
	}
	length := func(n int) (i18n.Text, bool) {
		if n < r.MinLen || n > r.MaxLen {
			return msgf(i18n.Text{
				KK: "ұзындығы %d, ал ең азы %d, ең көбі %d болсын",
				RU: "длина %d, а нужно от %d до %d",
				EN: "the length is %d; it should be from %d to %d",
			}, n, r.MinLen, r.MaxLen), true
		}
		return i18n.Text{}, false
	}
	choice := func(x any) (i18n.Text, bool) {
		s, ok := x.(string)
		if !ok {
			return bad(wantString)
		}
		if r.Choices != nil && !slices.Contains(r.Choices, s) {
			return msgf(i18n.Text{
				KK: "«%s» болмайды: мыналардың бірі болсын: %s",
				RU: "«%s» не подходит: нужно одно из значений: %s",
				EN: "%q is not allowed: it should be one of %s",
			}, s, strings.Join(r.Choices, ", ")), true
		}
		return i18n.Text{}, false
	}
	switch r.Type {
	case IntValue:
		return number(v, true)
	case FloatValue:
		return number(v, false)
	case ChoiceValue:
		return choice(v)
	case TextValue:
		if s, ok := v.(string); ok {
			return length(len([]rune(s)))
		}
		// Or the text in every language: {"kk": …, "ru": …, "en": …}.
		m, ok := v.(map[string]any)
		if !ok || len(m) != len(i18n.All) {
			return bad(wantText)
		}
		for _, l := range i18n.All {
			s, ok := m[string(l)].(string)
			if !ok {
				return bad(wantText)
			}
			if msg, bad := length(len([]rune(s))); bad {
				return msgf(i18n.Text{KK: "%s: %s", RU: "%s: %s", EN: "%s: %s"}, string(l), msg), true
			}
		}
	case IntsValue, StringsValue:
		xs, ok := v.([]any)
		if !ok {
			return bad(wantList)
		}
		if msg, bad := length(len(xs)); bad {
			return msg, true
		}
		for i, x := range xs {
			var msg i18n.Text
			var wrong bool
			if r.Type == IntsValue {
				msg, wrong = number(x, true)
			} else {
				msg, wrong = choice(x)
			}
			if wrong {
				return msgf(i18n.Text{KK: "%d-элемент: %s", RU: "элемент %d: %s", EN: "item %d: %s"}, i+1, msg), true
			}
		}
	case NumbersValue:
		m, ok := v.(map[string]any)
		if !ok {
			return bad(wantObject)
		}
		if msg, bad := length(len(m)); bad {
			return msg, true
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if _, ok := m[k].(float64); !ok {
				return msgf(i18n.Text{KK: "«%s»: %s", RU: "«%s»: %s", EN: "%q: %s"}, k, msgf(i18n.Text{
					KK: "мұнда %s болуы керек", RU: "здесь ожидается %s", EN: "this should be %s"}, wantNumber)), true
			}
		}
	default:
		return msgf(i18n.Text{
			KK: "каталог бұл баптаудың түрін білмейді: %s",
			RU: "каталог не знает такого вида настройки: %s",
			EN: "the catalog gives this setting an unknown type: %s",
		}, string(r.Type)), true
	}
	return i18n.Text{}, false
}

// wantText is what a text setting takes.
var wantText = i18n.Text{
	KK: `тырнақшадағы мәтін немесе әр тілдегі мәтіні бар {"kk": …, "ru": …, "en": …} нысаны`,
	RU: `текст в кавычках или объект {"kk": …, "ru": …, "en": …} с текстом на каждом языке`,
	EN: `a text in quotes, or an object {"kk": …, "ru": …, "en": …} with the text in every language`,
}

// panelSettings are the settings a panel owns rather than training: their
// ranges are those the server accepts (web/protocol.go, docs/protocol.md).
var panelSettings = map[string]struct {
	panel Panel
	r     Range
}{
	"tokenizer.text":       {PanelTokenizer, Range{Type: TextValue, MinLen: 1, MaxLen: 2000}},
	"autograd.expression":  {PanelAutograd, Range{Type: TextValue, MinLen: 1, MaxLen: 200}},
	"autograd.values":      {PanelAutograd, Range{Type: NumbersValue, MinLen: 1, MaxLen: 20}},
	"autograd.params":      {PanelAutograd, Range{Type: StringsValue, MinLen: 0, MaxLen: 20}},
	"autograd.lr":          {PanelAutograd, Range{Type: FloatValue, Min: 0.0001, Max: 10}}, // the page's box takes 0.0001 to 10
	"generate.prompt":      {PanelGenerate, Range{Type: TextValue, MinLen: 0, MaxLen: 200}},
	"generate.temperature": {PanelGenerate, Range{Type: FloatValue, Min: 0, Max: 2}},
	"generate.top_k":       {PanelGenerate, Range{Type: IntValue, Min: 0, Max: 50}},
	"generate.length":      {PanelGenerate, Range{Type: IntValue, Min: 1, Max: 200}},
	"generate.count":       {PanelGenerate, Range{Type: IntValue, Min: 1, Max: 10}},
}

// PanelSetting returns the panel that owns the setting key and the values
// it takes, for the keys that belong to a panel rather than to training:
// tokenizer.text; autograd.expression, autograd.values (name → number),
// autograd.params (the names a step may change), autograd.lr;
// generate.prompt, generate.temperature, generate.top_k, generate.length,
// generate.count. It reports false for any other key.
func PanelSetting(key string) (Panel, Range, bool) {
	s, ok := panelSettings[key]
	if !ok {
		return "", Range{}, false
	}
	r := s.r
	r.Choices = slices.Clone(r.Choices)
	return s.panel, r, true
}
