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
	// GroupValue is one group of the data: {"attribute": NAME, "value":
	// VALUE}, an attribute of Groups and one of its values.
	GroupValue ValueType = "group"
)

// Range is what values a setting takes.
type Range struct {
	Type           ValueType
	Min, Max       float64  // the numbers allowed (IntValue, FloatValue, IntsValue)
	MinLen, MaxLen int      // the lengths allowed: items of a list or object, characters of a text
	Choices        []string // the strings allowed (ChoiceValue, StringsValue)
	// Groups, for GroupValue, maps each attribute (group column) allowed
	// to the values it takes, e.g. {"island": ["Biscoe", "Dream",
	// "Torgersen"]}. A nil map allows any attribute, and an attribute
	// with nil values any value: only the form of the group is checked.
	Groups map[string][]string
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
	case GroupValue:
		return r.checkGroup(v)
	default:
		return msgf(i18n.Text{
			KK: "каталог бұл баптаудың түрін білмейді: %s",
			RU: "каталог не знает такого вида настройки: %s",
			EN: "the catalog gives this setting an unknown type: %s",
		}, string(r.Type)), true
	}
	return i18n.Text{}, false
}

// checkGroup reports what is wrong with v as a GroupValue of r.
func (r Range) checkGroup(v any) (i18n.Text, bool) {
	m, ok := v.(map[string]any)
	attr, ok1 := m["attribute"].(string)
	val, ok2 := m["value"].(string)
	if !ok || len(m) != 2 || !ok1 || !ok2 || attr == "" || val == "" {
		return msgf(i18n.Text{KK: "мұнда %s болуы керек", RU: "здесь ожидается %s", EN: "this should be %s"}, wantGroup), true
	}
	if r.Groups == nil {
		return i18n.Text{}, false
	}
	values, ok := r.Groups[attr]
	switch {
	case len(r.Groups) == 0:
		return msgNoGroups, true
	case !ok:
		return msgf(i18n.Text{
			KK: "деректерде «%s» деген топ бағаны жоқ: мыналардың бірі болсын: %s",
			RU: "в данных нет столбца групп «%s»: нужно одно из значений: %s",
			EN: "the data has no group column %q: it should be one of %s",
		}, attr, strings.Join(slices.Sorted(maps.Keys(r.Groups)), ", ")), true
	case values != nil && !slices.Contains(values, val):
		return msgf(i18n.Text{
			KK: "«%s» бағанында «%s» деген топ жоқ: мыналардың бірі болсын: %s",
			RU: "в столбце «%s» нет группы «%s»: нужно одно из значений: %s",
			EN: "the column %q has no group %q: it should be one of %s",
		}, attr, val, strings.Join(values, ", ")), true
	}
	return i18n.Text{}, false
}

// wantGroup is what a group setting takes.
var wantGroup = i18n.Text{
	KK: `{"attribute": …, "value": …} нысаны: топ бағаны мен оның бір мәні, мысалы {"attribute": "island", "value": "Dream"}`,
	RU: `объект {"attribute": …, "value": …}: столбец групп и одно его значение, например {"attribute": "island", "value": "Dream"}`,
	EN: `an object {"attribute": …, "value": …}: a group column and one of its values, such as {"attribute": "island", "value": "Dream"}`,
}

// msgNoGroups says that a dataset has no group columns.
var msgNoGroups = i18n.Text{
	KK: "бұл деректер жиынында топ бағандары жоқ (мысалы, hiring немесе penguins жиынында бар)",
	RU: "в этом наборе данных нет столбцов групп (они есть, например, в hiring и penguins)",
	EN: "this dataset has no group columns (hiring and penguins, for example, have them)",
}

// wantText is what a text setting takes.
var wantText = i18n.Text{
	KK: `тырнақшадағы мәтін немесе әр тілдегі мәтіні бар {"kk": …, "ru": …, "en": …} нысаны`,
	RU: `текст в кавычках или объект {"kk": …, "ru": …, "en": …} с текстом на каждом языке`,
	EN: `a text in quotes, or an object {"kk": …, "ru": …, "en": …} with the text in every language`,
}

