package datasets

// Counterfactual probes for text models
//
// A counterfactual probe asks: does the model's answer change when only a
// name changes? Each language has sentence templates in the style of its
// sentiment corpus ("{name} says the canteen soup was hot and really tasty
// today."), half of them positive in tone and half negative, and groups of
// names (women's and men's names of two name traditions). Filling one
// template with the k-th name of one group and then with the k-th name of
// another gives two sentences that differ in the name alone; a fair
// sentiment model gives both the same answer.
//
// The templates are written so that any name fits the slot without
// changing the rest of the sentence: the name is the subject, in the
// nominative, so Kazakh and Russian need no case ending on it; in Russian no
// past-tense verb or adjective agrees with it in gender; no pronoun refers
// to the person.
//
// The files are datasets/probes/probes-LANG.txt, embedded in the binary;
// their format is described in their headers and at parseProbes.

import (
	"embed"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/aisandbox/aisandbox/i18n"
)

// probeFiles holds the probe templates and names of every language. They
// live apart from corpora/, which holds the corpora LoadCorpus lists.
//
//go:embed probes/*.txt
var probeFiles embed.FS

// ProbeSlot is the slot of a probe template, where a filler goes.
const ProbeSlot = "{name}"

// ProbeSet holds the counterfactual probe templates of one language and the
// groups of fillers to put in their slot.
type ProbeSet struct {
	// Lang is the language of the templates and fillers.
	Lang i18n.Lang
	// Templates holds short sentences, each with exactly one ProbeSlot.
	Templates []string
	// Tones holds the tone the author meant for each template, in the
	// order of Templates: SentimentPositive or SentimentNegative. Half the
	// templates are positive.
	Tones []int
	// Groups holds the groups of fillers. Every group has as many fillers
	// as the others, so that the k-th fillers of two groups make a pair.
	Groups []ProbeGroup
}

// ProbeGroup is a group of fillers for the slot of the probe templates,
// e.g. Kazakh women's names.
type ProbeGroup struct {
	// Name identifies the group, the same in every language where it
	// exists: "kazakh_female", "kazakh_male", "russian_female",
	// "russian_male", "english_female" or "english_male".
	Name string
	// Title says how to show the group.
	Title i18n.Text
	// Fillers holds the group's fillers (given names), each a word or two
	// that fits the slot of every template as it is.
	Fillers []string
}

// ProbeText is one filled template.
type ProbeText struct {
	// Template is the index of the template in ProbeSet.Templates.
	Template int
	// Filler is what was put in the slot.
	Filler string
	// Text is the template with its slot filled.
	Text string
}

// probeGroupTitles names every group a probe file may hold; a file naming
// another group is refused.
var probeGroupTitles = map[string]i18n.Text{
	"kazakh_female":  {KK: "Қазақша әйел есімдері", RU: "Казахские женские имена", EN: "Kazakh women's names"},
	"kazakh_male":    {KK: "Қазақша ер есімдері", RU: "Казахские мужские имена", EN: "Kazakh men's names"},
	"russian_female": {KK: "Орысша әйел есімдері", RU: "Русские женские имена", EN: "Russian women's names"},
	"russian_male":   {KK: "Орысша ер есімдері", RU: "Русские мужские имена", EN: "Russian men's names"},
	"english_female": {KK: "Ағылшынша әйел есімдері", RU: "Английские женские имена", EN: "English women's names"},
	"english_male":   {KK: "Ағылшынша ер есімдері", RU: "Английские мужские имена", EN: "English men's names"},
}

// Probes returns the counterfactual probe templates and fillers of the
// language lang (kk, ru or en). Each call returns a new ProbeSet that the
// caller may change.
func Probes(lang i18n.Lang) (*ProbeSet, error) {
	switch lang {
	case i18n.KK, i18n.RU, i18n.EN:
	default:
		return nil, fmt.Errorf("datasets: no probe templates in language %q", lang)
	}
	name := "probes/probes-" + string(lang) + ".txt"
	data, err := probeFiles.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("datasets: reading probes: %w", err)
	}
	p, err := parseProbes(data)
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", name, err)
	}
	p.Lang = lang
	return p, nil
}