// Column kinds: what the names of a panel setting's value stand for,
// checked against the step's dataset when the catalog can tell its
// columns.
const (
	noColumns      = iota
	attributeName  // the value names a group column (attribute)
	featureName    // the value names a feature column
	featureNumbers // the value's keys name feature columns
)

// panelSettings are the settings a panel owns rather than training: their
// ranges are those the server accepts (web/protocol.go, web/evaluate.go,
// docs/protocol.md); columns says what the names in a value stand for.
var panelSettings = map[string]struct {
	panel   Panel
	r       Range
	columns int
}{
	"tokenizer.text":       {PanelTokenizer, Range{Type: TextValue, MinLen: 1, MaxLen: 2000}, noColumns},
	"autograd.expression":  {PanelAutograd, Range{Type: TextValue, MinLen: 1, MaxLen: 200}, noColumns},
	"autograd.values":      {PanelAutograd, Range{Type: NumbersValue, MinLen: 1, MaxLen: 20}, noColumns},
	"autograd.params":      {PanelAutograd, Range{Type: StringsValue, MinLen: 0, MaxLen: 20}, noColumns},
	"autograd.lr":          {PanelAutograd, Range{Type: FloatValue, Min: 0.0001, Max: 10}, noColumns}, // the page's box takes 0.0001 to 10
	"generate.prompt":      {PanelGenerate, Range{Type: TextValue, MinLen: 0, MaxLen: 200}, noColumns},
	"generate.temperature": {PanelGenerate, Range{Type: FloatValue, Min: 0, Max: 2}, noColumns},
	"generate.top_k":       {PanelGenerate, Range{Type: IntValue, Min: 0, Max: 50}, noColumns},
	"generate.length":      {PanelGenerate, Range{Type: IntValue, Min: 1, Max: 200}, noColumns},
	"generate.count":       {PanelGenerate, Range{Type: IntValue, Min: 1, Max: 10}, noColumns},
	// The groups panel: score by one attribute, decide at one threshold.
	"groups.by":        {PanelGroups, Range{Type: ChoiceValue}, attributeName},
	"groups.threshold": {PanelGroups, Range{Type: FloatValue, Min: 0, Max: 1}, noColumns},
	// The probe panel: the kind of probe and what it changes. reach is
	// sandbox.ProbeSpec's, 0 (the default, half the range) to 10 times
	// the training range; fixed holds at most 32 features (web/evaluate.go).
	"probe.kind":      {PanelProbe, Range{Type: ChoiceValue, Choices: []string{"attribute", "text", "background", "extrapolate"}}, noColumns},
	"probe.attribute": {PanelProbe, Range{Type: ChoiceValue}, attributeName},
	"probe.proxy":     {PanelProbe, Range{Type: ChoiceValue}, featureName},
	"probe.feature":   {PanelProbe, Range{Type: ChoiceValue}, featureName},
	"probe.reach":     {PanelProbe, Range{Type: FloatValue, Min: 0, Max: 10}, noColumns},
	"probe.fixed":     {PanelProbe, Range{Type: NumbersValue, MinLen: 1, MaxLen: 32}, featureNumbers},
}

// PanelSetting returns the panel that owns the setting key and the values
// it takes, for the keys that belong to a panel rather than to training:
// tokenizer.text; autograd.expression, autograd.values (name → number),
// autograd.params (the names a step may change), autograd.lr;
// generate.prompt, generate.temperature, generate.top_k, generate.length,
// generate.count; groups.by (an attribute), groups.threshold; probe.kind,
// probe.attribute, probe.proxy and probe.feature (a column's name),
// probe.reach, probe.fixed (feature → number). The names of columns are
// any strings in the Range returned: Validate checks them against the
// step's dataset. It reports false for any other key.
func PanelSetting(key string) (Panel, Range, bool) {
	s, ok := panelSettings[key]
	if !ok {
		return "", Range{}, false
	}
	r := s.r
	r.Choices = slices.Clone(r.Choices)
	return s.panel, r, true
}