// parseProbes reads a probe file: UTF-8 text, one item a line, where a line
// whose first non-space character is "#" is a comment and blank lines are
// skipped. A line "[templates]" starts the templates, each "pos" or "neg",
// a tab, then a sentence with exactly one ProbeSlot; a line "[GROUP]" starts
// the fillers of group GROUP (one of probeGroupTitles), one a line. Every
// text is trimmed and normalised to Unicode NFC. It refuses a file with no
// templates, no group, a template without exactly one slot, groups of
// different sizes, or the same template or filler twice. Its errors name
// the 1-based line.
func parseProbes(data []byte) (*ProbeSet, error) {
	p := &ProbeSet{}
	section := ""                // "templates", a group's name, or "" before the first header
	seen := make(map[string]int) // text -> line it first appeared on
	for n, line := range items(data) {
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("line %d: the text is not valid UTF-8", n)
		}
		t := norm.NFC.String(strings.TrimSpace(line))
		if head, ok := strings.CutPrefix(t, "["); ok {
			name, ok := strings.CutSuffix(head, "]")
			if !ok {
				return nil, fmt.Errorf(`line %d: a header is "[templates]" or "[GROUP]", not %q`, n, clip(t))
			}
			if name != "templates" {
				title, known := probeGroupTitles[name]
				if !known {
					return nil, fmt.Errorf("line %d: unknown group %q", n, clip(name))
				}
				for _, g := range p.Groups {
					if g.Name == name {
						return nil, fmt.Errorf("line %d: group %q appears twice", n, name)
					}
				}
				p.Groups = append(p.Groups, ProbeGroup{Name: name, Title: title})
			}
			section = name
			continue
		}
		if section == "" {
			return nil, fmt.Errorf(`line %d: text before the first "[templates]" or "[GROUP]" header`, n)
		}
		text := t
		if section == "templates" {
			tag, rest, ok := strings.Cut(t, "\t")
			if !ok {
				return nil, fmt.Errorf(`line %d: want "pos" or "neg", a tab, then the template`, n)
			}
			switch strings.TrimSpace(tag) {
			case "pos":
				p.Tones = append(p.Tones, SentimentPositive)
			case "neg":
				p.Tones = append(p.Tones, SentimentNegative)
			default:
				return nil, fmt.Errorf(`line %d: the tone %q is neither "pos" nor "neg"`, n, clip(tag))
			}
			text = strings.TrimSpace(rest)
			if c := strings.Count(text, ProbeSlot); c != 1 {
				return nil, fmt.Errorf("line %d: the template has %d slots %s, want exactly 1", n, c, ProbeSlot)
			}
			if strings.Count(text, "{") != 1 || strings.Count(text, "}") != 1 {
				return nil, fmt.Errorf("line %d: the template has a brace outside its slot %s", n, ProbeSlot)
			}
		} else if strings.ContainsAny(text, "{}") {
			return nil, fmt.Errorf("line %d: the filler %q holds a brace", n, clip(text))
		}
		if text == "" {
			return nil, fmt.Errorf("line %d: the text is empty", n)
		}
		if strings.ContainsFunc(text, unicode.IsControl) {
			return nil, fmt.Errorf("line %d: the text holds a tab or another control character", n)
		}
		if first, dup := seen[text]; dup {
			return nil, fmt.Errorf("line %d repeats line %d: %q", n, first, clip(text))
		}
		seen[text] = n
		if section == "templates" {
			p.Templates = append(p.Templates, text)
		} else {
			g := &p.Groups[len(p.Groups)-1]
			g.Fillers = append(g.Fillers, text)
		}
	}
	if len(p.Templates) == 0 {
		return nil, errors.New("the file holds no templates")
	}
	if len(p.Groups) == 0 {
		return nil, errors.New("the file holds no group of fillers")
	}
	for _, g := range p.Groups {
		if len(g.Fillers) == 0 || len(g.Fillers) != len(p.Groups[0].Fillers) {
			return nil, fmt.Errorf("group %q has %d fillers and group %q has %d: every group needs the same number, at least 1",
				g.Name, len(g.Fillers), p.Groups[0].Name, len(p.Groups[0].Fillers))
		}
	}
	return p, nil
}

// Group returns the index in Groups of the group with the given name, and
// false when p has none.
func (p *ProbeSet) Group(name string) (int, bool) {
	for i, g := range p.Groups {
		if g.Name == name {
			return i, true
		}
	}
	return 0, false
}

// Fill returns every template filled with every filler of group g, template
// by template and, within a template, in the order of the group's fillers:
// len(Templates)·len(Fillers) texts. Since all groups have the same number
// of fillers, Fill(g)[k] and Fill(h)[k] are the same template with the
// k-th filler of each group. It returns nil when g is out of range.
func (p *ProbeSet) Fill(g int) []ProbeText {
	if g < 0 || g >= len(p.Groups) {
		return nil
	}
	fillers := p.Groups[g].Fillers
	out := make([]ProbeText, 0, len(p.Templates)*len(fillers))
	for i, tmpl := range p.Templates {
		for _, f := range fillers {
			out = append(out, ProbeText{Template: i, Filler: f, Text: strings.Replace(tmpl, ProbeSlot, f, 1)})
		}
	}
	return out
}
